"""Ours against lucent, side by side in one run: `nd_visualize googlenet-random inception3a:0 --steps 256` as a whole
process against lucent's `render_vis` on the same random-weight GoogLeNet (bench/lucent_render.py), alternated
`--repeats` times; then our start-up (`--help`, an argument error, `import neural_dissection`) and our per-step
cost against its floor (a frozen forward+backward stopped after the layer, plus the transforms). Prints figures,
asserts nothing. lucent is not a dependency: point `--lucent` at a folder holding it, e.g.

    pip install --no-deps --target /tmp/lucent torch-lucent==0.1.8 kornia==0.4.1
    python bench/bench_vs_lucent.py --lucent /tmp/lucent

The machine is printed first; on a shared machine read the medians and the ratios.
"""
import argparse, contextlib, os, platform, statistics, subprocess, sys, tempfile, time
from pathlib import Path

HERE = Path(__file__).parent

def wall(cmd, env=None)->float:
    "Seconds `cmd` takes as a whole process (fails loudly if it fails)."
    t = time.perf_counter(); r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if r.returncode not in (0, 2): sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
    return time.perf_counter() - t

def machine()->str:
    "One line about this machine."
    import torch
    load = os.getloadavg()[0] if hasattr(os, 'getloadavg') else float('nan')
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cpus, torch {torch.__version__} "
            f"({torch.get_num_threads()} threads), load {load:.1f}, python {platform.python_version()}")

def med(xs): return statistics.median(xs)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--lucent', default=None, help='a folder holding lucent (and kornia) to put on PYTHONPATH')
    ap.add_argument('--steps', type=int, default=256); ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--objective', default='inception3a:0')
    ap.add_argument('--skip-lucent', action='store_true', help='only our figures')
    a = ap.parse_args()
    py = sys.executable; print("machine:", machine())
    env = dict(os.environ, PYTHONWARNINGS='ignore')
    lenv = dict(env, PYTHONPATH=os.pathsep.join(p for p in (a.lucent, env.get('PYTHONPATH')) if p))
    out = Path(tempfile.mkdtemp()) / 'x.png'
    ours_cmd = [py, '-m', 'neural_dissection.cli', 'nd_visualize', 'googlenet-random', a.objective,
                '--steps', str(a.steps), '--quiet', '--out', str(out)]
    luc_cmd = [py, str(HERE / 'lucent_render.py'), '--steps', str(a.steps), '--objective', a.objective]
    ours, luc = [], []
    for i in range(a.repeats):
        ours.append(wall(ours_cmd, env))
        if not a.skip_lucent: luc.append(wall(luc_cmd, lenv))
        print(f"  run {i + 1}: ours {ours[-1]:.1f} s" + (f", lucent {luc[-1]:.1f} s" if luc else ''), flush=True)
    print(f"\n1. whole process, {a.objective}, {a.steps} steps, GoogLeNet (random weights) at 224 px, median of {a.repeats}:")
    print(f"   nd_visualize {med(ours):7.2f} s")
    if luc: print(f"   lucent       {med(luc):7.2f} s   -> ours is {med(luc) / med(ours):.2f}x faster")

    print("\n2. start-up (median of 5 processes):")
    for label, cmd in [('python -c pass', [py, '-c', 'pass']),
                       ('import torch', [py, '-c', 'import torch']),
                       ('import neural_dissection', [py, '-c', 'import neural_dissection']),
                       ('nd_visualize --help', [py, '-m', 'neural_dissection.cli', 'nd_visualize', '--help']),
                       ('nd_visualize with a bad layer', [py, '-m', 'neural_dissection.cli', 'nd_visualize', 'mnist-classifier', 'conv99:0'])]:
        print(f"   {label:32s} {med([wall(cmd, env) for _ in range(5)]):6.2f} s")

    print("\n3. per step, in process (medians over 24 steps after 4 warm-up):")
    import torch, torchvision
    sys.path.insert(0, str(HERE))
    from bench_render import step_time, bare_time, transforms_time
    from neural_dissection.optvis.objectives import channel
    from neural_dissection.optvis.render import as_channels_last, to_channels_last, wants_channels_last
    torch.manual_seed(0); cpu = torch.device('cpu')
    g = torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=True).eval()
    layer, ch = a.objective.split(':')[0], int(a.objective.split(':')[1])
    cl = wants_channels_last(g, torch.zeros(1, 3, 224, 224), cpu)
    with as_channels_last(g) if cl else contextlib.nullcontext():
        bare = bare_time(g, layer, cpu, 24, 4, to=to_channels_last if cl else None)
    tr = transforms_time(cpu, 24, 4)
    step = step_time(g, channel(layer, ch), cpu, 24, 4)
    print(f"   (render runs channels-last here: {cl}; the floor is measured in the same layout)")
    print(f"   frozen forward+backward stopped after {layer}: {bare * 1e3:6.1f} ms")
    print(f"   default transforms + Fourier parameterization:  {tr * 1e3:6.1f} ms")
    print(f"   render step:                                     {step * 1e3:6.1f} ms "
          f"({step / (bare + tr):.2f}x the floor of {(bare + tr) * 1e3:.1f} ms)")

if __name__ == '__main__': main()
