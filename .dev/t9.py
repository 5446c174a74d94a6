exec(open('.dev/t1.py').read().split("import time")[0])
from neural_dissection.pretrained import load_pretrained
DB = load_pretrained('gansynth-critic'); HB = critic_heads(DB)
targets = parse_targets('pitch:60', DB); obj = critic_objective(targets, rep)
def canon(x):
    i0 = x[:, 1, :, :1]
    i0 = torch.where(i0 < -1 + 1e-3, torch.ones_like(i0), i0)
    return torch.cat([x[:, :1], torch.cat([i0, x[:, 1, :, 1:]], -1)[:, None]], 1)
set_seed(0); P = HarmonicSpecParam(1, rep, f0=261.6)
with torch.no_grad():
    for name, fn in [('raw', lambda x: x), ('canon', canon)]:
        vals = []
        for j in range(20):
            g = torch.Generator().manual_seed(j)
            d = torch.randn(P.log_amp.shape, generator=g) * 1e-4
            P.log_amp.add_(d); x = fn(P()); P.log_amp.sub_(d)
            with Capture(HB, ['score','pitch']) as cap: cap(x); vals.append(float(obj(cap.acts)))
        v = torch.tensor(vals); print(name, 'std of objective under 1e-4 perturbations', float(v.std()), float(v.min()), float(v.max()))
