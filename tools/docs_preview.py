"""Preview the documentation site without Quarto: `python tools/docs_preview.py OUT_DIR`.

Runs `nbdev_proc_nbs` (the same processing `nbdev_docs` does before Quarto renders), then renders every processed
notebook in `_proc/` to one HTML page with pandoc (from the `pypandoc-binary` wheel): the front matter's title and
description on top, a sidebar in the order of `nbs/sidebar.yml`, a table of contents, code cells with their outputs
(pictures, audio players and other HTML as the notebook holds them), cells marked `echo: false` without their source
and `hide`/`include: false` cells left out, as Quarto would. Links to the published site and to notebooks point at the
local pages. Prints the number of pages (and pandoc's warnings), nothing of nbdev's own output (Quarto is never
installed or needed). `--no-proc` renders the `_proc/` already there.
"""
import argparse, base64, html, json, re, shutil, subprocess, sys, tempfile, time
from pathlib import Path

root = Path(__file__).resolve().parent.parent
DOCS_FILE_RE = r'\.(?:ipynb|qmd|html)$'   # what `nbdev_docs` lists in the sidebar (nbdev_proc_nbs alone lists every file)

PROC_NBS = ('import nbdev.quarto as q; q._ensure_quarto = lambda: None; q.nbdev_proc_nbs()')   # no Quarto needed: never install it

def proc_nbs():
    "Run `nbdev_proc_nbs` with the sidebar file filter `nbdev_docs` uses, so `nbs/sidebar.yml` comes out as Quarto's; quietly."
    r = subprocess.run([sys.executable, '-c', PROC_NBS, '--file_re', DOCS_FILE_RE], cwd=root, capture_output=True, text=True)
    if r.returncode:
        lines = (r.stderr or r.stdout).strip().splitlines()
        err = [i for i, l in enumerate(lines) if re.match(r'[\w.]*(Error|Exception)\b.*:', l)]   # the exception, then its detail
        sys.exit(f"docs preview: nbdev_proc_nbs failed (exit {r.returncode}):\n" + '\n'.join(lines[err[-1]:][:12] if err else lines[-12:]))

def cell_options(src):
    "The `#| key: value` options at the top of a cell's source, and the source without them."
    opts, lines = {}, src.splitlines()
    i = 0
    while i < len(lines) and (lines[i].startswith('#|') or not lines[i].strip()):
        m = re.match(r'#\|\s*([\w-]+)\s*(?::\s*(.*))?$', lines[i])
        if m: opts[m.group(1)] = (m.group(2) or 'true').strip().strip('"\'').lower()
        i += 1
    return opts, '\n'.join(lines[i:])

def off(opts, key): return opts.get(key) in ('false', 'no', '0')

def fence(code, lang=''):
    "`code` in a fenced block whose fence is longer than any backtick run inside."
    n = max([3] + [len(m) + 1 for m in re.findall(r'`{3,}', code)])
    return f"{'`' * n}{lang}\n{code}\n{'`' * n}"

def text(x): return ''.join(x) if isinstance(x, list) else x

class Page:
    "One processed notebook as pandoc markdown, with its rich outputs kept aside (pandoc never parses them)."
    def __init__(self, path):
        self.path, self.nb = path, json.loads(path.read_text())
        self.meta, self.parts, self.raw = {}, [], []
        self.n_images = self.n_audio = 0
        for cell in self.nb['cells']: self.add(cell)
        self.title = str(self.meta.get('title', path.stem))
        self.out = self.meta.get('output-file') or re.sub(r'^\d+[a-z]?_', '', path.stem) + '.html'

    def keep_html(self, h):
        "A placeholder for raw HTML `h`, put back after pandoc."
        self.raw.append(h)
        self.parts.append(fence(f'<!--nd-raw:{len(self.raw) - 1}-->', '{=html}'))

    def add(self, cell):
        src = text(cell['source'])
        if cell['cell_type'] == 'raw':
            m = re.match(r'\s*---\n(.*?)\n---', src, flags=re.S)
            if m and not self.meta:
                import yaml
                self.meta = yaml.safe_load(m.group(1)) or {}
            return
        if cell['cell_type'] == 'markdown':
            self.parts.append(src); return
        opts, code = cell_options(src)
        if 'hide' in opts or off(opts, 'include'): return
        self.parts.append('::: {.cell}')
        if code.strip() and not off(opts, 'echo'): self.parts.append(fence(code, 'python'))
        if not off(opts, 'output'):
            for o in cell.get('outputs', []): self.add_output(o)
        self.parts.append(':::')

    def add_output(self, o):
        kind = o['output_type']
        if kind == 'stream':
            cls = 'cell-output-stderr' if o.get('name') == 'stderr' else 'cell-output-stdout'
            return self.keep_html(f'<div class="cell-output {cls}"><pre>{html.escape(text(o["text"]))}</pre></div>')
        if kind == 'error':
            tb = re.sub(r'\x1b\[[0-9;]*m', '', '\n'.join(o.get('traceback', [])))
            return self.keep_html(f'<div class="cell-output cell-output-error"><pre>{html.escape(tb)}</pre></div>')
        d = o.get('data', {})
        if 'text/html' in d:
            h = text(d['text/html']); self.n_audio += h.count('<audio')
            return self.keep_html(f'<div class="cell-output cell-output-display">{h}</div>')
        for mime in ('image/png', 'image/jpeg', 'image/gif'):
            if mime in d:
                self.n_images += 1
                b64 = re.sub(r'\s', '', text(d[mime]))
                return self.keep_html(f'<div class="cell-output cell-output-display"><img src="data:{mime};base64,{b64}"></div>')
        if 'image/svg+xml' in d:
            self.n_images += 1
            return self.keep_html(f'<div class="cell-output cell-output-display">{text(d["image/svg+xml"])}</div>')
        if 'text/markdown' in d:
            self.parts.append(text(d['text/markdown'])); return
        if 'text/latex' in d:
            self.parts.append(text(d['text/latex'])); return
        if 'text/plain' in d:
            return self.keep_html(f'<div class="cell-output"><pre>{html.escape(text(d["text/plain"]))}</pre></div>')

    def markdown(self): return '\n\n'.join(self.parts) + '\n'

