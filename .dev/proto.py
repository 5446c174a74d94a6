import math, torch, torch.nn.functional as F
from torch import nn
from neural_dissection.optvis.param import Param
from neural_dissection.audio.spectral import to_logmag_if
from neural_dissection.audio.gansynth import note_length, waves_to_specs, specs_to_waves, pitch_index, n_pitches
from neural_dissection.data.notes import midi_to_hz

class CriticHeads(nn.Module):
    def __init__(self, critic):
        super().__init__()
        self.features, self.score, self.pitch = critic.features, critic.score, critic.pitch
        self.rep = critic.rep
    def forward(self, x):
        h = self.features(x)
        return torch.cat([self.score(h), self.pitch(h)], 1)

def normalize_logmag(lm, rep): return 2*(lm.clamp(rep['lo'], rep['hi'])-rep['lo'])/(rep['hi']-rep['lo'])-1
def denormalize_logmag(m, rep): return (m+1)/2*(rep['hi']-rep['lo'])+rep['lo']

def specs_of(waves, rep, if_floor_grad=False):
    T = note_length(rep)
    s = to_logmag_if(waves[..., :T], rep['n_fft'], rep['hop'])[..., :rep['n_bins'], :]
    m = normalize_logmag(s[:, 0], rep); i = s[:, 1]
    if not if_floor_grad: i = torch.where(m > -1 + 1e-4, i, i.detach())
    return torch.stack([m, i], 1)

class SpecParam(Param):
    def __init__(self, batch, rep, sd=0.01, init=None, device=None):
        self.batch, self.rep = batch, rep
        u = torch.randn(batch, 2, rep['n_bins'], rep['n_frames'])*sd
        if init is not None: u = u + torch.atanh(init.clamp(-0.999, 0.999))
        self.u = u.to(device or 'cpu').requires_grad_(); self.params=[self.u]
    def __call__(self): return torch.tanh(self.u)
    def assign(self, x):
        with torch.no_grad(): self.u.copy_(torch.atanh(x.clamp(-0.999,0.999)))

class HarmonicSpecParam(Param):
    def __init__(self, batch, rep, f0=None, n_harmonics=40, n_env=16, n_bands=16, fmin=None, fmax=None, slope=1.0,
                 decay=0.3, noise_db=-45., f0_lr_scale=0.1, rms=0.15, device=None, if_floor_grad=False, n_filter=None, fixed_f0=False, noise_max_db=0.):
        self.batch, self.rep, self.rms, self.c = batch, rep, rms, f0_lr_scale
        self.fmin = float(fmin or midi_to_hz(rep['pitches'][0]-12)); self.fmax = float(fmax or midi_to_hz(rep['pitches'][1]+12))
        self.sr, self.n = rep['sr'], note_length(rep); self.if_floor_grad=if_floor_grad
        if f0 is None: f0 = torch.exp(torch.empty(batch).uniform_(math.log(self.fmin), math.log(self.fmax)))
        f0 = torch.as_tensor(f0, dtype=torch.float32).flatten().expand(batch).clone()
        self.k = torch.arange(1, n_harmonics+1, dtype=torch.float32)
        self.pitch = (f0.log()/self.c)
        self.log_amp = (-slope*self.k.log()).repeat(batch, 1)
        t = torch.linspace(0, self.n/self.sr, n_env)
        env = torch.minimum(t/0.01, torch.ones(())).clamp_min(1e-3).log() - t/decay
        self.log_env = env.repeat(batch, 1)
        self.noise_gain = torch.full((batch, n_bands), noise_db/20*math.log(10))
        self.phase = torch.rand(batch, n_harmonics)*2*math.pi
        self.white = torch.randn(batch, self.n)
        self.noise_max = 10**(noise_max_db/20)
        self.ftop = rep['sr']*rep['n_bins']/rep['n_fft']
        self.filt = None if n_filter is None else torch.zeros(batch, n_filter)
        self.params = ([] if fixed_f0 else [self.pitch]) + ([self.log_amp] if n_filter is None else [self.filt]) + [self.log_env, self.noise_gain]
        self.to(device or 'cpu')
        for p in self.params: p.requires_grad_()
    def f0(self): return (self.pitch*self.c).clamp(math.log(self.fmin), math.log(self.fmax)).exp()
    def harmonic_amps(self):
        fk = self.f0()[:, None]*self.k
        nyq = self.sr * rep_top(self.rep)
        if self.filt is None: la = self.log_amp
        else:
            pos = (fk / self.ftop * (self.filt.shape[1]-1)).clamp(0, self.filt.shape[1]-1)
            i0 = pos.floor().long().clamp(max=self.filt.shape[1]-2); a = pos - i0
            la = self.log_amp + self.filt.gather(1, i0)*(1-a) + self.filt.gather(1, i0+1)*a
        return la.exp()*torch.sigmoid((nyq - fk)/(0.01*self.sr))
    def synth(self, n=None):
        n = n or self.n; dev = self.pitch.device
        t = torch.arange(n, device=dev, dtype=torch.float32)/self.sr
        cyc = torch.frac(self.f0()[:, None]*t)
        arg = 2*math.pi*self.k[None, :, None]*cyc[:, None] + self.phase[..., None]
        x = (self.harmonic_amps()[..., None]*torch.sin(arg)).sum(1)
        white = self.white if n == self.n else torch.randn(self.batch, n, generator=torch.Generator().manual_seed(0)).to(dev)
        X = torch.fft.rfft(white)
        g = F.interpolate(self.noise_gain.exp()[:, None], size=X.shape[-1], mode='linear', align_corners=True)[:, 0]
        g = g.clamp(max=self.noise_max)
        x = x + torch.fft.irfft(X*g, n=n)
        env = F.interpolate(self.log_env[:, None], size=n, mode='linear', align_corners=True)[:, 0].exp()
        x = x*env
        return x*(self.rms/x.pow(2).mean(-1, keepdim=True).add(1e-12).sqrt())
    def __call__(self): return specs_of(self.synth(), self.rep, self.if_floor_grad)

def rep_top(rep): return min(0.45, (rep['n_bins']+0.5)/rep['n_fft'])

from neural_dissection.audio import transforms as AT
from neural_dissection.optvis.transforms import random_rotate
def on_logmag(t, rep):
    "wrap a logmag_if-domain transform so it acts on normalized specs"
    def _t(x):
        lm = denormalize_logmag(x[:, :1], rep)
        lm = torch.where(x[:, :1] <= -1 + 1e-4, torch.full_like(lm, AT.LOG_EPS), lm)
        y = t(torch.cat([lm, x[:, 1:]], 1))
        return torch.cat([normalize_logmag(y[:, :1], rep), y[:, 1:]], 1)
    _t.__name__ = getattr(t, '__name__', 'transform'); return _t

def critic_transforms(kind, rep):
    d = 'logmag_if'
    safe = [AT.time_shift(4, 'pad', d), AT.gain((-6., 6.), d), AT.time_stretch((0.9, 1.1), domain=d),
            AT.spec_bilateral(3, 1.0, domain=d), AT.time_blur((0.5, 1.0), domain=d)]
    if kind == 'none': return []
    if kind == 'safe': return [on_logmag(t, rep) for t in safe]
    if kind == 'unsafe': return [on_logmag(t, rep) for t in safe + [AT.freq_shift((-100., 100.), rep['sr'], rep['n_fft'], d)]] + [random_rotate(10)]
