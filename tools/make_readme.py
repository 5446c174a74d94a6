"""Write README.md from nbs/index.ipynb without Quarto (nbdev_readme needs it): markdown as is, code in fences, image
outputs saved under images/ and linked. Usage: python tools/make_readme.py"""
import base64, json
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def main():
    nb = json.loads((root/'nbs'/'index.ipynb').read_text())
    out, n_img = [], 0
    (root/'images').mkdir(exist_ok=True)
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown': out.append(src); continue
        if src.lstrip().startswith('#|') and '#| hide' in src: continue
        out.append('```python\n' + src + '\n```')
        for o in c.get('outputs', []):
            png = o.get('data', {}).get('image/png')
            if png:
                n_img += 1; f = f'images/index_{n_img}.png'
                (root/f).write_bytes(base64.b64decode(png)); out.append(f'![]({f})')
    (root/'README.md').write_text('\n\n'.join(out) + '\n')
    print(f"README.md written from nbs/index.ipynb ({n_img} images)")

if __name__ == '__main__': main()
