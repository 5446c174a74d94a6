"""Turn a notebook into a percent-format draft (the inverse of `py2nb.py`): `python tools/nb2py.py nbs/X.ipynb draft.py`.

Drafting aid only; outputs are dropped (re-execute the notebook after converting back)."""
import json, sys
from pathlib import Path

def to_py(nb:dict)->str:
    "Percent-format text of `nb`'s cells."
    out = []
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown': out.append('# %% [markdown]\n' + '\n'.join('# ' + l if l else '#' for l in src.split('\n')))
        else: out.append('# %%\n' + src)
    return '\n\n'.join(out) + '\n'

if __name__ == '__main__':
    src, dst = sys.argv[1:3]
    Path(dst).write_text(to_py(json.loads(Path(src).read_text())))
