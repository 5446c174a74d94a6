"""The explorers in a real browser: `python tools/browser_test.py [--out DIR]`.

Starts Voila on 127.0.0.1 (a free port) on a small notebook holding a `LatentExplorer` on the bundled DCGAN
generator and a `NeuronExplorer` on the bundled MNIST classifier, opens it in headless Chromium (selenium with the
system's chromium-driver), moves sliders with the keyboard arrows on their handles, and checks that the picture
shown changes (its pixels, read back through a canvas) and, for the latent, that moving back restores it. Every wait
is bounded; the server (and its kernel) is stopped whatever happens. Prints its timings and a screenshot path.
"""
import argparse, os, signal, socket, subprocess, sys, tempfile, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chromium import chrome, wait_for

root = Path(__file__).resolve().parent.parent

CELLS = [
    "import os, torch\ntorch.set_num_threads(1)\nopen(os.environ['ND_KERNEL_PID_FILE'], 'w').write(str(os.getpid()));",
    "from neural_dissection.models import load_model\nfrom neural_dissection.widgets import LatentExplorer, NeuronExplorer",
    "lx = LatentExplorer(load_model('dcgan-generator'), 'axes', dims=[3, 17, 42, 99], title='DCGAN, axes')\n"
    "lx.widget.add_class('nd-latent'); display(lx.widget)",
    "nex = NeuronExplorer(load_model('mnist-classifier'), layer='conv2', ch=5, steps=16)\n"
    "nex.widget.add_class('nd-neuron'); display(nex.widget)",
]

def notebook(path:Path):
    "Write the test notebook to `path`."
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    nb.metadata['kernelspec'] = dict(name='python3', display_name='Python 3', language='python')
    nbformat.write(nb, str(path))

def free_port()->int:
    "A free TCP port on 127.0.0.1."
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def listening(port:int)->bool:
    "Whether something accepts connections on 127.0.0.1:`port`."
    with socket.socket() as s:
        s.settimeout(2); return s.connect_ex(('127.0.0.1', port)) == 0

# the picture of an explorer (`box` is its CSS class): the pixels through a canvas, and the img's decoded size
JS_PICTURE = """
const img = document.querySelector('.' + arguments[0] + ' img');
if (!img || !img.complete || img.naturalWidth == 0) return null;
const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;
c.getContext('2d').drawImage(img, 0, 0);
return {src: img.src, w: img.naturalWidth, h: img.naturalHeight, pixels: c.toDataURL()};
"""

# the slider of an explorer whose label is arguments[1]: its handle and its readout
JS_SLIDER = """
for (const s of document.querySelectorAll('.' + arguments[0] + ' .widget-slider')) {
  const label = s.querySelector('.widget-label');
  if (label && label.textContent.trim() == arguments[1])
    return [s.querySelector('.noUi-handle'), s.querySelector('.widget-readout')];
}
return null;
"""

def picture(d, box): return d.execute_script(JS_PICTURE, box)

def move(d, box:str, label:str, key:str, times:int, timeout:float):
    "Press `key` `times` on the handle of slider `label`; wait until the picture changes; returns (before, after, readouts, seconds)."
    from selenium.webdriver.common.keys import Keys
    before = picture(d, box)
    handle, readout = wait_for(lambda: d.execute_script(JS_SLIDER, box, label), 10, f"the slider {label!r} of .{box}")
    r0, t = readout.text, time.monotonic()
    handle.click()
    for _ in range(times): handle.send_keys(getattr(Keys, key)); time.sleep(0.05)
    after = wait_for(lambda: (lambda p: p if p and p['pixels'] != before['pixels'] else None)(picture(d, box)),
                     timeout, f"the picture of .{box} to change after {times} x {key} on {label!r}")
    return before, after, (r0, readout.text), time.monotonic() - t

