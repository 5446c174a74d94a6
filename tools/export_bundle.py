"""Pick the bundled GAN weights from `nd_train --snapshots` runs and record how they were made and how good they are.

Run by `tools/train_bundled.sh` on the training machine, after the runs. For every run folder (`dcgan`, `wgan-sound`,
`wgan-paper`), every epoch snapshot (the generator and, with `--ema`, its weight average) is judged with the bundled
`mnist-classifier` on 10,000 samples against the features of the 60,000 *training* images; the best one (lowest
Frechet distance among those that meet the coverage and score targets, else lowest Frechet distance) is exported with
the discriminator/critic of the same epoch. Its final metrics are then measured on 10,000 fresh samples against the
*test* images, beside the real-data values (training vs test images). Each weight file's `meta` records the command,
epochs, wall time, machine, hyperparameters, selection table, metrics, a downsampled loss history and the fixed-noise
samples at a few epochs, so that the tutorial needs nothing but the package.

The commands that made a run come from its history's `sessions` (one per start or resume); for runs older than that
record, `--commands FILE` gives them as JSON, {run name: [command, ...]}. The paper-critic comparison run is also set
against the sound critic's snapshot of the same epoch, so that the two are compared at equal training.

Usage: python3 tools/export_bundle.py RUNS_DIR OUT_DIR [--data-root D] [--device cuda] [--budget-s 120] [--n 10000]
                                      [--commands FILE]
"""
import argparse, json, shutil, sys, time
from pathlib import Path
import torch

from neural_dissection.core import get_device
from neural_dissection.data.mnist import load_mnist
from neural_dissection.metrics import classify, feature_stats, feature_metrics, image_metrics, sample, meets_targets
from neural_dissection.models import load_pretrained, load_weights, save_weights
from neural_dissection.gan.train import load_checkpoint

RUNS = [('dcgan', 'dcgan-generator', 'dcgan-discriminator'),
        ('wgan-sound', 'wgan-gp-generator', 'wgan-gp-critic'),
        ('wgan-paper', None, None),          # the paper's critic: recorded in wgan-gp-generator's meta, not shipped
        ('dcgan-wide', None, None)]          # the paper's (TensorFlow tutorial's) widths: recorded in dcgan-generator's meta
EXTRAS = {'wgan-paper': ('wgan-gp-generator', 'paper_critic'), 'dcgan-wide': ('dcgan-generator', 'paper_widths')}
SAMPLE_EPOCHS = [1, 2, 5, 10, 20, 50, 100, 200]

