exec(open('.dev/t1.py').read().split("import time")[0])
import time
for lr in (0.1, 0.02, 0.005):
    for spec in ('pitch:60', 'real', 'features.4:3'):
        v = render_critic(D0, spec, prior='none', param='harmonic', steps=5, lr=lr)
        print(lr, spec, [round(h,4) for h in v.history])
_cs = critic_specs
def critic_specs(w, rep, if_grad_at_floor=True): return _cs(w, rep, True)
for spec in ('pitch:60', 'real', 'features.4:3'):
    v = render_critic(D0, spec, prior='none', param='harmonic', steps=5, lr=0.1)
    print('ifgrad', spec, [round(h,4) for h in v.history])
