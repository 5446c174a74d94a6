"""Check a docs preview (`tools/docs_preview.py`) as a reader would see it: `python tools/docs_check.py OUT_DIR`.

Every page is scanned for markup left raw (Quarto link attributes `{target=...}`, `:::` fences, `#|` cell options)
and every embedded picture and sound is decoded (PIL for images, soundfile for WAV and FLAC). Then a few pages (the index and
two module pages by default) are opened in headless Chromium: each picture must decode there (`naturalWidth > 0`),
each audio player must load its sound, and the text the reader sees must hold no raw markup; a screenshot of each
is saved and its path printed. Exits non-zero on a problem in the opened pages, or anywhere with `--strict`.
"""
import argparse, base64, io, re, sys, time, wave
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chromium import chrome, wait_for

DIRECTIVES = r'#\|\s*(?:echo|output|include|hide|export|exports|eval|code-fold|exec_doc|default_exp|slow)\b'

def raw_markup(text:str, pre:list)->list:
    "Raw-markup findings in a page's visible `text` and in its `pre` blocks' texts."
    found = []
    if '{target=' in text: found.append("raw link attributes '{target=...}'")
    if re.search(r'^\s*:::', text, flags=re.M): found.append("a raw ':::' fence")
    if re.search(r'^\s*output:\s*asis', text, flags=re.M): found.append("a raw 'output: asis' option")
    if any(re.search(r'^\s*#\|', p, flags=re.M) for p in pre): found.append("a '#|' cell option shown in code")
    outside = re.sub(r'`[^`\n]*`', '', text)
    if re.search(r'(?m)^\s*' + DIRECTIVES, outside): found.append("a raw '#|' cell option in the text")
    return found

class Visible(HTMLParser):
    "The text a reader sees (no script, style or tags) and the texts of `pre` blocks."
    def __init__(self):
        super().__init__(); self.parts, self.pre, self.skip, self.in_pre = [], [], 0, 0
    def handle_starttag(self, tag, attrs):
        if tag in ('script', 'style'): self.skip += 1
        if tag == 'pre': self.in_pre += 1; self.pre.append('')
        if tag in ('p', 'div', 'br', 'li', 'pre', 'tr', 'h1', 'h2', 'h3', 'h4'): self.parts.append('\n')
    def handle_endtag(self, tag):
        if tag in ('script', 'style'): self.skip -= 1
        if tag == 'pre': self.in_pre -= 1
        if tag in ('p', 'div', 'pre', 'li'): self.parts.append('\n')
    def handle_data(self, data):
        if self.skip: return
        self.parts.append(data)
        if self.in_pre: self.pre[-1] += data

def decode_data_uris(h:str)->tuple:
    "Decode every embedded PNG/JPEG/GIF and WAV/FLAC in `h`: (pictures, sounds, problems)."
    from PIL import Image
    n_img = n_wav = 0; bad = []
    for mime, b64 in re.findall(r'data:(image/(?:png|jpeg|gif)|audio/(?:x-)?(?:wav|flac));base64,([A-Za-z0-9+/=\s]+)', h):
        try:
            raw = base64.b64decode(b64)
            if mime.startswith('image'):
                im = Image.open(io.BytesIO(raw)); im.load()
                if min(im.size) < 1: raise ValueError(f"size {im.size}")
                n_img += 1
            else:
                import soundfile as sf
                if sf.info(io.BytesIO(raw)).frames < 1: raise ValueError("no frames")
                n_wav += 1
        except Exception as e: bad.append(f"a {mime} that does not decode ({type(e).__name__}: {e})")
    return n_img, n_wav, bad

def scan(path:Path)->tuple:
    "Static findings of one page: (pictures, sounds, problems)."
    h = path.read_text()
    v = Visible(); v.feed(h)
    n_img, n_wav, bad = decode_data_uris(h)
    return n_img, n_wav, raw_markup(''.join(v.parts), v.pre) + bad

JS_STATE = """
const imgs = Array.from(document.images), auds = Array.from(document.querySelectorAll('audio'));
return {ready: document.readyState, images: imgs.length, loaded: imgs.filter(i => i.complete).length,
        broken: imgs.filter(i => i.complete && i.naturalWidth == 0).map(i => i.src.slice(0, 60)),
        audio: auds.length, audio_ok: auds.filter(a => a.readyState >= 1 && !a.error && a.duration > 0).length,
        audio_bad: auds.filter(a => a.error).length,
        text: document.body.innerText, pre: Array.from(document.querySelectorAll('pre')).map(p => p.innerText)};
"""

def browse(driver, page:Path, shots:Path, timeout:float=60)->tuple:
    "Open `page` in the browser; returns (state, problems, screenshot path)."
    driver.get(page.as_uri())
    for a in driver.find_elements('css selector', 'audio'): driver.execute_script('arguments[0].load()', a)
    st = wait_for(lambda: (lambda s: s if s['ready'] == 'complete' and s['loaded'] == s['images']
                           and s['audio_ok'] + s['audio_bad'] == s['audio'] else None)(driver.execute_script(JS_STATE)),
                  timeout, f"{page.name}: its pictures and sounds to load")
    bad = [f"a picture that does not decode in the browser ({s})" for s in st['broken']]
    if st['audio_bad']: bad.append(f"{st['audio_bad']} audio player(s) whose sound does not load")
    bad += raw_markup(st['text'], st['pre'])
    shot = shots/(page.stem + '.png'); driver.save_screenshot(str(shot))
    return st, bad, shot

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('out', help='the docs preview folder')
    ap.add_argument('--pages', nargs='+', default=['index.html', 'core.html', 'widgets.html'], help='pages to open in Chromium')
    ap.add_argument('--strict', action='store_true', help='fail on a problem found in any page, not only the opened ones')
    a = ap.parse_args()
    out, t0 = Path(a.out).resolve(), time.time()
    pages = sorted(out.glob('*.html'))
    if not pages: sys.exit(f"no HTML pages in {out}: run tools/docs_preview.py {a.out} first")
    failed, tot_img, tot_wav, n_bad = False, 0, 0, 0
    for p in pages:
        n_img, n_wav, bad = scan(p); tot_img += n_img; tot_wav += n_wav; n_bad += bool(bad)
        for b in bad: print(f"  {p.name}: {b}")
        if bad and (a.strict or p.name in a.pages): failed = True
    print(f"scanned {len(pages)} pages: {tot_img} pictures and {tot_wav} sounds decoded, {n_bad} page(s) with problems")
    shots = out/'_screenshots'; shots.mkdir(exist_ok=True)
    d = chrome()
    try:
        for name in a.pages:
            page = out/name
            if not page.exists(): print(f"  {name}: missing"); failed = True; continue
            st, bad, shot = browse(d, page, shots)
            print(f"  {name} in Chromium: {st['images']} pictures decoded, {st['audio_ok']}/{st['audio']} audio players loaded, "
                  f"{'no raw markup' if not bad else 'PROBLEMS: ' + '; '.join(bad)}; screenshot {shot}")
            failed |= bool(bad)
    finally: d.quit()
    print(f"docs check {'FAILED' if failed else 'passed'} in {time.time() - t0:.0f} s")
    sys.exit(1 if failed else 0)

if __name__ == '__main__': main()
