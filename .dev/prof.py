import sys; sys.path.insert(0,'.dev')
import torch, time
torch.set_num_threads(1)
from proto import *
from neural_dissection.pretrained import load_pretrained
D = load_pretrained('gansynth-critic'); rep = D.rep; H = CriticHeads(D)
for K in (40, 32):
    P = HarmonicSpecParam(8, rep, f0=midi_to_hz(torch.tensor(60.)), n_harmonics=K)
    t0=time.time()
    for _ in range(5): w = P.synth(); 
    t1=time.time()
    for _ in range(5): x = P(); H(x)[:,1].sum().backward()
    t2=time.time(); print(K, 'synth', (t1-t0)/5, 'full step', (t2-t1)/5)
x = torch.zeros(8,2,128,64, requires_grad=True)
for tf in ['safe']:
    ts = critic_transforms(tf, rep)
    for t in ts:
        t0=time.time()
        for _ in range(5): y=t(x); y.sum().backward()
        print(t.__name__, (time.time()-t0)/5)