def stop(proc, pid_file:Path):
    "Stop Voila (SIGTERM, then SIGKILL to its own process group) and the kernel it started, by their ids."
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try: proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL); proc.wait(10)
    try: kpid = int(pid_file.read_text())
    except (OSError, ValueError): return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try: os.kill(kpid, 0)
        except OSError: return
        os.kill(kpid, sig); time.sleep(2)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', default=None, help='folder for the screenshot and the server log (default: a temporary one)')
    ap.add_argument('--timeout', type=float, default=240, help='seconds to wait for the page to show both explorers')
    a = ap.parse_args()
    t0 = time.monotonic()
    out = Path(a.out or tempfile.mkdtemp(prefix='nd_browser_')).resolve(); out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix='nd_voila_'))
    nb, pid_file, log = work/'explorers.ipynb', work/'kernel.pid', out/'voila.log'
    notebook(nb)
    port = free_port()
    env = {**os.environ, 'ND_KERNEL_PID_FILE': str(pid_file), 'PYTHONPATH': os.pathsep.join(
        [str(root)] + ([os.environ['PYTHONPATH']] if os.environ.get('PYTHONPATH') else []))}
    cmd = [sys.executable, '-m', 'voila', str(nb), '--no-browser', f'--port={port}', '--Voila.ip=127.0.0.1',
           '--Voila.port_retries=0', '--show_tracebacks=True']
    with open(log, 'w') as lf:
        proc = subprocess.Popen(cmd, cwd=work, env=env, stdout=lf, stderr=subprocess.STDOUT, start_new_session=True)
    d, ok = None, False
    try:
        url = f'http://127.0.0.1:{port}/'
        wait_for(lambda: proc.poll() is not None and sys.exit(f"voila exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
                 or listening(port), 60, f"voila to listen on {url}")
        t_server = time.monotonic() - t0
        d = chrome(1100, 2200, wait_load=False)
        d.get(url)
        def shown():
            if 'CellExecutionError' in log.read_text(): raise SystemExit("a cell of the test notebook failed in Voila (its log follows)")
            return picture(d, 'nd-latent') and picture(d, 'nd-neuron')
        wait_for(shown, a.timeout, "both explorers to show a picture", every=0.5)
        t_page = time.monotonic() - t0
        d.save_screenshot(str(out/'explorers_before.png'))
        b, f, rd, s1 = move(d, 'nd-latent', 'z[3]', 'ARROW_RIGHT', 5, 60)
        print(f"latent explorer: z[3] {rd[0]} -> {rd[1]} (5 x ArrowRight), picture {b['w']}x{b['h']} changed in {s1:.1f} s")
        assert rd[1] != rd[0], f"the z[3] slider did not move: {rd}"
        _, back, rd2, s2 = move(d, 'nd-latent', 'z[3]', 'ARROW_LEFT', 5, 60)
        wait_for(lambda: picture(d, 'nd-latent')['pixels'] == b['pixels'], 30, "the latent picture to come back after moving z[3] back")
        print(f"latent explorer: z[3] {rd2[0]} -> {rd2[1]} (5 x ArrowLeft), the first picture is back ({s2:.1f} s)")
        b, f, rd, s3 = move(d, 'nd-neuron', 'channel', 'ARROW_RIGHT', 1, 120)
        assert rd[1] != rd[0], f"the channel slider did not move: {rd}"
        print(f"neuron explorer: channel {rd[0]} -> {rd[1]} (1 x ArrowRight), picture {f['w']}x{f['h']} changed in {s3:.1f} s")
        d.execute_script('window.scrollTo(0, 0)'); time.sleep(0.3)
        shot = out/'explorers.png'; d.save_screenshot(str(shot))
        ok = True
        print(f"browser test passed in {time.monotonic() - t0:.0f} s (server up {t_server:.0f} s, page with both explorers "
              f"{t_page:.0f} s); screenshot {shot}")
    finally:
        if d is not None: d.quit()
        stop(proc, pid_file)
        if not ok: print(f"browser test FAILED; voila log {log}:\n" + log.read_text()[-3000:])
    return 0 if ok else 1

if __name__ == '__main__': sys.exit(main())
