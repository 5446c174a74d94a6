"""Keep the notebooks light: pictures at most 100 dpi, sound clips at most 0.4 s (0.35 s in library notebooks) in FLAC, and a size check.

    python tools/light_notebooks.py            # rewrite stored outputs in nbs/*.ipynb that exceed the limits
    python tools/light_notebooks.py --check    # exit 1 when nbs/ or a notebook is too heavy (CI runs this)

Figures made now are already 100 dpi (`core.pin_inline_figures`) and clips short; this tool brings outputs stored
before that to the same standard without re-running the notebooks: a PNG saved at D dpi is resampled to 100 dpi
(Lanczos, or box for blocky pictures) and stored as RGB, grey or a 256-colour palette, whichever is smallest; a player longer than that keeps its
first seconds, faded out over 20 ms, and every stored WAV player becomes lossless FLAC (as `core.play` makes
them now), about half the bytes. Only outputs change; sources, and outputs within the limits, are left alone.
"""
import argparse, base64, io, json, re, sys
from pathlib import Path

DPI, SECONDS, NB_KB, ALL_MB = 100, 0.4, 800, 4.0
LIBRARY_SECONDS = 0.35  # library notebooks keep the shortest clips: the listening belongs to the tutorials (2x_*)

def seconds_for(name:str)->float:
    "The longest clip a notebook keeps: tutorials (`2x_*`) `SECONDS`, library notebooks `LIBRARY_SECONDS`."
    return SECONDS if name[:1] == '2' else LIBRARY_SECONDS

def png_dpi(data:bytes):
    "The dpi a PNG records (matplotlib writes it), or None."
    from PIL import Image
    d = Image.open(io.BytesIO(data)).info.get('dpi')
    return round(d[0]) if d else None

def shrink_png(data:bytes, dpi:int=DPI)->bytes:
    "`data` resampled to `dpi` when it was saved finer, then stored as the smallest of RGB, grey and 256-colour palette."
    from PIL import Image
    im = Image.open(io.BytesIO(data)); d = png_dpi(data)
    if d is None or im.mode in ('P', 'L'): return data     # not matplotlib's, or already stored small
    f = min(1., dpi / d)                                   # a figure made at <= `dpi` (as `core.pin_inline_figures` makes them) keeps its pixels
    size = (max(1, round(im.width * f)), max(1, round(im.height * f)))
    rgba = im.convert('RGBA'); outs = [data] if f == 1 else []
    for method in ((Image.LANCZOS, Image.BOX) if f < 1 else (None,)):  # BOX keeps blocky pixel art (digits, spectrogram bins) compressible
        r = rgba.resize(size, method) if method is not None else rgba
        rgb = Image.alpha_composite(Image.new('RGBA', size, (255, 255, 255, 255)), r).convert('RGB')
        grey = rgb.convert('L') if rgb.convert('L').convert('RGB').tobytes() == rgb.tobytes() else None
        cands = [rgb, grey] + [rgb.quantize(256, method=q, dither=Image.Dither.NONE)
                               for q in (Image.Quantize.MEDIANCUT, Image.Quantize.FASTOCTREE)]
        for c in cands:
            if c is None: continue
            b = io.BytesIO(); c.save(b, 'PNG', optimize=True, dpi=(dpi, dpi)); outs.append(b.getvalue())
    return min(outs, key=len)

def clip_seconds(data:bytes)->float:
    "Duration of an audio file's bytes (WAV or FLAC)."
    import soundfile as sf
    return sf.info(io.BytesIO(data)).duration

def light_clip(data:bytes, seconds:float=SECONDS, fade:float=0.02)->bytes:
    "An audio file's bytes as 16-bit FLAC (lossless), cut to its first `seconds` and faded out if longer."
    import numpy as np, soundfile as sf
    x, sr = sf.read(io.BytesIO(data), dtype='int16', always_2d=True)
    if len(x) > seconds * sr * 1.02:
        x = x[:int(seconds * sr)].astype(np.float32); n = int(fade * sr); x[-n:] *= np.linspace(1, 0, n)[:, None]
        x = x.round().astype(np.int16)
    b = io.BytesIO(); sf.write(b, x, sr, format='FLAC', subtype='PCM_16'); return b.getvalue()

