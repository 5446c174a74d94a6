"Replace a unique string in a notebook's cell sources (and in its .dev draft when the draft holds it): nbedit.py NB OLD_FILE NEW_FILE"
import json, sys
from pathlib import Path
nb_path, old, new = Path(sys.argv[1]), Path(sys.argv[2]).read_text(), Path(sys.argv[3]).read_text()
nb = json.loads(nb_path.read_text())
hits = [c for c in nb['cells'] if old in ''.join(c['source'])]
if len(hits) != 1: sys.exit(f"{nb_path}: {len(hits)} cells hold the old text (need exactly 1)")
src = ''.join(hits[0]['source'])
if src.count(old) != 1: sys.exit(f"{nb_path}: the old text occurs {src.count(old)} times in its cell")
src = src.replace(old, new); hits[0]['source'] = src.splitlines(keepends=True)
nb_path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
draft = Path('.dev')/(nb_path.stem + '.py')
if draft.exists():
    d = draft.read_text()
    if d.count(old) == 1 and '\n' not in old + new: draft.write_text(d.replace(old, new)); print(f"also edited {draft}")
    else: print(f"note: {draft} not edited (old text found {d.count(old)} times)")
print(f"edited {nb_path}")