TEMPLATE = """$if(highlighting-css)$<style>$highlighting-css$</style>$endif$
<!--nd:toc-->
$if(toc)$$table-of-contents$$endif$
<!--nd:body-->
$body$
"""

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>@@title@@ – @@site@@</title>
<link rel="stylesheet" href="styles.css">
@@head@@
<style>@@css@@</style></head>
<body><div class="nd-layout">
<nav class="nd-sidebar"><a class="nd-site" href="index.html">@@site@@</a>
@@sidebar@@
</nav>
<main class="nd-content"><header><h1 class="title">@@title@@</h1>@@description@@</header>
@@body@@
</main>
<aside class="nd-toc">@@toc@@</aside>
</div></body></html>
"""

CSS = """
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#212529}
.nd-layout{display:grid;grid-template-columns:15rem minmax(0,1fr) 14rem;gap:2rem;max-width:96rem;margin:0 auto}
.nd-sidebar,.nd-toc{position:sticky;top:0;align-self:start;max-height:100vh;overflow-y:auto;padding:1rem 0;font-size:.9rem}
.nd-sidebar{padding-left:1rem}.nd-sidebar ul,.nd-toc ul{list-style:none;padding-left:.8rem;margin:.2rem 0}
.nd-sidebar>ul{padding-left:0}.nd-sidebar a,.nd-toc a{color:#495057;text-decoration:none}
.nd-sidebar a.active{color:#2780e3;font-weight:600}.nd-site{display:block;font-weight:700;font-size:1.1rem;margin-bottom:.8rem}
.nd-section{font-weight:600;margin-top:.6rem}.nd-toc>nav>ul{padding-left:0;border-left:1px solid #dee2e6}
.nd-content{padding:1rem 0 4rem}.nd-content img{max-width:100%}
pre{background:#f8f9fa;padding:.6rem;overflow-x:auto;border-radius:4px;font-size:.85rem}
code{font-size:.875em;color:#7d12ba}pre code{color:inherit}
.cell-output pre{background:none;border-left:2px solid lightsalmon;border-radius:0;margin:0 0 .5rem .8rem}
.cell-output-stderr pre{color:#6c757d}.cell-output-error pre{border-left-color:#dc3545}
.cell-output audio{display:block;margin:.3rem 0}
table{border-collapse:collapse}td,th{border:1px solid #dee2e6;padding:.2rem .5rem}
[class^="callout"]{border-left:4px solid #2780e3;background:#f3f8fd;padding:.4rem .9rem;margin:1rem 0}
.callout-warning{border-left-color:#ff7518}.callout-important{border-left-color:#dc3545}.callout-tip{border-left-color:#3fb618}
@media (max-width:70rem){.nd-layout{grid-template-columns:13rem minmax(0,1fr)}.nd-toc{display:none}}
"""

def sidebar_entries(path):
    "The sidebar of `nbs/sidebar.yml` as a nested list: file names and (section, entries) pairs."
    import yaml
    def walk(items):
        res = []
        for it in items or []:
            if isinstance(it, str): res.append(it)
            elif isinstance(it, dict) and 'section' in it: res.append((it['section'], walk(it.get('contents')), it.get('href')))
            elif isinstance(it, dict) and 'href' in it: res.append(it['href'])
        return res
    return walk((yaml.safe_load(path.read_text()) or {}).get('website', {}).get('sidebar', {}).get('contents'))

def flat(entries):
    for e in entries:
        if isinstance(e, str): yield e
        else:
            if e[2]: yield e[2]
            yield from flat(e[1])

def sidebar_html(entries, pages, current):
    "Nested lists of links to the rendered pages; files that are not pages (yml, css) are left out."
    items = []
    for e in entries:
        if isinstance(e, str):
            p = pages.get(e)
            active = ' class="active"' if p is current else ''
            if p: items.append(f'<li><a href="{p.out}"{active}>{html.escape(p.title)}</a></li>')
        else:
            inner = sidebar_html(e[1], pages, current)
            head = html.escape(str(e[0]))
            if e[2] and pages.get(e[2]): head = f'<a href="{pages[e[2]].out}">{head}</a>'
            if inner: items.append(f'<li><div class="nd-section">{head}</div>{inner}</li>')
    return f"<ul>{''.join(items)}</ul>" if items else ''

def site_prefix():
    "The published site's address (doc_host + doc_baseurl of settings.ini), which doc links point at."
    from configparser import ConfigParser
    cp = ConfigParser(); cp.read(root/'settings.ini')
    d = cp['DEFAULT']
    return (d.get('doc_host', '') + d.get('doc_baseurl', '')).rstrip('/') + '/', d.get('title', d.get('lib_name', 'docs'))

def local_links(h, prefix, by_nb):
    "Point links at the published site and at notebooks to the local pages."
    h = re.sub(r'href="' + re.escape(prefix) + r'([^"]*)"', lambda m: f'href="{m.group(1) or "index.html"}"', h)
    def nb_link(m):
        target, anchor = m.group(1), m.group(2) or ''
        p = by_nb.get(Path(target).name)
        return f'href="{p.out}{anchor}"' if p else m.group(0)
    return re.sub(r'href="(?!https?:)([^"#]+\.ipynb)(#[^"]*)?"', nb_link, h)

def pandoc(md, template, name):
    "Markdown `md` to HTML with pandoc (the binary inside the pypandoc-binary wheel); warnings are printed with `name`."
    import pypandoc
    r = subprocess.run([pypandoc.get_pandoc_path(), '--from', 'markdown', '--to', 'html5', '--template', str(template),
                        '--toc', '--toc-depth=3', '--mathml', '--wrap=none', '--metadata', 'title=-'],
                       input=md, capture_output=True, text=True)
    if r.returncode: sys.exit(f"pandoc failed on {name}:\n{r.stderr}")
    for w in r.stderr.strip().split('[WARNING]')[1:]: print(f"  {name}: pandoc warning: {w.strip()[:300]}")
    return r.stdout

def build(out:Path, proc:Path, nbs:Path):
    "Render every notebook of `proc` into `out`; returns the pages."
    files = sorted(proc.glob('**/*.ipynb'))
    if not files: sys.exit(f"no processed notebooks in {proc}: run nbdev_proc_nbs first (or drop --no-proc)")
    pages = {str(f.relative_to(proc)): Page(f) for f in files}
    side_yml = nbs/'sidebar.yml' if (nbs/'sidebar.yml').exists() else proc/'sidebar.yml'
    entries = sidebar_entries(side_yml) if side_yml.exists() else []
    listed = set(flat(entries))
    entries += [k for k in pages if k not in listed]           # pages missing from the sidebar still get a link
    by_nb = {Path(k).name: p for k, p in pages.items()}
    prefix, site = site_prefix()
    out.mkdir(parents=True, exist_ok=True)
    for f in ('styles.css',):
        if (nbs/f).exists(): shutil.copy(nbs/f, out/f)
    for d in ('images',):   # pictures the markdown refers to by path
        for base in (nbs, root):
            if (base/d).is_dir(): shutil.copytree(base/d, out/d, dirs_exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp)/'page.html'; template.write_text(TEMPLATE)
        for key, p in pages.items():
            res = pandoc(p.markdown(), template, key)
            head, _, rest = res.partition('<!--nd:toc-->')
            toc, _, body = rest.partition('<!--nd:body-->')
            body = re.sub(r'<!--nd-raw:(\d+)-->', lambda m: p.raw[int(m.group(1))], body)
            desc = p.meta.get('description')
            fill = dict(title=html.escape(p.title), site=html.escape(site), head=head.strip(), css=CSS,
                        sidebar=sidebar_html(entries, pages, p), toc=toc.strip(), body=body,
                        description=f'<div class="description">{html.escape(str(desc))}</div>' if desc else '')
            page = re.sub(r'@@(\w+)@@', lambda m: fill[m.group(1)], PAGE)
            (out/p.out).write_text(local_links(page, prefix, by_nb))
    return pages

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('out', help='folder to write the HTML pages to')
    ap.add_argument('--no-proc', action='store_true', help='render the _proc/ already there (skip nbdev_proc_nbs)')
    a = ap.parse_args()
    t0 = time.time()
    if not a.no_proc: proc_nbs()
    t1 = time.time()
    pages = build(Path(a.out).resolve(), root/'_proc', root/'nbs')
    n_img, n_audio = sum(p.n_images for p in pages.values()), sum(p.n_audio for p in pages.values())
    print(f"docs preview: {len(pages)} pages ({n_img} pictures, {n_audio} audio players) in {a.out}/ "
          f"(nbdev_proc_nbs {t1 - t0:.0f} s, render {time.time() - t1:.0f} s); open {Path(a.out)/'index.html'}")

if __name__ == '__main__': main()
