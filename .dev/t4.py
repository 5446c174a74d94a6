exec(open('.dev/t1.py').read().split("import time")[0])
from neural_dissection.hooks import Capture
targets = parse_targets('real', D0)
obj = critic_objective(targets, rep)
set_seed(0); P = HarmonicSpecParam(1, rep, f0=261.6)
def L():
    with Capture(H0, _layers(targets)) as cap:
        cap(P()); return obj(cap.acts)
for p in D0.parameters(): p.requires_grad_(False)
l = L(); l.backward()
gs = [q.grad.clone() for q in P.params]
print('grad norms', [float(g.norm()) for g in gs])
for eps in (1e-1, 1e-2, 1e-3, 1e-4):
    with torch.no_grad():
        for q, g in zip(P.params, gs): q -= eps * g
        l2 = L()
        for q, g in zip(P.params, gs): q += eps * g
    print(eps, float(l), float(l2), 'predicted', float(l) - eps*sum(float((g**2).sum()) for g in gs))
