import sys; sys.path.insert(0,'.dev')
import torch, time, math
torch.set_num_threads(1)
from proto import *
from neural_dissection.pretrained import load_pretrained
from neural_dissection.audio.pitch import estimate_pitch, cents, harmonicity
from neural_dissection.optvis.render import render
from neural_dissection.optvis.objectives import prob, channel, batched, logit
from neural_dissection.data.notes import NotesDataset
from neural_dissection.metrics import feature_stats, frechet_distance
D = load_pretrained('gansynth-critic'); rep = D.rep
H = CriticHeads(D)
targets = [49, 52, 55, 58, 61, 64, 67, 70]
w,p,_,_ = NotesDataset(256, duration=note_length(rep)/16000, pitches=rep['pitches'], seed=7).tensors()
real = waves_to_specs(w, rep)
with torch.no_grad(): fr = D.features(real)
ref = feature_stats(fr)
def nn_ratio(f):
    d = torch.cdist(f, fr); dd = torch.cdist(fr, fr); dd.fill_diagonal_(float('inf'))
    return (d.min(1).values / dd.min(1).values.median()).median().item()
print('FD 8 real', sum(frechet_distance(feature_stats(fr[torch.randperm(256)[:8]]), ref) for _ in range(5))/5)
def objs(ts, w_real=0.02): return batched([prob(M-48, layer='pitch', log=True) - w_real*channel('score', 0) for M in ts])
def measure(name, x, secs):
    with torch.no_grad(): o = H(x); f = D.features(x)
    ls = o[:,1:].log_softmax(1)
    waves = specs_to_waves(x, rep)
    f0 = estimate_pitch(waves, 16000, fmin=50, fmax=1500)
    c = cents(f0, midi_to_hz(torch.tensor(targets).double()))
    hit = (c.abs() < 50)
    print(f"{name}: hits {int(hit.sum())}/8, cents {[round(float(v)) if v==v else None for v in c]}, head {(o[:,1:].argmax(1)+48).tolist()}, p {ls[torch.arange(8), torch.tensor(targets)-48].exp().mean():.2f}, score {o[:,0].mean():.1f}, FD {frechet_distance(feature_stats(f), ref):.0f} NN {nn_ratio(f):.2f} harm {harmonicity(waves, 16000, f0=f0).nanmean():.2f} {secs:.0f}s", flush=True)
measure('real', real[:8], 0)
f0s = midi_to_hz(torch.arange(36, 84.01, 0.5)); torch.manual_seed(0)
P = HarmonicSpecParam(len(f0s), rep, f0=f0s, n_harmonics=32)
with torch.no_grad(): ls = H(P())[:,1:].log_softmax(1)
ns = 3
starts = []
for M in targets:
    s = ls[:, M-48]; picked=[]
    for j in s.argsort(descending=True).tolist():
        if all(abs(j-k) >= 3 for k in picked): picked.append(j)
        if len(picked)==ns: break
    starts.append(f0s[picked])
starts = torch.stack(starts); print('starts midi', (69+12*torch.log2(starts/440)).round().tolist())
items = [M for M in targets for _ in range(ns)]
for tf in ['none', 'safe', 'unsafe']:
    torch.manual_seed(0)
    P = HarmonicSpecParam(len(items), rep, f0=starts.flatten(), n_harmonics=32)
    res = render(H, objs(items), param=P, transforms=critic_transforms(tf, rep), steps=200, lr=0.05, progress=False)
    with torch.no_grad(): o = H(res.inputs)
    val = (o[:,1:].log_softmax(1)[torch.arange(len(items)), torch.tensor(items)-48] + 0.02*o[:,0]).view(8, ns)
    best = val.argmax(1) + torch.arange(8)*ns
    measure(f'harm-screen/{tf}', res.inputs[best], res.seconds)
    print('  final f0 midi', [round(float(v),1) for v in 69+12*torch.log2(P.f0().detach()[best]/440)])
# real start: notes whose pitch is >= 3 semitones from the target
idx = [int(((p - M).abs() >= 3).nonzero()[i][0]) for i, M in enumerate(targets)]
print('real start pitches', p[idx].tolist())
for tf in ['none', 'safe']:
    torch.manual_seed(0)
    res = render(H, objs(targets), param=SpecParam(8, rep, init=real[idx]), transforms=critic_transforms(tf, rep), steps=200, lr=0.05, progress=False)
    measure(f'real-start/{tf}', res.inputs, res.seconds)
