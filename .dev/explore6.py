import sys; sys.path.insert(0,'.dev')
exec(open('.dev/explore4.py').read().split("measure('real', real[:8], 0)")[0])
f0s = midi_to_hz(torch.arange(36, 84.01, 0.5))
def screen(tf, draws=4):
    torch.manual_seed(0)
    P = HarmonicSpecParam(len(f0s), rep, f0=f0s, n_harmonics=32)
    ts = critic_transforms(tf, rep)
    acc = 0
    with torch.no_grad():
        x = P()
        for d in range(draws if ts else 1):
            y = x
            for t in ts: y = t(y)
            acc = acc + H(y)[:,1:].log_softmax(1)
    ls = acc / (draws if ts else 1)
    return torch.stack([f0s[ls[:, M-48].argmax()] for M in targets])
for nf, nmax in [(None, -20.), (16, -20.)]:
  for tf in ['none', 'safe', 'unsafe']:
    st = screen(tf); print('start midi', (69+12*torch.log2(st/440)).tolist())
    torch.manual_seed(0)
    P = HarmonicSpecParam(8, rep, f0=st, n_harmonics=32, n_filter=nf, noise_max_db=nmax)
    res = render(H, objs(targets), param=P, transforms=critic_transforms(tf, rep), steps=150, lr=0.05, progress=False)
    measure(f'harm filt={nf}/{tf}', res.inputs, res.seconds)
    print('  final f0 midi', [round(float(v),1) for v in 69+12*torch.log2(P.f0().detach()/440)], 'noise max dB', (20*P.noise_gain.detach().amax(1)/math.log(10)).round().tolist(),
          'env range', (P.log_env.detach().amax(1)-P.log_env.detach().amin(1)).round().tolist(), flush=True)
    torch.save(dict(x=res.inputs, f0=P.f0().detach(), env=P.log_env.detach(), ng=P.noise_gain.detach()), f'.dev/res_{nf}_{tf}.pt')
