import sys; sys.path.insert(0,'.dev')
import torch, time, math
torch.set_num_threads(1)
from proto import *
from neural_dissection.pretrained import load_pretrained
from neural_dissection.audio.pitch import estimate_pitch, cents, harmonicity
from neural_dissection.data.notes import hz_to_midi
D = load_pretrained('gansynth-critic'); rep = D.rep
H = CriticHeads(D)
# screening grid
f0s = midi_to_hz(torch.arange(36, 84.01, 0.5))
torch.manual_seed(0)
P = HarmonicSpecParam(len(f0s), rep, f0=f0s)
with torch.no_grad(): x = P(); o = H(x)
print('grid score', o[:,0].min().item(), o[:,0].max().item(), o[:,0].mean().item())
ls = o[:,1:].log_softmax(1)
pred = o[:,1:].argmax(1)+48
m = torch.arange(36, 84.01, 0.5)
for i in range(0, len(m), 4): print(float(m[i]), int(pred[i]), round(float(ls[i].max().exp()),2))
for M in [48,51,54,57,60,63,66,69,72]:
    j = ls[:, M-48].argmax(); print('target', M, 'best grid f0 midi', float(m[j]), 'p', float(ls[j, M-48].exp()))
