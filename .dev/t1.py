exec(open('.dev/critic.py').read().split("# %% [markdown]\n# The lucent idiom")[0].replace("test_fail(lambda: parse_targets('featurs","#").replace('def tiny_critic(seed=0): set_seed(seed); return GANSynthCritic(ndf=2, rep=rep).eval()', '''def tiny_critic(seed=0):
    set_seed(seed); D = GANSynthCritic(ndf=2, rep=rep).eval()
    for m in D.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)): m.reset_parameters()
    return D'''))
import time
for param in PARAMS:
    for spec in ('pitch:60', 'real', 'features.4:3'):
        t0=time.time()
        v = render_critic(D0, spec, prior='none', param=param, steps=5, lr=0.1)
        print(param, spec, v.history[0], v.history[-1], time.time()-t0)
