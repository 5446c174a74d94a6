"""Check that the docs build will not run test code: no cell mixes imports with other code.

    python tools/doc_cells.py      # exit 1, naming each cell, when one does (CI runs this before the tests)

nbdev's docs processor (`nbdev_proc_nbs`, under Quarto or `tools/docs_preview.py`) executes every cell that holds an
import, to render `show_doc`. A cell that imports *and* tests runs its tests there, in a kernel that has run no
other cell, and fails on names an earlier cell defined (this stopped CI once, 35 minutes in). The fix is to give
the imports a cell of their own. The rule is nbdev's own (`nbdev.processors._do_eval`), applied here without
executing anything, so it fails in a second instead of at the end of the run.
"""
import ast, sys
from pathlib import Path

SHOW_DIRS = {'export', 'exports', 'exporti', 'exec_doc'}

def mixed_cells(path)->list:
    "(cell index, first line) of each code cell in notebook `path` that nbdev's docs step would run for its imports, though it holds other code."
    from nbdev.process import NBProcessor
    from nbdev.processors import _ast_contains
    nb, out = NBProcessor(path).nb, []
    for c in nb.cells:
        if c.cell_type != 'code' or not c.source or c.directives_.keys() & SHOW_DIRS: continue
        if c.directives_.get('eval:', [''])[0].lower() == 'false': continue
        try: trees = c.parsed_()
        except SyntaxError: continue
        if trees and _ast_contains(trees, (ast.Import, ast.ImportFrom)) and _ast_contains(trees, (ast.Expr, ast.Assign)):
            out.append((c.idx_, c.source.strip().splitlines()[0]))
    return out

def main(folder='nbs'):
    bad = [(p, i, l) for p in sorted(Path(folder).glob('*.ipynb')) for i, l in mixed_cells(p)]
    for p, i, l in bad: print(f'{p} cell {i}: imports mixed with other code ({l[:60]!r}): move the imports to a cell of their own')
    print(f'doc_cells: {len(bad)} cell(s) mixing imports with other code in {folder}/')
    sys.exit(1 if bad else 0)

if __name__ == '__main__': main(*sys.argv[1:])
