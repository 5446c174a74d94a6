"""Benchmark of the feature-visualization render loop on torchvision GoogLeNet (random weights, 224 px).

Prints figures, asserts nothing. Per-step times are medians over the steps of a run (the first `--warmup` steps
are dropped), measured by an identity transform that records a timestamp each step, so the loop's own cost is
included and nothing is added to it.

    python bench/bench_render.py                      # CPU, the main figures (a few minutes on 2 cores)
    python bench/bench_render.py --device cuda --batches 1,8,32,64
    python bench/bench_render.py --compile            # also try torch.compile (slow to compile on a small CPU)

Sections:
1. bare frozen forward+backward of the network, whole vs stopped after a layer (no render loop): the floor.
2. render steps/s for a channel of inception3a / inception4a / inception5b, stopped early (this library) vs the
   whole network every step, in the same loop and in a lucent-style loop (weights not frozen, so their gradients
   are computed too), with the default transforms and without any.
3. channels_last (and, with --compile, torch.compile) on top.
4. a batch of neurons in one render vs separate renders: cost per neuron-step.
"""
import argparse, statistics, time, sys
import torch
import torchvision
from neural_dissection.hooks import Capture, frozen
from neural_dissection.optvis.objectives import channel, batched
from neural_dissection.optvis.param import fourier, IMAGENET_MEAN, IMAGENET_STD
from neural_dissection.optvis.render import render

LAYERS = ('inception3a', 'inception4a', 'inception5b')

def sync(dev):
    if dev.type == 'cuda': torch.cuda.synchronize()

class Clock:
    "An identity transform that records when each step reaches it."
    def __init__(self, dev): self.t, self.dev = [], dev
    def __call__(self, x): sync(self.dev); self.t.append(time.perf_counter()); return x
    def median(self, warmup):
        d = [b - a for a, b in zip(self.t, self.t[1:])][warmup:]
        return statistics.median(d)

def step_time(model, obj, dev, steps, warmup, batch=1, transforms='default', stop_early=True, size=224, channels_last=False):
    "Median seconds per render step."
    p = fourier((3, size, size), batch=batch, mean=IMAGENET_MEAN, std=IMAGENET_STD, device=dev)
    with torch.no_grad(): x0 = p()
    from neural_dissection.optvis.transforms import get_transforms
    ts = [t for t in get_transforms(transforms, x0)]
    if channels_last: ts = ts + [lambda x: x.contiguous(memory_format=torch.channels_last)]
    clock = Clock(dev)
    render(model, obj, param=p, transforms=[clock] + ts, steps=steps + warmup + 1, seed=0, progress=False,
           stop_early=stop_early, device=dev)
    return clock.median(warmup)

def bare_time(model, layer, dev, steps, warmup, size=224, stop=True, to=None):
    "Median seconds of a frozen forward+backward, stopped after `layer` (or the whole network); `to` maps the input first."
    x0 = torch.randn(1, 3, size, size, device=dev, requires_grad=True)
    ts = []
    with frozen(model), Capture(model, [layer], stop_early=stop) as cap:
        for i in range(steps + warmup):
            sync(dev); t = time.perf_counter()
            x = to(x0) if to else x0
            out = cap(x); loss = -cap[layer][:, 0].mean() if stop else -out[:, 0].mean()
            loss.backward(); x0.grad = None
            sync(dev); ts.append(time.perf_counter() - t)
    return statistics.median(ts[warmup:])

def lucent_like_time(model, layer, dev, steps, warmup, size=224):
    "Median seconds per step of a lucent-style loop: whole network, weights not frozen, same transforms and param."
    from neural_dissection.hooks import get_layer
    from neural_dissection.optvis.transforms import get_transforms
    p = fourier((3, size, size), mean=IMAGENET_MEAN, std=IMAGENET_STD, device=dev)
    opt = torch.optim.Adam(p.params, lr=0.05)
    ts = get_transforms('default', p().detach())
    acts = {}
    h = get_layer(model, layer).register_forward_hook(lambda m, i, o: acts.__setitem__('a', o))
    out = []
    try:
        for i in range(steps + warmup):
            sync(dev); t = time.perf_counter()
            opt.zero_grad()
            x = p()
            for f in ts: x = f(x)
            model(x); loss = -acts['a'][:, 0].mean()
            loss.backward(); opt.step()
            sync(dev); out.append(time.perf_counter() - t)
    finally: h.remove(); model.zero_grad(set_to_none=True)
    return statistics.median(out[warmup:])

