exec(open('.dev/t1.py').read().split("import time")[0])
from neural_dissection.pretrained import load_pretrained
DB = load_pretrained('gansynth-critic'); HB = critic_heads(DB)
targets = parse_targets('pitch:60', DB); obj = critic_objective(targets, rep)
set_seed(0); P = HarmonicSpecParam(1, rep, f0=261.6)
with torch.no_grad():
    for sc in (1e-3, 1e-4, 1e-5):
        vals = []
        for j in range(20):
            d = torch.randn(1, generator=torch.Generator().manual_seed(j)) * sc / P.c
            P.pitch.add_(d); x = P(); P.pitch.sub_(d)
            with Capture(HB, ['score','pitch']) as cap: cap(x); vals.append(float(obj(cap.acts)))
        v = torch.tensor(vals); print('log f0 perturb', sc, 'std', float(v.std()))
for c in (0.02, 0.005):
  for seed in (0, 1):
    for spec in ('pitch:60', 'real', 'features.4:3', 'pitch:50'):
        v = render_critic(DB, spec, prior='none', param='harmonic', steps=5, lr=0.05, f0_lr_scale=c, seed=seed)
        w = render_critic(D0, spec, prior='none', param='harmonic', steps=5, lr=0.05, f0_lr_scale=c, seed=seed)
        print(c, seed, spec, 'bundled', [round(h,4) for h in v.history], 'tiny', [round(h,4) for h in w.history])
