"""Find (or strip) backticks in docment comments, the `# ...` after each argument of an exported signature.

    python tools/docment_ticks.py [--fix] NB...

nbdev's `show_doc` puts a docment into the rendered signature, where a backticked name is turned into a markdown link
that the signature shows raw (`[GANSynthGenerator](https://...)`). Docments stay plain text; docstrings keep backticks."""
import ast, json, sys
from pathlib import Path

def signature_lines(src:str)->set:
    "Line numbers (0-based) of the argument lists of every function defined in `src`."
    try: tree = ast.parse(src)
    except SyntaxError: return set()
    out = set()
    for n in ast.walk(tree):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.body:
            out.update(range(n.lineno - 1, n.body[0].lineno - 1))
    return out

def fix_cell(src:str)->tuple:
    "`src` with backticks dropped from the comments of its signature lines, and how many lines changed."
    lines, n = src.split('\n'), 0
    ipy = [l if not l.startswith(('#|', '%', '!')) else '#' + l for l in lines]   # directives and magics parse as comments
    for i in sorted(signature_lines('\n'.join(ipy))):
        l = lines[i]; j = l.find('#')
        if j > 0 and '`' in l[j:] and l[:j].count("'") % 2 == 0 and l[:j].count('"') % 2 == 0:
            lines[i] = l[:j] + l[j:].replace('`', ''); n += 1
    return '\n'.join(lines), n

if __name__ == '__main__':
    fix = '--fix' in sys.argv; total = 0
    for p in [Path(a) for a in sys.argv[1:] if a != '--fix']:
        nb = json.loads(p.read_text()); k = 0
        for c in nb['cells']:
            if c['cell_type'] != 'code': continue
            src = ''.join(c['source'])
            if not src.lstrip().startswith(('#| export', '#|export', '#| exporti')): continue
            new, n = fix_cell(src); k += n
            if n and fix: c['source'] = new.splitlines(keepends=True)
        if k: print(f"{p}: {k} docment line(s) with backticks{' fixed' if fix else ''}")
        if k and fix: p.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
        total += k
    print(f"docment_ticks: {total} line(s)"); sys.exit(1 if total and not fix else 0)