AUDIO = re.compile(r'data:audio/(?:x-)?(wav|flac);base64,([A-Za-z0-9+/=\s]+)("\s*type="audio/(?:x-)?(?:wav|flac)")?')

def _text(v): return ''.join(v) if isinstance(v, list) else v

def audit(nb:dict, seconds:float=SECONDS)->dict:
    "Counts of pictures over the dpi limit and clips over `seconds` in a notebook."
    hi = long = 0
    for c in nb['cells']:
        for o in c.get('outputs', []):
            d = o.get('data', {})
            if 'image/png' in d and (png_dpi(base64.b64decode(_text(d['image/png']))) or 0) > DPI * 1.05: hi += 1
            for m in AUDIO.finditer(_text(d.get('text/html', ''))):
                if clip_seconds(base64.b64decode(m.group(2))) > seconds * 1.02: long += 1
    return dict(pictures_over_dpi=hi, clips_over_seconds=long)

def lighten(nb:dict, dpi:int=DPI, seconds:float=SECONDS)->int:
    "Shrink `nb`'s stored pictures and clips in place; returns how many outputs changed."
    n = 0
    for c in nb['cells']:
        for o in c.get('outputs', []):
            d = o.get('data', {})
            if 'image/png' in d:
                old = base64.b64decode(_text(d['image/png'])); new = shrink_png(old, dpi)
                if new != old:
                    d['image/png'] = base64.b64encode(new).decode(); n += 1  # display size (metadata) kept
            if 'text/html' in d:
                html = _text(d['text/html'])
                def sub(m):
                    raw = base64.b64decode(m.group(2))
                    if m.group(1) == 'flac' and clip_seconds(raw) <= seconds * 1.02: return m.group(0)
                    b64 = base64.b64encode(light_clip(raw, seconds)).decode()
                    return f'data:audio/flac;base64,{b64}' + ('" type="audio/flac"' if m.group(3) else '')
                new = AUDIO.sub(sub, html)
                if new != html: d['text/html'] = new.splitlines(keepends=True); n += 1
    return n

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--check', action='store_true', help='only check the limits; exit 1 when one is passed')
    ap.add_argument('--nbs', default='nbs', help='the notebooks folder')
    a = ap.parse_args()
    nbs = sorted(Path(a.nbs).glob('*.ipynb')); bad = []
    for p in nbs:
        nb = json.loads(p.read_text())
        if not a.check and lighten(nb, seconds=seconds_for(p.name)):
            p.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
        kb = p.stat().st_size / 1024; au = audit(nb, seconds_for(p.name))
        if kb > NB_KB: bad.append(f'{p.name} weighs {kb:.0f} KB (limit {NB_KB} KB)')
        bad += [f'{p.name}: {v} {k.replace("_", " ")}' for k, v in au.items() if v]
    total = sum(p.stat().st_size for p in Path(a.nbs).rglob('*') if p.is_file()) / 2**20
    big = sorted(nbs, key=lambda p: -p.stat().st_size)[:3]
    print(f"{a.nbs}/: {total:.2f} MB in all (limit {ALL_MB} MB), {len(nbs)} notebooks; heaviest: "
          + ', '.join(f'{p.name} {p.stat().st_size / 1024:.0f} KB' for p in big))
    if total > ALL_MB: bad.append(f'{a.nbs}/ weighs {total:.2f} MB (limit {ALL_MB} MB)')
    for b in bad: print('too heavy:', b)
    if bad and a.check: print('fix: python tools/light_notebooks.py (then commit the notebooks)'); sys.exit(1)

if __name__ == '__main__': main()
