"""lucent's `render_vis` on torchvision's GoogLeNet with random weights, as one process (the other side of
bench/bench_vs_lucent.py): a 224 px Fourier image with decorrelated colour, lucent's standard transforms.

    PYTHONPATH=/path/to/lucent python bench/lucent_render.py --steps 256 --objective inception3a:0
"""
import argparse, time
t0 = time.perf_counter()
import torch, torchvision
from lucent.optvis import render, param

ap = argparse.ArgumentParser()
ap.add_argument('--steps', type=int, default=256); ap.add_argument('--objective', default='inception3a:0')
ap.add_argument('--size', type=int, default=224); ap.add_argument('--device', default='cpu')
a = ap.parse_args()
torch.manual_seed(0)
model = torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=True).to(a.device).eval()
t1 = time.perf_counter()
render.render_vis(model, a.objective, param_f=lambda: param.image(a.size, fft=True, decorrelate=True),
                  thresholds=(a.steps,), show_image=False, progress=False)
print(f"lucent: import+model {t1 - t0:.2f} s, {a.steps} steps {time.perf_counter() - t1:.2f} s")
