import torch, time, math
torch.set_num_threads(1)
from neural_dissection.pretrained import load_pretrained
from neural_dissection.audio.gansynth import *
from neural_dissection.data.notes import NotesDataset, midi_to_hz
D = load_pretrained('gansynth-critic'); G = load_pretrained('gansynth-generator')
rep = D.rep; print(rep)
print(D)
w,p,fam,vel = NotesDataset(64, duration=note_length(rep)/16000, pitches=rep['pitches'], seed=7).tensors()
x = waves_to_specs(w, rep)
with torch.no_grad():
    s, l = D.score_and_logits(x); f = D.features(x)
print('real score', s.mean().item(), s.std().item(), 'acc', (l.argmax(1)==p-48).float().mean().item())
print('lm max per note', x[:,0].amax((1,2))[:8], 'mean', x[:,0].mean().item(), 'frac floor', (x[:,0]<=-0.999).float().mean().item())
print('rms', w.pow(2).mean(1).sqrt()[:8])
g = generate_specs(G, p, seed=1)
with torch.no_grad(): sg, lg = D.score_and_logits(g); fg=D.features(g)
print('gen score', sg.mean().item(), sg.std().item())
noise = torch.tanh(0.01*torch.randn(8,2,128,64))
with torch.no_grad(): sn, ln = D.score_and_logits(noise)
print('noise score', sn.mean().item())
mu = f.mean(0); d_real = (f-mu).norm(dim=1); print('feat dist real', d_real.mean().item(), 'gen', (fg-mu).norm(dim=1).mean().item(), 'noise', (D.features(noise)-mu).norm(dim=1).mean().item())
t0=time.time()
xx = x[:8].clone().requires_grad_()
for i in range(10):
    o = D.classify(xx)[:,5].sum(); o.backward()
print('fwd+bwd b8', (time.time()-t0)/10)
