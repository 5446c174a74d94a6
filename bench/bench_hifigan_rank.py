"""Time ranking the 128 channels of HiFi-GAN universal's `ups.1` by single-unit ablation over 8 real half-second notes
with a cheap spectral score (brightness), the fast way (`dissect.hifigan.stage_effects`: head once, ablations batched in
the tail, scored on a central window) against the generic `dissect.edit.unit_effects` on a few units, and check that the
two agree. The budget: at most 2 CPU-minutes (`time.process_time`, all threads, user + system) for the 128 units.
Usage: python bench/bench_hifigan_rank.py [--units 128] [--window 8] [--notes 8] [--threads N] [--chunk U] [--check 4]"""
import argparse, resource, time, torch
from neural_dissection.audio.hifigan import load_hifigan
from neural_dissection.dissect.hifigan import note_mels, stage_effects, brightness
from neural_dissection.dissect.edit import unit_effects, order_units

BUDGET_CPU_S = 120.

ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
ap.add_argument('--units', type=int, default=128); ap.add_argument('--notes', type=int, default=8)
ap.add_argument('--window', type=int, default=8); ap.add_argument('--check', type=int, default=4)
ap.add_argument('--threads', type=int, default=None, help="torch threads (default: torch's own)")
ap.add_argument('--chunk', type=int, default=None, help="units per tail pass (default: stage_effects' own)")
a = ap.parse_args()
if a.threads: torch.set_num_threads(a.threads)
G = load_hifigan('universal'); mels, _, pitches = note_mels(a.notes, 0.5)
stage_effects(G, 'ups.1', brightness, mels[:1], units=[0], window=a.window)         # warm-up (first-call set-up)
units = list(range(a.units))
t, c, r0 = time.perf_counter(), time.process_time(), resource.getrusage(resource.RUSAGE_SELF)
fast = stage_effects(G, 'ups.1', brightness, mels, units=units, window=a.window, chunk=a.chunk)
tf, cf, r1 = time.perf_counter() - t, time.process_time() - c, resource.getrusage(resource.RUSAGE_SELF)
print(f"stage_effects ups.1: {len(units)} units x {a.notes} notes of 0.5 s, window {a.window} frames: {tf:.1f} s wall, {cf:.1f} CPU-s "
      f"(user {r1.ru_utime - r0.ru_utime:.1f}, system {r1.ru_stime - r0.ru_stime:.1f}; {cf / tf:.2f} cores busy; {tf / len(units):.2f} s/unit); "
      f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)")
if len(units) == 128 and a.notes == 8: print(f"budget {BUDGET_CPU_S:.0f} CPU-s: {'met' if cf <= BUDGET_CPU_S else 'MISSED'} ({cf / BUDGET_CPU_S:.0%} of it)")
if a.check:
    top = order_units(fast, by='abs').top(a.check)
    t = time.perf_counter(); full = unit_effects(G, 'ups.1', brightness, latents=mels, units=top, batch=a.notes, tile=False); tn = time.perf_counter() - t
    print(f"unit_effects (one full pass per unit, whole notes) on the top {a.check}: {tn:.1f} s ({tn / a.check:.2f} s/unit)")
    fe = torch.stack([fast.effects[units.index(u)] for u in top])
    for u, x, y in zip(top, fe.tolist(), full.effects.tolist()): print(f"  unit {u}: windowed {x:+.1f} Hz, whole notes {y:+.1f} Hz")
    print(f"speed-up per unit {tn / a.check / (tf / len(units)):.1f}x; sign agreement {int((fe.sign() == full.effects.sign()).sum())}/{a.check}")
