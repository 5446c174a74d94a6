exec(open('.dev/t1.py').read().split("import time")[0])
with torch.no_grad(): D0.pitch.weight.mul_(30); D0.score.weight.mul_(30)
targets = parse_targets('pitch:50', D0)
obj = critic_objective(targets, rep)
set_seed(0); P = HarmonicSpecParam(1, rep, f0=float(screen_f0(D0, targets, 'none')[0,0]), f0_lr_scale=0.02)
def L():
    with Capture(H0, _layers(targets)) as cap:
        cap(P()); return obj(cap.acts)
for p in D0.parameters(): p.requires_grad_(False)
l = L(); l.backward()
gs = [q.grad.clone() for q in P.params]
print('grad norms', [float(g.norm()) for g in gs])
for which in range(4):
  for eps in (1e-2, 1e-3, 1e-4):
    with torch.no_grad():
        q, g = P.params[which], gs[which]
        q -= eps * g; l2 = L(); q += eps * g
    print(which, eps, float(l), float(l2), 'predicted', float(l) - eps*float((g**2).sum()))
with torch.no_grad():
    a = P(); b = P(); print('det', float((a-b).abs().max()))
    P.params[1][0, 5] += 1e-4; c = P(); P.params[1][0, 5] -= 1e-4
    d = (c - a).abs(); print('change max', float(d.max()), 'ch0', float(d[:,0].max()), 'ch1', float(d[:,1].max()), 'n>0.1', int((d>0.1).sum()))
    idx = (d[0,1] > 0.1).nonzero()[:5]; print(idx, a[0,0][idx[:,0], idx[:,1]])
    print(float(L()), float(L()))
with torch.no_grad():
    l0 = float(L()); x0 = P()
    P.params[1].sub_(1e-4 * gs[1]); l1 = float(L()); x1 = P(); P.params[1].add_(1e-4 * gs[1]); l2 = float(L())
    print(l0, l1, l2, 'x change', float((x1-x0).abs().max()))
    with Capture(H0, ['score','pitch']) as cap:
        cap(x0); a0 = {k: v.clone() for k, v in cap.acts.items()}
        cap(x1); a1 = {k: v.clone() for k, v in cap.acts.items()}
    print({k: float((a0[k]-a1[k]).abs().max()) for k in a0})
    print(float(obj(a0)), float(obj(a1)))
    d = (x1-x0).abs(); idx = (d > 0.5).nonzero(); print('flips', len(idx), idx[:10].tolist(), 'logmag there', x0[0,0][idx[:,2], idx[:,3]][:10].tolist())
    with torch.no_grad(): D0.features[0].weight[:, 1] = 0
for seed in (0, 1, 2):
    for spec in ('pitch:60', 'real', 'features.4:3', 'pitch:50'):
        v = render_critic(D0, spec, prior='none', param='harmonic', steps=5, lr=0.05, f0_lr_scale=0.02, seed=seed)
        print(seed, spec, [round(h,4) for h in v.history])
