"""Throughput of the synthesized notes dataset (`neural_dissection.data.notes`) and of the GANSynth transform.

Usage: `python bench/bench_notes.py [--n 120] [--workers 2] [--duration 1.0]`. Prints figures, asserts nothing.
"""
import argparse, time
import torch
from neural_dissection.data.notes import NotesDataset, FAMILIES, synth_note
from neural_dissection.audio.spectral import to_logmag_if, from_logmag_if


def per_family(n, duration):
    "Notes per second for each family, pitches spread over 24-84, one process."
    out = {}
    for fam in FAMILIES:
        pitches = [24 + (60 * i) // max(n - 1, 1) for i in range(n)]
        t = time.perf_counter()
        for i, p in enumerate(pitches): synth_note(p, fam, duration=duration, seed=i)
        out[fam] = n / (time.perf_counter() - t)
    return out


def loader_rate(n, duration, workers, bs=16):
    "Notes per second through a DataLoader with `workers` worker processes."
    dl = torch.utils.data.DataLoader(NotesDataset(n, duration=duration, seed=1), batch_size=bs, num_workers=workers)
    t = time.perf_counter(); k = sum(len(b[0]) for b in dl)
    return k / (time.perf_counter() - t)


def spec_rate(bs, duration, reps=5):
    "Notes per second through to_logmag_if and back (batched, CPU)."
    x = torch.stack([synth_note(60, 'reed', duration=duration, seed=i) for i in range(bs)])
    to_logmag_if(x)
    t = time.perf_counter()
    for _ in range(reps): s = to_logmag_if(x)
    fwd = bs * reps / (time.perf_counter() - t)
    t = time.perf_counter()
    for _ in range(reps): from_logmag_if(s, length=x.shape[-1])
    return fwd, bs * reps / (time.perf_counter() - t)


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--n', type=int, default=60, help='notes per measurement')
    ap.add_argument('--workers', type=int, default=2, help='DataLoader workers for the parallel measurement')
    ap.add_argument('--duration', type=float, default=1.0, help='seconds per note')
    a = ap.parse_args()
    print(f'torch threads: {torch.get_num_threads()}, note length {a.duration} s at 16 kHz')
    for fam, r in per_family(a.n // 3, a.duration).items(): print(f'  {fam:9s} {r:7.1f} notes/s')
    print(f'dataset, 1 process:        {loader_rate(a.n, a.duration, 0):7.1f} notes/s')
    if a.workers: print(f'dataset, {a.workers} workers:         {loader_rate(a.n, a.duration, a.workers):7.1f} notes/s')
    f, b = spec_rate(32, a.duration)
    print(f'to_logmag_if (batch 32):   {f:7.1f} notes/s;  from_logmag_if: {b:7.1f} notes/s')