def transforms_time(dev, steps, warmup, size=224):
    "Median seconds of the default transforms (forward and backward) plus the Fourier parameterization."
    from neural_dissection.optvis.transforms import get_transforms, Every
    p = fourier((3, size, size), mean=IMAGENET_MEAN, std=IMAGENET_STD, device=dev)
    ts = [t for t in get_transforms('default', p().detach()) if not isinstance(t, Every)]
    out = []
    for i in range(steps + warmup):
        sync(dev); t = time.perf_counter()
        x = p()
        for f in ts: x = f(x)
        x.mean().backward(); p.params[0].grad = None
        sync(dev); out.append(time.perf_counter() - t)
    return statistics.median(out[warmup:])

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--device', default='cpu'); ap.add_argument('--steps', type=int, default=12)
    ap.add_argument('--warmup', type=int, default=3); ap.add_argument('--threads', type=int, default=None)
    ap.add_argument('--batches', default='1,4'); ap.add_argument('--compile', action='store_true')
    ap.add_argument('--skip', default='', help='comma-separated sections to skip: bare,render,layout,batch')
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    dev = torch.device(a.device); skip = set(a.skip.split(','))
    torch.manual_seed(0)
    g = torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=True).to(dev).eval()
    print(f"torch {torch.__version__}, device {dev}{' (' + torch.cuda.get_device_name() + ')' if dev.type == 'cuda' else ''}, "
          f"threads {torch.get_num_threads()}, GoogLeNet 224 px, medians of {a.steps} steps after {a.warmup} warm-up")
    S, W = a.steps, a.warmup

    if 'bare' not in skip:
        print("\n1. frozen forward+backward, no render loop (s/step)")
        full = bare_time(g, 'inception5b', dev, S, W, stop=False)
        print(f"   whole network            {full:.4f}")
        for l in LAYERS:
            t = bare_time(g, l, dev, S, W)
            print(f"   stopped after {l:12s} {t:.4f}   x{full / t:.2f}")
        print(f"   default transforms + Fourier param alone: {transforms_time(dev, S, W):.4f}")

    if 'render' not in skip:
        print("\n2. render, one channel (steps/s; speed-up of stopping early over running the whole network each step,"
              "\n   in this loop (stop_early=False) and in a lucent-style loop: weights not frozen, hooks, same transforms)")
        for tf in ('default', 'none'):
            for l in LAYERS:
                e = step_time(g, channel(l, 0), dev, S, W, transforms=tf)
                f = step_time(g, channel(l, 0), dev, S, W, transforms=tf, stop_early=False)
                line = f"   transforms={tf:7s} {l:12s} stop early {1/e:6.2f}/s   whole network {1/f:6.2f}/s x{f / e:.2f}"
                if tf == 'default':
                    lu = lucent_like_time(g, l, dev, S, W)
                    line += f"   lucent-style {1/lu:6.2f}/s x{lu / e:.2f}"
                print(line)

    if 'layout' not in skip:
        print("\n3. memory layout / compilation on top (inception3a and inception4a, default transforms, steps/s)")
        for l in LAYERS[:2]:
            base = step_time(g, channel(l, 0), dev, S, W)
            g.to(memory_format=torch.channels_last)
            cl = step_time(g, channel(l, 0), dev, S, W, channels_last=True)
            g.to(memory_format=torch.contiguous_format)
            print(f"   {l:12s} eager {1/base:6.2f}/s   channels_last {1/cl:6.2f}/s   x{base / cl:.2f}")
        if a.compile:
            for l in LAYERS[:2]:
                base = step_time(g, channel(l, 0), dev, S, W)
                try:
                    t0 = time.perf_counter()
                    gc = torch.compile(g)
                    step_time(gc, channel(f'_orig_mod.{l}', 0), dev, 2, 1)          # compile
                    ct = time.perf_counter() - t0
                    c = step_time(gc, channel(f'_orig_mod.{l}', 0), dev, S, W)
                    print(f"   {l:12s} eager {1/base:6.2f}/s   torch.compile {1/c:6.2f}/s   x{base / c:.2f} (compiling took {ct:.0f} s)")
                except Exception as e:
                    print(f"   {l:12s} torch.compile failed: {type(e).__name__}: {str(e)[:200]}")

    if 'batch' not in skip:
        print("\n4. batched render vs separate renders (inception4a channels, default transforms)")
        one = step_time(g, channel('inception4a', 0), dev, S, W)
        print(f"   batch  1: {one:.4f} s/step = {one:.4f} s per neuron-step")
        for b in [int(v) for v in a.batches.split(',') if int(v) > 1]:
            t = step_time(g, batched([channel('inception4a', c) for c in range(b)]), dev, S, W, batch=b)
            print(f"   batch {b:2d}: {t:.4f} s/step = {t / b:.4f} s per neuron-step   "
                  f"({one * b / t:.2f}x the throughput of {b} separate renders)")

if __name__ == '__main__': main()