def downsample(v, n=600):
    "Average a per-step series into at most `n` points."
    v = torch.tensor(v, dtype=torch.float32)
    if len(v) <= n: return v.tolist()
    k = -(-len(v) // n); m = len(v) // k * k
    return v[:m].view(-1, k).mean(1).tolist()

def small_history(h):
    keys = ['d_loss', 'g_loss', 'wdist', 'gp']
    return dict(**{k: downsample(h[k]) for k in keys}, n={k: len(h[k]) for k in keys}, steps_per_epoch=h['steps_per_epoch'],
                epoch_seconds=[round(s, 2) for s in h['epoch_seconds']], hp={k: v for k, v in h['hp'].items()})

def to_u8(x): return ((x.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).cpu()

def inject(out, run, rec):
    "Put the record of a comparison run into the meta of the shipped generator it is compared with."
    target, key = EXTRAS[run]
    f = out/'weights'/f'{target}.pt'
    if not f.exists(): print(f"{run}: {target} not exported, its record is only in summary.json", flush=True); return
    d = torch.load(f, weights_only=True)
    d['meta'][key] = {k: rec[k] for k in ('command', 'commands', 'same_epoch', 'arch', 'critic', 'epochs_trained', 'seconds', 'hp', 'selected', 'metrics',
                                          'targets', 'history', 'chosen_samples', 'samples', 'samples_epochs', 'stop', 'fp16_check')}
    torch.save(d, f)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('runs'); ap.add_argument('out')
    ap.add_argument('--data-root', default=None); ap.add_argument('--device', default=None)
    ap.add_argument('--budget-s', type=float, default=120.); ap.add_argument('--n', type=int, default=10000)
    ap.add_argument('--commands', default=None, help='JSON file: {run name: [command, ...]} for runs without history sessions')
    a = ap.parse_args()
    given = json.loads(Path(a.commands).read_text()) if a.commands else {}
    t0, dev = time.time(), get_device(a.device)
    runs, out = Path(a.runs), Path(a.out); (out/'weights').mkdir(parents=True, exist_ok=True)
    clf = load_pretrained('mnist-classifier', dev)
    xtr, _ = load_mnist(a.data_root, train=True); xte, _ = load_mnist(a.data_root, train=False)
    (f_tr, p_tr), (f_te, p_te) = classify(clf, xtr), classify(clf, xte)      # each set through the classifier once
    ref_train, ref_test = feature_stats(f_tr), feature_stats(f_te)
    real = feature_metrics(f_tr, p_tr, ref_test)          # real-data values: training images against test statistics
    real_sel = feature_metrics(f_te, p_te, ref_train)      # and the other way round, the scale of the selection FD
    print(f"real data: FD(train vs test) {real['fd']:.3f}, score(train) {real['score']:.3f}; "
          f"FD(test vs train) {real_sel['fd']:.3f}, score(test) {real_sel['score']:.3f}", flush=True)
    summary = dict(real=real, real_test_vs_train=real_sel, runs={})
    n_runs = sum((runs/r).exists() for r, _, _ in RUNS)
    for name, gname, dname in RUNS:
        rd = runs/name
        if not (rd/'checkpoint.pt').exists(): print(f"{name}: no checkpoint, skipped", flush=True); continue
        try:
            ck = load_checkpoint(rd/'checkpoint.pt'); hist = ck['history']
            final_meta = load_weights(rd/'generator.pt').meta if (rd/'generator.pt').exists() else {}
            snaps = sorted((rd/'snapshots').glob('e*'), reverse=True)
            budget_end = time.time() + max(a.budget_s - (time.time() - t0), 10) / max(n_runs, 1)
            n_runs -= 1
            table = []
            for sd in snaps:                                   # newest first, as many as the time allows
                if time.time() > budget_end: break
                for variant in ['generator', 'generator-ema']:
                    if not (sd/f'{variant}.pt').exists(): continue
                    G = load_weights(sd/f'{variant}.pt', dev)
                    m = image_metrics(clf, sample(G, a.n, seed=123), ref_train)
                    ok = all(meets_targets(m, real_sel).values())
                    table.append(dict(epoch=int(sd.name[1:]), variant=variant, fd_train=round(m['fd'], 4),
                                      score=round(m['score'], 4), min_share=m['min_share'], max_share=m['max_share'], ok=ok))
            if not table: print(f"{name}: no snapshots evaluated", flush=True); continue
            good = [r for r in table if r['ok']] or table
            best = min(good, key=lambda r: r['fd_train'])
            sd = rd/'snapshots'/f"e{best['epoch']:03d}"
            G = load_weights(sd/f"{best['variant']}.pt", dev)
            m = image_metrics(clf, sample(G, a.n, seed=0), ref_test)
            targets = meets_targets(m, real)
            # the cost of float16 storage: the last epoch's float32 generator (from the checkpoint) against its rounding
            from neural_dissection.gan.models import Generator
            g32 = Generator(**ck['hp']['G_config']); g32.load_state_dict(ck['G']); g32.to(dev).eval()
            g16 = Generator(**ck['hp']['G_config'])
            g16.load_state_dict({k: v.half().float() if v.is_floating_point() else v for k, v in ck['G'].items()}); g16.to(dev).eval()
            m32, m16 = [image_metrics(clf, sample(g, a.n, seed=0), ref_test) for g in (g32, g16)]
            fp16 = dict(epoch=ck['epoch'], fd32=m32['fd'], fd16=m16['fd'], score32=m32['score'], score16=m16['score'])
            print(f"{name}: float16 storage check at epoch {ck['epoch']}: FD {m32['fd']:.4f} (float32) vs {m16['fd']:.4f} (float16)", flush=True)
            fixed = ck['fixed_noise'][:16]
            shots = {}
            for e in SAMPLE_EPOCHS + [ck['epoch']]:
                p = rd/'snapshots'/f'e{e:03d}'/'generator.pt'
                if p.exists():
                    with torch.no_grad(): shots[e] = to_u8(load_weights(p, dev)(fixed.to(dev)))
            with torch.no_grad(): chosen_samples = to_u8(G(fixed.to(dev)))
            sessions = hist.get('sessions') or []
            commands = given.get(name) or [s_['command'] for s_ in sessions if s_.get('command')] or [final_meta.get('command')]
            same_epoch = None                                  # the sound critic at the epoch the paper critic reached
            sp = runs/'wgan-sound'/'snapshots'/f"e{ck['epoch']:03d}"/'generator.pt'
            if name == 'wgan-paper' and sp.exists():
                same_epoch = dict(epoch=ck['epoch'], variant='generator', metrics=image_metrics(clf, sample(load_weights(sp, dev), a.n, seed=0), ref_test))
            rec = dict(command=commands[-1], commands=commands, same_epoch=same_epoch, run=name, kind=ck['hp']['kind'], critic=final_meta.get('critic'),
                       arch=final_meta.get('arch'), epochs_trained=ck['epoch'], stop=final_meta.get('stop'),
                       seconds=round(sum(hist['epoch_seconds']), 1), machine=final_meta.get('machine'),
                       torch=final_meta.get('torch'), hp=final_meta.get('hp'),
                       selected=dict(epoch=best['epoch'], variant=best['variant'],
                                     rule='lowest FD vs training features among snapshots meeting the targets (else lowest FD)'),
                       selection=table, metrics=m, targets=targets, real=real, fp16_check=fp16, history=small_history(hist),
                       samples_epochs=list(shots), samples=torch.stack(list(shots.values())) if shots else None,
                       chosen_samples=chosen_samples)
            summary['runs'][name] = {k: v for k, v in rec.items() if k not in ('samples', 'chosen_samples', 'history')}
            (out/'summary.json').write_text(json.dumps(summary, indent=1, default=str))   # after every run: a timeout loses little
            if name in EXTRAS: inject(out, name, rec)
            print(f"{name}: {ck['epoch']} epochs in {rec['seconds']:.0f} s; picked epoch {best['epoch']} {best['variant']} "
                  f"of {len(table)} candidates; test FD {m['fd']:.3f} (real {real['fd']:.3f}, x{m['fd']/real['fd']:.2f}), "
                  f"score {m['score']:.3f}, shares {m['min_share']:.3f}-{m['max_share']:.3f}; targets {targets}", flush=True)
            if gname:
                D = load_weights(sd/'discriminator.pt')
                save_weights(G, out/'weights'/f'{gname}.pt', rec)
                save_weights(D, out/'weights'/f'{dname}.pt', {k: v for k, v in rec.items() if k not in ('samples', 'chosen_samples', 'selection')})
            rs = out/'runs'/name; (rs/'samples').mkdir(parents=True, exist_ok=True)
            if (rd/'losses.png').exists(): shutil.copy(rd/'losses.png', rs/'losses.png')
            pngs = sorted((rd/'samples').glob('epoch_*.png'))     # about 20 of them: the bundle must stay small
            for p in pngs[::max(len(pngs)//20, 1)] + pngs[-1:]: shutil.copy(p, rs/'samples'/p.name)
        except Exception as e:                               # one bad run must not lose the others
            print(f"{name}: export FAILED: {type(e).__name__}: {e}", flush=True)
    (out/'summary.json').write_text(json.dumps(summary, indent=1, default=str))
    print(f"export done in {time.time()-t0:.0f} s: {sorted(o.name for o in (out/'weights').iterdir())}", flush=True)

if __name__ == '__main__': main()
