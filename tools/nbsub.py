"""Apply literal substitutions to the cell sources of notebooks (outputs untouched): `python tools/nbsub.py OLD NEW [OLD NEW ...] -- NB...`.

Prints each notebook and how many replacements it got; for renames across the course (a module moved, a function renamed)."""
import json, sys
from pathlib import Path

def substitute(nb_path:Path, pairs:list)->int:
    "Replace each OLD by NEW in every cell source of `nb_path`; returns the number of replacements."
    nb = json.loads(nb_path.read_text()); n = 0
    for c in nb['cells']:
        src = ''.join(c['source']); new = src
        for old, rep in pairs: n += new.count(old); new = new.replace(old, rep)
        if new != src: c['source'] = new.splitlines(keepends=True)
    if n: nb_path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
    return n

if __name__ == '__main__':
    args = sys.argv[1:]; i = args.index('--')
    pairs = list(zip(args[:i:2], args[1:i:2]))
    for p in args[i+1:]:
        n = substitute(Path(p), pairs)
        if n: print(f"{p}: {n}")
