"""Turn a percent-format script (`# %%` code cells, `# %% [markdown]` cells) into an nbdev notebook.

Drafting aid only: the notebook it writes is the source of truth. Usage: `python tools/py2nb.py draft.py nbs/00_core.ipynb`,
then fill the outputs with `exec_nb nbs/00_core.ipynb --dest nbs/00_core.ipynb` and tidy with `nbdev_clean`."""
import hashlib, json, re, sys
from pathlib import Path

def parse(text):
    "Split percent-format `text` into (kind, source) cells."
    cells, kind, buf = [], None, []
    def flush():
        if kind is None: return
        src = '\n'.join(buf).strip('\n')
        if kind == 'markdown': src = '\n'.join(re.sub(r'^# ?', '', l) for l in src.split('\n'))
        if src.strip(): cells.append((kind, src))
    for line in text.split('\n'):
        m = re.match(r'^# %%( \[markdown\])?\s*$', line)
        if m:
            flush(); kind, buf = ('markdown' if m.group(1) else 'code'), []
        else: buf.append(line)
    flush()
    return cells

def to_nb(cells):
    "An nbformat-4 notebook dict from (kind, source) cells."
    out = []
    for i, (kind, src) in enumerate(cells):
        lines = src.split('\n'); lines = [l+'\n' for l in lines[:-1]] + [lines[-1]]
        cid = hashlib.sha1(f'{i}:{src}'.encode()).hexdigest()[:8]   # stable ids: re-exports stay identical
        c = dict(cell_type=kind, id=cid, metadata={}, source=lines)
        if kind == 'code': c.update(execution_count=None, outputs=[])
        out.append(c)
    return dict(cells=out, metadata=dict(kernelspec=dict(display_name='python3', language='python', name='python3')),
                nbformat=4, nbformat_minor=5)

if __name__ == '__main__':
    src, dst = sys.argv[1:3]
    Path(dst).write_text(json.dumps(to_nb(parse(Path(src).read_text())), indent=1) + '\n')
