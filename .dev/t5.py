exec(open('.dev/t1.py').read().split("import time")[0])
for c in (0.02, 0.005, 1e-4):
    for spec in ('pitch:60', 'real', 'features.4:3', 'pitch:50'):
        v = render_critic(D0, spec, prior='none', param='harmonic', steps=5, lr=0.05, f0_lr_scale=c)
        print(c, spec, [round(h,4) for h in v.history])
