"""Read the quickstart's commands from README.md, and check that README.md says what nbs/index.ipynb says.

`python tools/readme_commands.py setup|run|test` prints one command; `check` compares README.md's code blocks and
headings with the index notebook's markdown (Quarto is needed for `nbdev_readme`, which is not on every machine)."""
import json, re, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def blocks(md):
    "The fenced shell code blocks of markdown text `md`, in order."
    return [b.strip() for b in re.findall(r'```(?:sh|bash)\n(.*?)```', md, flags=re.S)]

def index_md():
    "The markdown cells of nbs/index.ipynb, joined."
    nb = json.loads((root/'nbs'/'index.ipynb').read_text())
    return '\n\n'.join(''.join(c['source']) for c in nb['cells'] if c['cell_type'] == 'markdown')

def command(which):
    "The quickstart command `which` ('setup', 'run' or 'test'): the first three shell blocks of README.md."
    bs = blocks((root/'README.md').read_text())
    if len(bs) < 3: sys.exit("README.md needs three shell blocks in its quickstart: set-up, run, test")
    return bs[['setup', 'run', 'test'].index(which)]

def check():
    "Fail when README.md lacks a shell block or a heading of the index notebook."
    readme, idx = (root/'README.md').read_text(), index_md()
    missing = [b for b in blocks(idx) if b not in blocks(readme)]
    missing += [h for h in re.findall(r'^##+ .*$', idx, flags=re.M) if h not in readme]
    if missing: sys.exit("README.md is out of step with nbs/index.ipynb; missing:\n" + '\n'.join(missing))
    print(f"README.md holds all {len(blocks(idx))} shell blocks and the headings of nbs/index.ipynb")

if __name__ == '__main__':
    arg = sys.argv[1] if len(sys.argv) > 1 else 'check'
    check() if arg == 'check' else print(command(arg))
