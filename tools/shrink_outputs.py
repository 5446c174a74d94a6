"""Shrink the pictures stored in notebook outputs to the resolution the library now pins (`core` shows inline figures
as plain PNG at 100 dpi instead of execnb's default 'retina', 200 dpi): `python tools/shrink_outputs.py nbs/*.ipynb`.

A retina PNG carries its display size in the output's metadata (half its pixel size); it is resampled to that size,
which is exactly what re-executing the cell at 100 dpi would draw, without re-running hours of cells. Prints the
size of each notebook before and after."""
import base64, io, json, sys
from pathlib import Path
from PIL import Image

def shrink(nb_path:Path)->tuple:
    "Resample retina PNG outputs of `nb_path` to their display size; returns (bytes before, bytes after)."
    before = nb_path.stat().st_size; nb = json.loads(nb_path.read_text()); changed = False
    for c in nb['cells']:
        for o in c.get('outputs', []):
            d, md = o.get('data', {}), o.get('metadata', {})
            size = md.get('image/png', {}) if isinstance(md, dict) else {}
            if 'image/png' not in d or 'width' not in size or 'height' not in size: continue
            im = Image.open(io.BytesIO(base64.b64decode(d['image/png'])))
            w, h = int(size['width']), int(size['height'])
            if im.width <= w * 1.2: continue                         # already at display size
            buf = io.BytesIO(); im.resize((w, h), Image.LANCZOS).save(buf, 'png', optimize=True)
            d['image/png'] = base64.b64encode(buf.getvalue()).decode() + '\n'
            del md['image/png']; changed = True
    if changed: nb_path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
    return before, nb_path.stat().st_size

if __name__ == '__main__':
    tot = [0, 0]
    for p in sys.argv[1:]:
        b, a = shrink(Path(p)); tot[0] += b; tot[1] += a
        print(f"{p}: {b/1e3:.0f} KB -> {a/1e3:.0f} KB")
    print(f"total: {tot[0]/1e6:.2f} MB -> {tot[1]/1e6:.2f} MB")
