import sys; sys.path.insert(0,'.dev')
exec(open('.dev/explore4.py').read().split("items = [M for M")[0].replace("measure('real', real[:8], 0)", ""))
items = [M for M in targets for _ in range(ns)]
for nf, fixed in [(16, False), (None, True)]:
  for tf in ['none', 'safe']:
    torch.manual_seed(0)
    P = HarmonicSpecParam(len(items), rep, f0=starts.flatten(), n_harmonics=32, n_filter=nf, fixed_f0=fixed)
    res = render(H, objs(items), param=P, transforms=critic_transforms(tf, rep), steps=150, lr=0.05, progress=False)
    with torch.no_grad(): o = H(res.inputs)
    pt = o[:,1:].log_softmax(1)[torch.arange(len(items)), torch.tensor(items)-48].view(8, ns)
    print('  p per start', pt.exp().numpy().round(2).tolist())
    val = (pt.flatten() + 0.02*o[:,0]).view(8, ns)
    best = val.argmax(1) + torch.arange(8)*ns
    measure(f'harm-screen filt={nf} fixed={fixed}/{tf}', res.inputs[best], res.seconds)
    measure(f'   first start only', res.inputs[torch.arange(8)*ns], res.seconds)
    print('  final f0 midi', [round(float(v),1) for v in 69+12*torch.log2(P.f0().detach()[best]/440)], flush=True)
