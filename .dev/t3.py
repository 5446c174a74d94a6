exec(open('.dev/t1.py').read().split("import time")[0])
with torch.no_grad(): D0.features[0].weight[:, 1] = 0
for lr in (0.1, 0.05, 0.02):
    for spec in ('pitch:60', 'real', 'features.4:3', 'pitch:50'):
        v = render_critic(D0, spec, prior='none', param='harmonic', steps=5, lr=lr)
        print(lr, spec, [round(h,4) for h in v.history])
