exec(open('.dev/t1.py').read().split("import time")[0])
with torch.no_grad(): D0.pitch.weight.mul_(30); D0.score.weight.mul_(30)
for seed in (0, 1, 2):
    for spec in ('pitch:60', 'real', 'features.4:3', 'pitch:50'):
        v = render_critic(D0, spec, prior='none', param='harmonic', steps=5, lr=0.05, f0_lr_scale=0.02, seed=seed)
        print(seed, spec, [round(h,4) for h in v.history])
