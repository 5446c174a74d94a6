exec(open('.dev/t1.py').read().split("import time")[0])
with torch.no_grad(): D0.pitch.weight.mul_(30); D0.score.weight.mul_(30); D0.features[0].weight[:, 1] = 0
for seed in (0, 1, 2):
    for spec in ('pitch:60', 'real', 'features.4:3', 'pitch:50'):
        v = render_critic(D0, spec, prior='none', param='harmonic', steps=5, lr=0.05, f0_lr_scale=1e-6, seed=seed)
        print(seed, spec, [round(h,4) for h in v.history])
from neural_dissection.pretrained import load_pretrained
DB = load_pretrained('gansynth-critic')
for seed in (0, 1):
    for spec in ('pitch:60', 'real', 'features.4:3', 'pitch:50'):
        v = render_critic(DB, spec, prior='none', param='harmonic', steps=5, lr=0.05, f0_lr_scale=0.02, seed=seed)
        print('bundled', seed, spec, [round(h,4) for h in v.history])
