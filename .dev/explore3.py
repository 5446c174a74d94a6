import sys; sys.path.insert(0,'.dev')
import torch, time, math
torch.set_num_threads(1)
from proto import *
from neural_dissection.pretrained import load_pretrained
from neural_dissection.audio.pitch import estimate_pitch, cents, harmonicity
from neural_dissection.optvis.render import render
from neural_dissection.optvis.objectives import prob, channel, batched, logit
D = load_pretrained('gansynth-critic'); rep = D.rep
H = CriticHeads(D)
targets = [49, 52, 55, 58, 61, 64, 67, 70]
def objs(w_real=0.02): return batched([prob(M-48, layer='pitch', log=True) - w_real*channel('score', 0) for M in targets])
def measure(name, res):
    x = res.inputs
    with torch.no_grad(): o = H(x)
    ls = o[:,1:].log_softmax(1)
    waves = specs_to_waves(x, rep)
    f0 = estimate_pitch(waves, 16000, fmin=50, fmax=1500)
    c = cents(f0, midi_to_hz(torch.tensor(targets).double()))
    hit = (c.abs() < 50)
    print(f"{name}: hits {int(hit.sum())}/8, cents {[round(float(v)) if v==v else None for v in c]}, pitch-head argmax {(o[:,1:].argmax(1)+48).tolist()}, p {ls[torch.arange(8), torch.tensor(targets)-48].exp().mean():.2f}, score {o[:,0].mean():.1f}, obj {res.history[0]:.2f}->{res.history[-1]:.2f}, {res.seconds:.0f}s")
for tf in ['none', 'safe', 'unsafe']:
    torch.manual_seed(0)
    res = render(H, objs(), param=SpecParam(8, rep), transforms=critic_transforms(tf, rep), steps=200, lr=0.05, progress=False)
    measure(f'free/{tf}', res)
for tf in ['none', 'safe', 'unsafe']:
    torch.manual_seed(0)
    f0 = torch.exp(torch.empty(8).uniform_(math.log(midi_to_hz(36)), math.log(midi_to_hz(84))))
    print('start midi', [round(float(v)) for v in 69+12*torch.log2(f0/440)])
    P = HarmonicSpecParam(8, rep, f0=f0)
    res = render(H, objs(), param=P, transforms=critic_transforms(tf, rep), steps=200, lr=0.05, progress=False)
    measure(f'harm-spread/{tf}', res); print('  final f0 midi', [round(float(v),1) for v in 69+12*torch.log2(P.f0()/440)])
