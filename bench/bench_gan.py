"""Benchmark one DCGAN and one WGAN-GP training epoch on this machine.

For each GAN and width preset, times 3 blocks of `--steps` training steps (after `--warmup` untimed ones; the
fastest block counts, as the least disturbed by other jobs) with the library's
in-memory `TensorLoader`, and the same steps fed by torchvision's per-item `DataLoader` (PIL decoding and
`ToTensor`/`Normalize` per image, the usual tutorial pipeline) as the baseline. An epoch is extrapolated from the
timed fraction (60,000 images; a WGAN-GP epoch means 60,000 images seen by the critic, with a generator step every 5
critic steps). FLOPs per image are counted with the formulas of `torch.utils.flop_counter` on one step (forward and
backward of both networks, the gradient penalty's double backward included), and the achieved GFLOP/s is set against
the float32 matmul GFLOP/s measured in the same run. A benchmark prints figures; it asserts nothing.

Usage: ND_DATA=../shared/data python bench/bench_gan.py [--archs small,paper] [--steps 20] [--bs 128] [--threads 2]
"""
import argparse, time, statistics
import torch
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils.flop_counter import flop_registry

from neural_dissection.core import set_seed
from neural_dissection.data.mnist import load_mnist, TensorLoader, data_root
from neural_dissection.gan.models import make_gan, n_params
from neural_dissection.gan.train import gan_step

def matmul_gflops(n=1024, reps=10):
    "Best-of-3 float32 matmul throughput, GFLOP/s."
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(2): a @ b
    best = 0
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(reps): a @ b
        best = max(best, 2*n**3*reps / (time.perf_counter() - t) / 1e9)
    return best

def setup(kind, arch):
    set_seed(0)
    G, D = make_gan(kind, arch, 'sound')
    betas = (0.5, 0.999) if kind == 'dcgan' else (0., 0.9)
    optG = torch.optim.Adam(G.parameters(), 2e-4, betas=betas); optD = torch.optim.Adam(D.parameters(), 2e-4, betas=betas)
    return G, D, optG, optD, (1 if kind == 'dcgan' else 5)

class CountFlops(TorchDispatchMode):
    "Count FLOPs of every op PyTorch's flop counter knows (matmuls, convolutions, their backward), forward and backward."
    # torch's FlopCounterMode also tracks modules, with hooks that break `autograd.grad` on a leaf (the gradient penalty)
    def __init__(self): super().__init__(); self.total = 0
    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        f = flop_registry.get(func._overloadpacket)
        if f is not None: self.total += f(*args, **kwargs, out_val=out)
        return out

def flops_per_image(kind, arch, bs):
    "FLOPs of `n_critic` steps (one generator step) divided by the images the critic saw."
    G, D, optG, optD, nc = setup(kind, arch)
    x = torch.randn(bs, 1, 28, 28)
    with CountFlops() as fc:
        for s in range(nc): gan_step(kind, G, D, optG, optD, x, s, nc)
    return fc.total / (bs * nc)

def time_steps(kind, arch, batches, steps, warmup, repeats=3):
    "Seconds per step, data loading included: the best of `repeats` blocks of `steps` steps (the least disturbed)."
    G, D, optG, optD, nc = setup(kind, arch)
    it = iter(batches); times = []
    for s in range(warmup + steps*repeats):
        if s >= warmup and (s - warmup) % steps == 0: t = time.perf_counter()
        x = next(it)
        x = x[0] if isinstance(x, (tuple, list)) else x
        gan_step(kind, G, D, optG, optD, x, s, nc)
        if s >= warmup and (s - warmup) % steps == steps - 1: times.append((time.perf_counter() - t) / steps)
    return min(times)

def torchvision_loader(bs):
    "The usual tutorial pipeline, the baseline: torchvision's MNIST, a PIL image and ToTensor/Normalize per item."
    from torchvision import datasets, transforms
    tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
    return torch.utils.data.DataLoader(datasets.MNIST(str(data_root()), train=True, transform=tf), batch_size=bs,
                                       shuffle=True, num_workers=0, drop_last=True)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--archs', default='small'); ap.add_argument('--steps', type=int, default=20)
    ap.add_argument('--warmup', type=int, default=3); ap.add_argument('--bs', type=int, default=128)
    ap.add_argument('--threads', type=int, default=None); ap.add_argument('--no-baseline', action='store_true')
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    x, _ = load_mnist()
    N = len(x)
    mm = matmul_gflops()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; float32 matmul (1024^2): {mm:.1f} GFLOP/s")
    print(f"timing the best of 3 blocks of {a.steps} steps of batch {a.bs} after {a.warmup} warm-up steps, extrapolated to an epoch of {N} images\n")
    rows = []
    for arch in a.archs.split(','):
        for kind in ['dcgan', 'wgan-gp']:
            G, D, *_ = setup(kind, arch)
            fpi = flops_per_image(kind, arch, a.bs)
            dl = TensorLoader(x, bs=a.bs, seed=0)
            sec = time_steps(kind, arch, iter(dl), a.steps, a.warmup)
            ips = a.bs / sec
            row = dict(kind=kind, arch=arch, params=f"G {n_params(G)/1e6:.2f}M D {n_params(D)/1e6:.2f}M", loader='TensorLoader',
                       epoch_s=N/ips, ips=ips, mflop=fpi/1e6, gflops=fpi*ips/1e9)
            rows.append(row)
            if not a.no_baseline:
                sec2 = time_steps(kind, arch, iter(torchvision_loader(a.bs)), a.steps, a.warmup)
                ips2 = a.bs / sec2
                rows.append(dict(row, loader='torchvision DataLoader', epoch_s=N/ips2, ips=ips2, gflops=fpi*ips2/1e9))
    hdr = f"{'GAN':8} {'arch':6} {'params':16} {'loader':22} {'epoch (s)':>10} {'images/s':>9} {'MFLOP/img':>10} {'GFLOP/s':>8} {'% of matmul':>11}"
    print(hdr); print('-'*len(hdr))
    for r in rows:
        print(f"{r['kind']:8} {r['arch']:6} {r['params']:16} {r['loader']:22} {r['epoch_s']:10.1f} {r['ips']:9.0f} {r['mflop']:10.1f} "
              f"{r['gflops']:8.1f} {100*r['gflops']/mm:10.0f}%")
    if not a.no_baseline:                             # the loaders alone: what feeding a fast accelerator costs
        print("\nloading alone (no model), images/s:")
        for name, dl in [('TensorLoader', TensorLoader(x, bs=a.bs, seed=0)), ('torchvision DataLoader', torchvision_loader(a.bs))]:
            it = iter(dl); next(it); t = time.perf_counter(); n = 0
            for _ in range(50): next(it); n += a.bs
            ips = n / (time.perf_counter() - t)
            print(f"  {name:22} {ips:12.0f} images/s: an epoch of loading takes {N/ips:6.2f} s")
    print("\nEpoch times are extrapolated from the timed steps (this machine is shared and noisy: expect +-30%).")

if __name__ == '__main__': main()
