# %% [markdown]
# # audio.critic
#
# > The GANSynth critic dissected on spectrograms: both heads as one model, a tanh-bounded spectrogram and a harmonic-source parameterization in the critic's normalized log-magnitude/IF scale, the audio transforms on that scale (safe and unsafe), pitch, realness and unit objectives, `render_critic`, saving as sound, tensor or picture, and the measures that say whether the asked pitch is heard.

# %%
#| default_exp audio.critic

# %% [markdown]
# Floor 6 (audio dissection): imports core, hooks, optvis, data.notes, audio.spectral/transforms/pitch and
# audio.gansynth (and `metrics.frechet_distance`, inside the measures); nothing above.

# %%
#| export
from __future__ import annotations
import math, time
from collections import namedtuple
from dataclasses import dataclass
from pathlib import Path
import torch
from torch import nn
import torch.nn.functional as F
from neural_dissection.core import set_seed, get_device, module_device, unknown_name_error, save_wav
from neural_dissection.hooks import Capture, frozen, get_layer, layer_names
from neural_dissection.optvis.param import Param
from neural_dissection.optvis.objectives import Objective
from neural_dissection.optvis.render import render, RenderResult
from neural_dissection.optvis.transforms import random_rotate
from neural_dissection.audio.spectral import to_logmag_if
from neural_dissection.audio import transforms as atf
from neural_dissection.audio.gansynth import gansynth_rep, note_length, n_pitches, pitch_index, waves_to_specs, specs_to_waves, plot_spec_grid
from neural_dissection.data.notes import midi_to_hz, hz_to_midi, synth_note

# %%
#| hide
from fastcore.test import *

# %%
import os, tempfile
from neural_dissection.hooks import count_hooks
from neural_dissection.audio.gansynth import GANSynthCritic

# %%
IN_TEST = bool(os.environ.get('IN_TEST'))

# %% [markdown]
# The paper's section 5 proposes to visualize what a spectrogram model has learned by optimizing its input, with
# priors that respect sound: time shift, gain, time stretch and bilateral filtering are acceptable, rotation and
# frequency shift are not, since they break harmonic structure. This notebook does that for the critic of the bundled
# GANSynth (`audio.gansynth`), which reads a normalized two-channel spectrogram (log-magnitude and instantaneous
# frequency, `[2, 128, 64]`) and has two heads: a Wasserstein realness score and a classifier of 25 pitches
# (MIDI 48-72).
#
# A first trial (design notes, section 9) optimized a free tanh-bounded spectrogram from small noise: the pitch head
# was satisfied and nothing was heard. The measurements at the end of this notebook show why and what works instead:
# a harmonic source whose fundamental the critic itself chooses, with the safe transforms on top.
#
# ## Both heads as one model
#
# The critic's `forward` returns the score only (what the gradient penalty needs) and `classify` the pitch logits.
# `CriticHeads` shares the critic's layers (same objects, same names: `features.0` ... `features.8`, `score`,
# `pitch`) and runs both heads in its forward, so that `render` can hook `pitch`, `score` and any hidden layer.

# %%
#| export
class CriticHeads(nn.Module):
    "A `GANSynthCritic` whose forward runs both heads: `[B, 1 + n_pitches]` = (realness score, pitch logits)."
    def __init__(self, critic:nn.Module # a `GANSynthCritic` (its layers are shared, not copied)
                ):
        super().__init__()
        miss = [a for a in ('features', 'score', 'pitch', 'rep') if not hasattr(critic, a)]
        if miss: raise TypeError(f"{type(critic).__name__} is not a GANSynth critic (it has no {', '.join(miss)}): "
                                 f"pass a GANSynthCritic, e.g. load_pretrained('gansynth-critic')")
        self.features, self.score, self.pitch, self.rep = critic.features, critic.score, critic.pitch, critic.rep
        self.input_shape = (2, self.rep['n_bins'], self.rep['n_frames'])
    def forward(self, x):
        h = self.features(x)
        return torch.cat([self.score(h), self.pitch(h)], 1)

def critic_heads(critic:nn.Module # a `GANSynthCritic` or a `CriticHeads`
                )->CriticHeads:
    "`critic` as a `CriticHeads` (unchanged when it is one already)."
    return critic if isinstance(critic, CriticHeads) else CriticHeads(critic)

# %% [markdown]
# A tiny critic for the tests: the module's own class at width 2, with PyTorch's default initialization and heads
# scaled up (the module's N(0, 0.02) start leaves a critic this narrow with nearly constant outputs, on which five
# steps show nothing), and deaf to the IF channel (its first layer's IF weights zeroed): the wrapped IF of quiet
# bins jumps under tiny changes of a harmonic source's f0 (measured on the bundled critic at the end), which makes
# a random critic that reads it a poor test of whether gradients point uphill.

# %%
rep = gansynth_rep()
def tiny_critic(seed=0):
    set_seed(seed); D = GANSynthCritic(ndf=2, rep=rep).eval()
    with torch.no_grad():
        for m in D.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)): m.reset_parameters()
        D.pitch.weight.mul_(30); D.score.weight.mul_(30); D.features[0].weight[:, 1] = 0
    return D
D0 = tiny_critic(); H0 = critic_heads(D0)
x = torch.rand(3, 2, 128, 64) * 2 - 1
test_eq(H0(x).shape, (3, 26))
test_close(H0(x)[:, :1], D0(x)); test_close(H0(x)[:, 1:], D0.classify(x))
assert H0.pitch is D0.pitch and critic_heads(H0) is H0
test_eq([n for n in layer_names(H0) if n], [n for n in layer_names(D0)])
test_fail(lambda: CriticHeads(nn.Linear(2, 2)), contains="GANSynthCritic")

# %% [markdown]
# ## The critic's scale
#
# The critic reads log-magnitudes mapped from `[lo, hi]` (natural log, -7 to 5 by default) onto `[-1, 1]` and clamped,
# where -1 is the floor that `specs_to_waves` turns into silence; the IF channel is used as it is (units of pi per
# hop, in `[-1, 1]`). `to_normalized` and `from_normalized` convert between that scale and the natural-log
# magnitudes of `audio.spectral` and `audio.transforms` (the floor maps to their silence, `log(1e-6)`).

# %%
#| export
def to_normalized(logmag:torch.Tensor, # natural-log magnitudes
                  rep:dict # the representation (`lo`, `hi`)
                 )->torch.Tensor:
    "Natural-log magnitudes on the critic's scale: `[lo, hi]` mapped to `[-1, 1]`, clamped."
    return 2 * (logmag.clamp(rep['lo'], rep['hi']) - rep['lo']) / (rep['hi'] - rep['lo']) - 1

def from_normalized(m:torch.Tensor, # log-magnitudes on the critic's scale
                    rep:dict # the representation
                   )->torch.Tensor:
    "The critic's scale back to natural-log magnitudes; the floor (-1) becomes silence (`audio.transforms.LOG_EPS`)."
    lm = (m + 1) / 2 * (rep['hi'] - rep['lo']) + rep['lo']
    return torch.where(m <= -1 + 1e-4, torch.full_like(lm, atf.LOG_EPS), lm)

# %%
lm = torch.tensor([-20., -7., -1., 5., 9.])
test_close(to_normalized(lm, rep), torch.tensor([-1., -1., 0., 1., 1.]))
test_close(from_normalized(to_normalized(torch.tensor([-6., 0., 4.]), rep), rep), torch.tensor([-6., 0., 4.]), eps=1e-5)
test_close(from_normalized(torch.tensor([-1.]), rep), torch.tensor([atf.LOG_EPS]))

# %% [markdown]
# `critic_specs` is `waves_to_specs` made for optimization: the same values, and gradients that flow back to the
# wave, except through the IF of bins sitting at the floor (the phase of a near-silent bin is noise, and its gradient,
# which goes as one over the magnitude, would swamp the rest). One change of values, not of sound: the first frame's
# IF is the phase itself, and with centred, reflect-padded frames that frame is symmetric, so its phases are 0 or pi
# and the sign of pi is decided by rounding noise. `waves_to_specs` writes -1 or +1 at random; `critic_specs` always
# writes +1 (the same phase). Without this, tiny changes of the source flip bins of that frame by 2 and the objective
# jumps (measured on the bundled critic at the end of this notebook).

# %%
#| export
def critic_specs(waves:torch.Tensor, # [B,T] waves of at least `note_length(rep)` samples
                 rep:dict, # the representation
                 if_grad_at_floor:bool=False # let gradients through the IF of bins at the floor too
                )->torch.Tensor: # [B,2,n_bins,n_frames] on the critic's scale
    "Differentiable `waves_to_specs`: the normalized log-magnitude and IF the critic reads."
    T = note_length(rep)
    if waves.shape[-1] < T: raise ValueError(f"waves have {waves.shape[-1]} samples, fewer than the {T} of this representation")
    s = to_logmag_if(waves[..., :T], rep['n_fft'], rep['hop'])[..., :rep['n_bins'], :]
    m, i = to_normalized(s[..., 0, :, :], rep), s[..., 1, :, :]
    first = i[..., :1]                                             # frame 0: the phase itself, 0 or +-pi (a symmetric frame)
    i = torch.cat([torch.where(first < -1 + 1e-3, torch.ones_like(first), first), i[..., 1:]], -1)
    if not if_grad_at_floor: i = torch.where(m > -1, i, i.detach())
    return torch.stack([m, i], -3)

# %%
t = torch.arange(note_length(rep)) / 16000
w = (0.3 * torch.sin(2 * math.pi * 261.6 * t) * torch.exp(-3 * t))[None].repeat(2, 1).requires_grad_()
s = critic_specs(w, rep)
r = waves_to_specs(w.detach(), rep)
test_close(s[:, 0], r[:, 0], eps=1e-5); test_close(s[..., 1:], r[..., 1:], eps=1e-5)
test_close(torch.remainder(s[:, 1, :, 0] - r[:, 1, :, 0] + 1, 2) - 1, torch.zeros(2, 128), eps=1e-5)   # frame 0: the same phases
s[:, 0].mean().backward(); assert torch.isfinite(w.grad).all() and w.grad.abs().sum() > 0

# %% [markdown]
# ## Parameterizations
#
# `SpecParam` is the naive one of the first trial: every value of both channels free, bounded by a tanh to the
# critic's range, starting from small noise (`sd`) or from given spectrograms (`init`, e.g. real notes).

# %%
#| export
class SpecParam(Param):
    "A free spectrogram on the critic's scale: both channels `tanh` of free values, from small noise or from `init`."
    def __init__(self,
                 batch:int=1, # spectrograms
                 rep:dict=None, # the representation (default `gansynth_rep()`)
                 sd:float=0.01, # std of the random start (added to `init` when given)
                 init:torch.Tensor=None, # start from these spectrograms [batch,2,F,T] (or [2,F,T]) on the critic's scale
                 device=None # where the tensors live
                ):
        self.rep, self.batch = rep or gansynth_rep(), int(batch)
        shape = (self.batch, 2, self.rep['n_bins'], self.rep['n_frames'])
        u = torch.randn(shape) * sd
        if init is not None:
            init = torch.as_tensor(init, dtype=torch.float32)
            if init.ndim == 3: init = init[None].expand(shape)
            if tuple(init.shape) != shape: raise ValueError(f"init must be {shape[1:]} or {shape}, got {tuple(init.shape)}")
            u = u + torch.atanh(init.clamp(-0.999, 0.999))
        self.u = u.to(device or 'cpu').requires_grad_()
        self.params = [self.u]
    def __call__(self)->torch.Tensor: return torch.tanh(self.u)
    def assign(self, x:torch.Tensor):
        "Set the values so that `self()` returns `x` (clamped inside the tanh's range)."
        with torch.no_grad(): self.u.copy_(torch.atanh(x.to(self.u).clamp(-0.999, 0.999)))

# %%
p = SpecParam(2, rep)
test_eq(p().shape, (2, 2, 128, 64)); assert p().abs().max() < 0.1
x = torch.rand(2, 128, 64) * 1.8 - 0.9
test_close(SpecParam(3, rep, sd=0, init=x)(), x.expand(3, -1, -1, -1), eps=1e-5)
test_fail(lambda: SpecParam(2, rep, init=torch.zeros(3, 2, 128, 64)), contains='init must be')

# %% [markdown]
# `HarmonicSpecParam` is the strong prior: a note made by a harmonic source and rendered into the critic's
# representation with the library's own STFT (`critic_specs`), so that every spectrogram it makes is the spectrogram
# of a real sound, with magnitudes and IF that agree. What is optimized: the fundamental (one per item, in log
# frequency, scaled by `f0_lr_scale` so it moves slowly, kept within `[fmin, fmax]`), the log-amplitudes of the
# harmonics (starting as 1/k), an amplitude envelope (`n_env` points, starting with a 10 ms attack and an
# exponential decay) and the gains of a filtered noise (`n_bands`, capped at `noise_max_db` relative to the
# harmonics). The phases of the harmonics are random and fixed; the note is scaled to the RMS level `rms`.

# %%
#| export
class HarmonicSpecParam(Param):
    "A harmonic source (f0, harmonic amplitudes, envelope, noise) rendered into the critic's normalized log-magnitude and IF."
    def __init__(self,
                 batch:int=1, # notes
                 rep:dict=None, # the representation (default `gansynth_rep()`)
                 f0=None, # start fundamental(s) in Hz: a number, one per item, or `None` (log-uniform in [fmin, fmax])
                 n_harmonics:int=32, # harmonics (those above the representation's top bin are muted)
                 n_env:int=16, # points of the amplitude envelope
                 n_bands:int=16, # bands of the noise filter
                 fmin:float=None, # lowest f0 (Hz; default an octave below the critic's lowest pitch)
                 fmax:float=None, # highest f0 (Hz; default an octave above its highest)
                 decay:float=0.3, # time constant (s) of the starting envelope's decay
                 noise_db:float=-45., # starting noise level relative to the harmonics (dB)
                 noise_max_db:float=-20., # the noise never exceeds this (dB relative to the harmonics)
                 f0_lr_scale:float=0.005, # log f0 = f0_lr_scale * parameter: Adam moves f0 by at most ~lr*8.7 cents a step
                 rms:float=0.15, # RMS level of the notes (the bundled critic's real notes: 0.06-0.35)
                 device=None # where the tensors live
                ):
        self.rep, self.batch = rep or gansynth_rep(), int(batch)
        if self.batch < 1: raise ValueError(f"batch must be at least 1, got {batch}")
        lo, hi = self.rep['pitches']
        self.fmin = float(fmin if fmin is not None else midi_to_hz(lo - 12))
        self.fmax = float(fmax if fmax is not None else midi_to_hz(hi + 12))
        self.sr, self.n, self.rms, self.c = self.rep['sr'], note_length(self.rep), rms, float(f0_lr_scale)
        self.top = self.sr * (self.rep['n_bins'] + 0.5) / self.rep['n_fft']        # Hz above which nothing is seen
        self.noise_max = 10 ** (noise_max_db / 20)
        if f0 is None: f0 = torch.exp(torch.empty(self.batch).uniform_(math.log(self.fmin), math.log(self.fmax)))
        f0 = torch.as_tensor(f0, dtype=torch.float32).flatten()
        if len(f0) == 1: f0 = f0.repeat(self.batch)
        if len(f0) != self.batch: raise ValueError(f"f0 has {len(f0)} values for a batch of {self.batch}: give one, or one per item")
        if not ((f0 >= self.fmin * 0.999) & (f0 <= self.fmax * 1.001)).all():
            raise ValueError(f"start f0 must lie in [fmin, fmax] = [{self.fmin:.1f}, {self.fmax:.1f}] Hz, got {f0.min():.1f}..{f0.max():.1f}")
        self.k = torch.arange(1, n_harmonics + 1, dtype=torch.float32)
        self.pitch = f0.clamp(self.fmin, self.fmax).log() / self.c
        self.log_amp = (-self.k.log()).repeat(self.batch, 1)
        te = torch.linspace(0, self.n / self.sr, n_env)
        self.log_env = ((te / 0.01).clamp(1e-3, 1).log() - te / decay).repeat(self.batch, 1)
        self.noise_gain = torch.full((self.batch, n_bands), noise_db / 20 * math.log(10))
        self.phase = torch.rand(self.batch, n_harmonics) * 2 * math.pi
        self.white = torch.randn(self.batch, self.n)
        self.params = [self.pitch, self.log_amp, self.log_env, self.noise_gain]
        self.to(device or 'cpu')
        for q in self.params: q.requires_grad_()

    def f0(self)->torch.Tensor:
        "The current fundamental of each item (Hz), kept in [fmin, fmax]."
        return (self.pitch * self.c).clamp(math.log(self.fmin), math.log(self.fmax)).exp()

    def harmonic_amps(self)->torch.Tensor:
        "Amplitudes [B,K] of the harmonics as synthesized (muted above the representation's top bin)."
        fk = self.f0()[:, None] * self.k
        return self.log_amp.exp() * torch.sigmoid((self.top - fk) / (0.005 * self.sr))

    def synth(self)->torch.Tensor:
        "The notes [B, note_length] as waves."
        t = torch.arange(self.n, device=self.pitch.device, dtype=torch.float32) / self.sr
        cyc = torch.frac(self.f0()[:, None] * t)                                  # cycles of f0, kept small for float32
        arg = 2 * math.pi * self.k[None, :, None] * cyc[:, None] + self.phase[..., None]
        x = (self.harmonic_amps()[..., None] * torch.sin(arg)).sum(1)
        X = torch.fft.rfft(self.white)
        g = F.interpolate(self.noise_gain.exp()[:, None], size=X.shape[-1], mode='linear', align_corners=True)[:, 0]
        x = x + torch.fft.irfft(X * g.clamp(max=self.noise_max), n=self.n)
        env = F.interpolate(self.log_env[:, None], size=self.n, mode='linear', align_corners=True)[:, 0].exp()
        x = x * env
        return x * (self.rms / x.pow(2).mean(-1, keepdim=True).add(1e-12).sqrt())

    def __call__(self)->torch.Tensor: return critic_specs(self.synth(), self.rep)

# %% [markdown]
# A harmonic note at middle C puts its energy in the bins of its harmonics (bins are 31.25 Hz apart, the first one
# at 31.25 Hz), and its wave is heard at its f0:

# %%
from neural_dissection.audio.pitch import estimate_pitch, cents

# %%
set_seed(0)
hp = HarmonicSpecParam(2, rep, f0=[261.63, 440.])
xs = hp()
test_eq(xs.shape, (2, 2, 128, 64)); assert xs.min() >= -1 and xs.max() <= 1
peak_bin = xs[:, 0, :, 10:40].mean(-1).argmax(-1) + 1                       # +1: the DC bin is dropped
test_eq(peak_bin, torch.tensor([round(261.63 / 31.25), round(440 / 31.25)]))
f = estimate_pitch(specs_to_waves(xs.detach(), rep), 16000)
assert (cents(f, torch.tensor([261.63, 440.])).abs() < 20).all(), f
test_fail(lambda: HarmonicSpecParam(1, rep, f0=30.), contains='[fmin, fmax]')
test_fail(lambda: HarmonicSpecParam(3, rep, f0=[200., 300.]), contains='one per item')

# %% [markdown]
# ## Transforms on the critic's scale
#
# The audio transforms of `audio.transforms` work on natural-log magnitudes (domain `'logmag_if'`), where a gain of
# 6 dB adds 0.69 and the bilateral filter's `sigma_range` is in nepers. `on_normalized` wraps one so that it acts on
# the critic's scale: un-normalize (the floor becomes silence), apply, re-normalize (clamping). The IF channel passes
# through untouched by gain and filtering, and moves with the frames in time shifts and stretches.

# %%
#| export
def on_normalized(t, # a transform of `audio.transforms` made with domain='logmag_if'
                  rep:dict # the representation
                 ):
    "Make a `'logmag_if'` transform act on the critic's normalized spectrograms: un-normalize, apply, re-normalize."
    def _t(x):
        y = t(torch.cat([from_normalized(x[:, :1], rep), x[:, 1:]], 1))
        return torch.cat([to_normalized(y[:, :1], rep), y[:, 1:]], 1)
    _t.__name__ = _t.__qualname__ = getattr(t, '__name__', 'transform')
    return _t

# %% [markdown]
# The sets: `safe_transforms` are the paper's acceptable invariances (a time shift of up to `max_shift` frames with
# silence shifted in, a gain, a time stretch, the bilateral filter on the log-magnitude and a time blur);
# `unsafe_transforms` are those it warns against (a frequency shift of the bins, a rotation of the picture).
# `critic_transforms` names the three priors `render_critic` offers: `'safe'` (also `'default'`), `'none'`, and
# `'unsafe'`, which is the safe set plus the unsafe transforms, so that its difference to `'safe'` is theirs alone.

# %%
#| export
def safe_transforms(rep:dict, # the representation
                    max_shift:int=4, # time shift: frames (silence shifted in)
                    db_range=(-6., 6.), # gain range (dB)
                    rates=(0.9, 1.1), # time-stretch rates
                    bilateral:tuple=(3, 1., 1.), # (size, sigma_space, sigma_range in nepers) of the bilateral filter, or `None`
                    blur=(0.5, 1.), # time blur sigma range (frames), or `None`
                   )->list:
    "The audio-safe transforms, acting on the critic's scale: time shift, gain, time stretch, bilateral filter, time blur."
    d = 'logmag_if'
    ts = [atf.time_shift(max_shift, 'pad', d), atf.gain(db_range, d), atf.time_stretch(rates, domain=d)]
    if bilateral: ts.append(atf.spec_bilateral(*bilateral, domain=d))
    if blur: ts.append(atf.time_blur(blur, domain=d))
    return [on_normalized(t, rep) for t in ts]

def unsafe_transforms(rep:dict, # the representation
                      hz=(-100., 100.), # frequency shift range (Hz; turned into whole bins)
                      degrees:float=10. # largest rotation of the spectrogram picture
                     )->list:
    "The transforms the paper warns against, on the critic's scale: frequency shift and rotation."
    fs = on_normalized(atf.freq_shift(hz, rep['sr'], rep['n_fft'], 'logmag_if'), rep)
    return [fs] + ([random_rotate(degrees)] if degrees else [])

PRIORS = ('safe', 'default', 'none', 'unsafe')

def critic_transforms(prior='safe', # 'safe' (= 'default'), 'none', 'unsafe', or a list of callables
                      rep:dict=None # the representation
                     )->list:
    "The transforms of a named prior: the safe set, nothing, or the safe set plus the unsafe transforms."
    if prior is None: return []
    if not isinstance(prior, str): return list(prior)
    if prior not in PRIORS: raise unknown_name_error('prior', prior, PRIORS)
    rep = rep or gansynth_rep()
    if prior == 'none': return []
    return safe_transforms(rep) + (unsafe_transforms(rep) if prior == 'unsafe' else [])

# %% [markdown]
# Every transform keeps the shape and the range; the safe ones keep the bin of a harmonic (measured as the loudest
# bin of the mean log-magnitude of a steady tone at 500 Hz, bin 16), the frequency shift moves it and the rotation
# smears it. With a gain of 0 dB the wrapper is exact away from the clamps.

# %%
set_seed(1)
tone = HarmonicSpecParam(4, rep, f0=500.)
tone.log_amp.data[:, 1:] = -20                                   # a pure tone: the fundamental alone
with torch.no_grad(): xt = tone()
def peak(x): return (x[:, 0, :, 8:56].mean(-1).argmax(-1) + 1).tolist()
test_eq(peak(xt), [16] * 4)
safe = dict(zip(['time_shift', 'gain', 'time_stretch', 'spec_bilateral', 'time_blur'], safe_transforms(rep)))
for name, tf in safe.items():
    torch.manual_seed(0); y = tf(xt)
    test_eq(y.shape, xt.shape); assert y.min() >= -1 and y.max() <= 1, name
    test_eq(peak(y), [16] * 4)
fshift, rot = unsafe_transforms(rep, hz=(150., 150.), degrees=(30, 30))
torch.manual_seed(0); test_eq(peak(fshift(xt)), [21] * 4)          # 150 Hz = 4.8 bins: rounded to 5
test_eq(rot(xt).shape, xt.shape)
assert (rot(xt)[:, 0] - xt[:, 0]).abs().mean() > 0.05
test_close(on_normalized(atf.gain(0., 'logmag_if'), rep)(xt), xt, eps=1e-5)
test_eq(len(critic_transforms('none', rep)), 0); test_eq(len(critic_transforms('default', rep)), 5)
test_eq(len(critic_transforms('unsafe', rep)), 7)
test_fail(lambda: critic_transforms('wild', rep), contains='Known priors')

# %% [markdown]
# ## Targets and objectives
#
# A target is what one spectrogram is optimized for, written as on the command line: `pitch:M` (the pitch head's
# class for MIDI pitch M, as a log-softmax, so that raising the other classes does not count), `real` (the realness
# score), or `LAYER:CH` (the mean of channel CH of a hidden layer, e.g. `features.4:3`). `parse_targets` reads a
# comma-separated list and checks every target against the critic, with errors that say what to write instead.

# %%
#| export
Target = namedtuple('Target', 'kind layer index')   # kind: 'pitch' (index = MIDI), 'real', or 'unit' (layer, channel)

def _channels(heads:CriticHeads, layer:str)->int:
    "Channels of `layer` of the critic, by a dry forward pass (hooks removed)."
    get_layer(heads, layer)                                   # unknown layers fail here, listing close names
    with torch.no_grad(), Capture(heads, [layer], stop_early=True) as cap:
        cap(torch.zeros(1, *heads.input_shape, device=module_device(heads)))
    return cap.acts[layer].shape[1]

def parse_targets(spec, # 'pitch:60', 'real', 'features.4:3', a comma-separated list, or a list of those
                  critic:nn.Module # the critic (to check pitches, layers and channels)
                 )->list: # of `Target`
    "Read and check targets: 'pitch:M' (MIDI), 'real' (realness), 'LAYER:CH' (a hidden channel)."
    heads = critic_heads(critic); out = []
    parts = [s.strip() for s in spec.split(',')] if isinstance(spec, str) else list(spec)
    if not parts or not all(parts): raise ValueError(f"no target in {spec!r}: write e.g. pitch:60, real or features.4:3")
    lo, hi = heads.rep['pitches']
    for s in parts:
        if isinstance(s, Target): out.append(s); continue
        if s == 'real': out.append(Target('real', 'score', 0)); continue
        name, sep, idx = s.rpartition(':')
        if not sep or not idx.strip().lstrip('-').isdigit():
            raise ValueError(f"cannot read target {s!r}: write pitch:M (MIDI {lo}-{hi}), real, or LAYER:CH (e.g. features.4:3)")
        i = int(idx)
        if name == 'pitch':
            if not lo <= i <= hi: raise ValueError(f"pitch {i} is outside this critic's MIDI range {lo}-{hi}: ask for pitch:{lo} ... pitch:{hi}")
            out.append(Target('pitch', 'pitch', i)); continue
        n = _channels(heads, name)
        if not 0 <= i < n: raise IndexError(f"channel {i} is out of range for layer {name!r} ({n} channels): use {name}:0 ... {name}:{n-1}")
        out.append(Target('unit', name, i))
    return out

def target_name(t:Target)->str:
    "How a target is written: 'pitch:60', 'real' or 'features.4:3'."
    return f"pitch:{t.index}" if t.kind == 'pitch' else 'real' if t.kind == 'real' else f"{t.layer}:{t.index}"

# %%
ts = parse_targets('pitch:60, real, features.4:3', D0)
test_eq([target_name(t) for t in ts], ['pitch:60', 'real', 'features.4:3'])
test_eq(parse_targets(['pitch:48', 'features.7:15'], H0)[1], Target('unit', 'features.7', 15))
test_fail(lambda: parse_targets('pitch:90', D0), contains='pitch:48 ... pitch:72')
test_fail(lambda: parse_targets('featurs.4:3', D0), contains='features.4')
test_fail(lambda: parse_targets('features.4:99', D0), contains='features.4:0 ... features.4:7')
test_fail(lambda: parse_targets('loud', D0), contains='pitch:M')
assert count_hooks(D0) == 0

# %% [markdown]
# `target_values` gives, from the captured activations, the value each item's target asks to raise (`[B]`, item `i`
# for `targets[i]`); `critic_objective` turns it into the objective `render` minimizes, adding `realness` times the
# score for pitch and unit targets (a little realness keeps the notes note-like without deciding the pitch).

# %%
#| export
def _layers(targets): return list(dict.fromkeys(['score', 'pitch'] + [t.layer for t in targets]))

def target_values(acts:dict, # captured activations of `CriticHeads` (at least 'score', 'pitch' and the unit layers)
                  targets:list, # one `Target` per batch item
                  rep:dict # the representation (pitch range)
                 )->torch.Tensor: # [B], higher is better
    "The value each item's target asks to raise: log-softmax of its pitch, the realness score, or a channel's mean."
    if len(targets) != len(acts['score']): raise ValueError(f"{len(targets)} targets for a batch of {len(acts['score'])}")
    ls = acts['pitch'].log_softmax(1); out = []
    for i, t in enumerate(targets):
        if t.kind == 'pitch': out.append(ls[i, int(pitch_index(t.index, rep))])
        elif t.kind == 'real': out.append(acts['score'][i, 0])
        else: out.append(acts[t.layer][i, t.index].mean())
    return torch.stack(out)

def critic_objective(targets:list, # one `Target` per batch item
                     rep:dict, # the representation
                     realness:float=0.02 # weight of the realness score added to pitch and unit targets
                    )->Objective:
    "The objective `render` minimizes: minus each item's target value (plus a little realness), summed over items."
    w = torch.tensor([0. if t.kind == 'real' else realness for t in targets])
    def fn(acts): return -(target_values(acts, targets, rep) + w.to(acts['score']) * acts['score'][:, 0]).sum()
    return Objective(fn, _layers(targets), ', '.join(target_name(t) for t in targets), len(targets))

# %% [markdown]
# ## Choosing the fundamental: the critic's own pitch map
#
# A harmonic source keeps its pitch where it starts: the gradient of the pitch head with respect to f0 is local
# (moving a partial from one bin to the next does not follow a slope), and the measurements below show that from a
# start far from M the harmonic amplitudes alone can satisfy the head. So the critic chooses the start:
# `pitch_map` plays it a grid of harmonic notes (1/k amplitudes, the same envelope) from an octave below its range to
# an octave above, every half semitone, under the prior's transforms (averaged over `draws` random draws), and
# `screen_f0` picks, for each target, the f0 whose note the target values most. Nothing tells it where M lies.

# %%
#| export
@torch.no_grad()
def pitch_map(critic:nn.Module, # a `GANSynthCritic` (or `CriticHeads`)
              targets:list, # `Target`s (or a spec string)
              prior='safe', # the transforms the notes are seen through (see `critic_transforms`)
              step:float=0.5, # grid step in semitones
              draws:int=4, # random transform draws averaged (1 when the prior has no transforms)
              seed:int=0, # seed of the grid notes and the transforms
              chunk:int=128 # notes per forward pass
             )->tuple: # (grid f0 [G] Hz, values [G, n_targets])
    "The value of each target on a grid of harmonic notes spanning an octave below to an octave above the critic's range."
    heads = critic_heads(critic); rep = heads.rep; targets = parse_targets(targets, heads)
    lo, hi = rep['pitches']
    f0 = midi_to_hz(torch.arange(lo - 12, hi + 12 + 1e-6, step))
    set_seed(seed); dev = module_device(heads)
    grid = HarmonicSpecParam(len(f0), rep, f0=f0, device=dev)
    x, ts = grid().detach(), critic_transforms(prior, rep)
    n = draws if ts else 1; vals = 0
    with frozen(heads), Capture(heads, _layers(targets)) as cap:
        for _ in range(n):
            y = x
            for t in ts: y = t(y)
            parts = []
            for s in range(0, len(y), chunk):
                cap(y[s:s + chunk])
                parts.append(torch.stack([target_values(cap.acts, [t] * len(y[s:s + chunk]), rep) for t in targets], 1))
            vals = vals + torch.cat(parts).cpu()
    return f0, vals / n

def screen_f0(critic:nn.Module, # a `GANSynthCritic` (or `CriticHeads`)
              targets:list, # `Target`s (or a spec string)
              prior='safe', # as for `pitch_map`
              n_starts:int=1, # starts per target (the best ones, at least a semitone apart)
              **kwargs # passed to `pitch_map`
             )->torch.Tensor: # [n_targets, n_starts] Hz
    "The f0 the critic prefers for each target on `pitch_map`'s grid (the best `n_starts`, a semitone apart or more)."
    f0, vals = pitch_map(critic, targets, prior, **kwargs)
    sep = 1 / kwargs.get('step', 0.5); out = []
    for v in vals.T:
        picked = []
        for j in v.argsort(descending=True).tolist():
            if all(abs(j - k) >= sep for k in picked): picked.append(j)
            if len(picked) == n_starts: break
        out.append(f0[picked])
    return torch.stack(out)

# %%
f0g, vals = pitch_map(D0, 'pitch:60,real', prior='none', step=2)
test_eq(vals.shape, (len(f0g), 2)); test_close(f0g[0], midi_to_hz(36.), eps=1e-3)
test_eq(screen_f0(D0, 'pitch:60,real', prior='none', n_starts=2, step=2).shape, (2, 2))
test_eq(screen_f0(D0, 'pitch:60', prior='none', step=2)[0, 0], f0g[vals[:, 0].argmax()])
assert count_hooks(D0) == 0

# %% [markdown]
# ## Rendering
#
# `render_critic` puts the pieces together: it parses the targets, makes the parameterization (`'harmonic'`: the
# harmonic source started at the f0 `screen_f0` picks under the same prior; `'spec'`: the free spectrogram from small
# noise; `'real'`: the free spectrogram started from a real note `real_offset` semitones away from a pitch target, or
# from `init`), runs `render` with the prior's transforms, and inverts the spectrograms with `specs_to_waves` (phase
# integrated from the IF channel by `from_logmag_if`). It returns a `CriticVisualization`.

# %%
#| export
@dataclass
class CriticVisualization:
    "What `render_critic` made: one spectrogram per target, its wave, and what the critic says of it."
    targets:list # the `Target`s
    specs:torch.Tensor # [N,2,F,T] on the critic's scale (CPU)
    waves:torch.Tensor # [N, note_length] inverted with `specs_to_waves` (CPU)
    history:list # the objective at every step
    values:torch.Tensor # [N] each target's value at the end, without transforms (log-probability, score or mean)
    p_target:torch.Tensor # [N] the pitch head's probability of the target pitch (NaN for other targets)
    head_pitch:torch.Tensor # [N] the pitch the head names (MIDI)
    score:torch.Tensor # [N] the realness score
    f0:torch.Tensor = None # [N] the harmonic source's final f0 (Hz), else `None`
    start_f0:torch.Tensor = None # [N] its start (Hz), else `None`
    prior:str = 'safe'
    param:str = 'harmonic'
    rep:dict = None
    seconds:float = 0.
    result:RenderResult = None # the whole render
    def __len__(self): return len(self.targets)
    def names(self)->list: return [target_name(t) for t in self.targets]
    def __repr__(self):
        return (f"CriticVisualization({', '.join(self.names())}; {self.param}, prior {self.prior}, "
                f"{len(self.history)} steps in {self.seconds:.1f}s, objective {self.history[0]:.3g} -> {self.history[-1]:.3g})")

# %%
#| export
@torch.no_grad()
def critic_outputs(critic:nn.Module, # a `GANSynthCritic` (or `CriticHeads`)
                   specs:torch.Tensor, # [N,2,F,T] on the critic's scale
                   targets:list=None # `Target`s, one per spectrogram, for their values
                  )->dict: # score [N], logits [N,P], head_pitch [N] (MIDI), values [N] (with targets), p_target [N]
    "What the critic says of spectrograms: realness score, pitch logits, the pitch it names, and the targets' values."
    heads = critic_heads(critic); rep = heads.rep
    with frozen(heads), Capture(heads, _layers(targets or [])) as cap:
        cap(specs.to(module_device(heads)))
        acts = {k: v.cpu() for k, v in cap.acts.items()}
    out = dict(score=acts['score'][:, 0], logits=acts['pitch'], head_pitch=acts['pitch'].argmax(1) + rep['pitches'][0])
    if targets is not None:
        targets = parse_targets(targets, heads)
        out['values'] = target_values(acts, targets, rep)
        p = acts['pitch'].softmax(1)
        out['p_target'] = torch.tensor([float(p[i, int(pitch_index(t.index, rep))]) if t.kind == 'pitch' else math.nan
                                        for i, t in enumerate(targets)])
    return out

# %%
#| export
REAL_FAMILIES = ('additive', 'reed', 'pluck', 'brass', 'breathy')   # harmonic families of `data.notes` (no FM bells)

def real_notes(pitches, # MIDI pitches, one note each
               rep:dict, # the representation
               seed:int=0 # note seeds (families cycle through `REAL_FAMILIES`)
              )->torch.Tensor: # [N,2,F,T] on the critic's scale
    "Synthesized real notes (`data.notes.synth_note`, velocity 100) as the critic's spectrograms."
    w = torch.stack([synth_note(int(p), REAL_FAMILIES[i % len(REAL_FAMILIES)], 100, rep['sr'], note_length(rep) / rep['sr'], seed=seed + i)
                     for i, p in enumerate(pitches)])
    return waves_to_specs(w, rep)

def _start_pitches(targets, rep, offset):
    "Pitches `offset` semitones from each pitch target (away from the range's edge); the middle of the range for others."
    lo, hi = rep['pitches']
    return [(t.index + offset if t.index + offset <= hi else t.index - offset) if t.kind == 'pitch' else (lo + hi) // 2 for t in targets]

# %%
#| export
PARAMS = ('harmonic', 'spec', 'real')

def render_critic(critic:nn.Module, # a `GANSynthCritic` (or `CriticHeads`)
                  target, # targets: 'pitch:60', 'real', 'features.4:3', comma-separated, or a list
                  prior='safe', # transforms: 'safe' (= 'default'), 'none', 'unsafe' (safe + frequency shift + rotation), or a list
                  param:str='harmonic', # 'harmonic' (f0 chosen by `screen_f0`), 'spec' (free, from small noise) or 'real' (free, from a real note)
                  steps:int=150, # optimization steps
                  lr:float=0.05, # Adam learning rate
                  realness:float=0.02, # weight of the realness score added to pitch and unit targets
                  seed:int=0, # seed of the start and the transforms
                  device=None, # where to run (`None`: where the critic is)
                  f0=None, # 'harmonic': start f0 per target (Hz) instead of the screen's choice
                  init:torch.Tensor=None, # 'real'/'spec': start spectrograms [N,2,F,T] instead of real notes / noise
                  real_offset:int=5, # 'real': semitones between the start note and a pitch target
                  progress:bool=False, # progress bar
                  **param_kw # passed to the parameterization
                 )->CriticVisualization:
    "Optimize one spectrogram per target so that the critic's head, score or unit is maximal, under a prior."
    heads = critic_heads(critic); rep = heads.rep
    targets = parse_targets(target, heads)
    if param not in PARAMS: raise unknown_name_error('parameterization', param, PARAMS)
    tfms = critic_transforms(prior, rep)
    dev = get_device(device) if device is not None else module_device(heads)
    home = module_device(heads); heads.to(dev)
    try:
        t0 = time.perf_counter(); start = None
        if param == 'harmonic':
            start = screen_f0(heads, targets, prior, seed=seed)[:, 0] if f0 is None else torch.as_tensor(f0, dtype=torch.float32).flatten()
            set_seed(seed); p = HarmonicSpecParam(len(targets), rep, f0=start, device=dev, **param_kw)
        else:
            if param == 'real' and init is None: init = real_notes(_start_pitches(targets, rep, real_offset), rep, seed)
            set_seed(seed); p = SpecParam(len(targets), rep, init=init, device=dev, **param_kw)
        res = render(heads, critic_objective(targets, rep, realness), param=p, transforms=tfms, steps=steps, lr=lr,
                     seed=seed, device=dev, progress=progress)
        out = critic_outputs(heads, res.inputs, targets)
    finally: heads.to(home)
    return CriticVisualization(targets, res.inputs, specs_to_waves(res.inputs, rep), res.history, out['values'], out['p_target'],
                               out['head_pitch'], out['score'], p.f0().detach().cpu() if param == 'harmonic' else None,
                               start, prior if isinstance(prior, str) else 'custom', param, rep, time.perf_counter() - t0, res)

# %% [markdown]
# The lucent idiom on the tiny critic: five Adam steps raise every kind of target, from both free and harmonic
# starts; the critic comes back with no hooks, in the mode and with the `requires_grad` it had.

# %%
D0.train()
before = {n: p.requires_grad for n, p in D0.named_parameters()}
for param in PARAMS:
    for spec in ('pitch:60', 'real', 'features.4:3'):
        v = render_critic(D0, spec, prior='none', param=param, steps=5, lr=0.05)
        assert v.history[-1] < v.history[0], (param, spec, v.history)
        test_eq(v.specs.shape, (1, 2, 128, 64)); test_eq(v.waves.shape, (1, note_length(rep)))
assert count_hooks(D0) == 0 and D0.training
test_eq({n: p.requires_grad for n, p in D0.named_parameters()}, before)
D0.eval()

# %% [markdown]
# Several targets render as one batch; the priors with transforms run too (their history is noisy, so the test is
# the shapes and the start).

# %%
v = render_critic(D0, 'pitch:50,pitch:70', prior='unsafe', steps=3)
test_eq(len(v), 2); test_eq(v.f0.shape, (2,)); test_eq(v.start_f0.shape, (2,)); assert v.p_target.isfinite().all()
v = render_critic(D0, 'pitch:50,real', prior='safe', param='real', steps=3)
test_eq(v.head_pitch.shape, (2,)); assert v.p_target[1].isnan()
test_fail(lambda: render_critic(D0, 'pitch:60', param='pixels'), contains='Known parameterizations')
test_fail(lambda: render_critic(D0, 'pitch:47'), contains='48-72')
assert count_hooks(D0) == 0

# %% [markdown]
# ## Saving, and the command line
#
# `save_critic` writes by the extension of `out`: `.wav` the sounds one after another (peak-normalized, with a short
# silence between them), `.pt` the spectrograms as the critic saw them (`[N,2,F,T]`), `.png` a picture of their
# log-magnitudes. `visualize_critic` is what `nd_visualize gansynth-critic ...` runs: plain arguments, a line per
# target saying what the critic and pYIN make of the result.

# %%
#| export
def save_critic(vis:CriticVisualization, # from `render_critic`
                out, # a path ending in .wav (sound), .pt (spectrograms) or .png (picture)
                gap:float=0.15 # .wav: seconds of silence between sounds
               )->Path:
    "Save a critic visualization by the extension of `out`: .wav sound, .pt spectrograms, .png picture."
    out = Path(out)
    if out.suffix not in ('.wav', '.pt', '.png'):
        raise ValueError(f"out must end in .wav (the sound), .pt (the spectrograms) or .png (a picture), got {out}")
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == '.pt': torch.save(vis.specs.clone(), out); return out
    if out.suffix == '.wav':
        snd = [w / max(float(w.abs().max()), 1e-9) * 0.9 for w in vis.waves]
        sil = torch.zeros(int(gap * vis.rep['sr']))
        return save_wav(out, torch.cat([x for s in snd for x in (s, sil)][:-1]), vis.rep['sr'])
    import matplotlib.pyplot as plt
    titles = [f"{n}: head {int(h)}" for n, h in zip(vis.names(), vis.head_pitch)]
    fig = plot_spec_grid(vis.specs, vis.rep, titles, ncols=min(len(vis), 4), size=2., dpi=80)
    fig.savefig(out, dpi=80); plt.close(fig)
    return out

# %%
#| export
def visualize_critic(critic:nn.Module, # a `GANSynthCritic` (e.g. `load_model('gansynth-critic')`)
                     spec:str, # targets: 'pitch:60', 'real', 'features.4:3', or comma-separated
                     out='critic.wav', # .wav (sound), .pt (spectrograms) or .png (picture)
                     transforms:str='default', # prior: 'default' (audio-safe), 'none' or 'unsafe'
                     steps:int=150, # optimization steps
                     lr:float=0.05, # learning rate
                     seed:int=0, # random seed
                     device=None, # cpu, cuda, ... (default: where the critic is)
                     param:str='harmonic', # 'harmonic', 'spec' or 'real'
                     progress:bool=True, # progress bar
                     log=print # a line per target (None: silent)
                    )->CriticVisualization:
    "Render critic visualizations for a command-line target list and save them (what `nd_visualize gansynth-critic` runs)."
    v = render_critic(critic, spec, prior=transforms, param=param, steps=steps, lr=lr, seed=seed, device=device, progress=progress)
    path = save_critic(v, out)
    if log:
        from neural_dissection.audio.pitch import estimate_pitch
        lo, hi = v.rep['pitches']
        heard = estimate_pitch(v.waves, v.rep['sr'], fmin=50., fmax=float(midi_to_hz(hi + 24)))
        for i, t in enumerate(v.targets):
            h = heard[i].item()
            ear = f"pYIN hears {h:.1f} Hz (MIDI {float(hz_to_midi(torch.tensor(h))):.1f})" if h == h else "pYIN hears no pitch"
            p = f" (p={v.p_target[i]:.2f})" if t.kind == 'pitch' else ''
            log(f"{target_name(t)}: {ear}; the pitch head names MIDI {int(v.head_pitch[i])}{p}, realness score {v.score[i]:.2f}")
        log(f"saved {len(v)} {v.param} spectrogram(s), prior {v.prior}, {steps} steps in {v.seconds:.1f} s, to {path}")
    return v

# %%
with tempfile.TemporaryDirectory() as d:
    v = visualize_critic(D0, 'pitch:60,real', Path(d)/'x.wav', transforms='none', steps=2, progress=False)
    from neural_dissection.core import load_wav
    w, sr = load_wav(Path(d)/'x.wav'); test_eq(sr, 16000); test_eq(len(w), 2 * note_length(rep) + int(0.15 * 16000))
    save_critic(v, Path(d)/'x.pt'); test_eq(torch.load(Path(d)/'x.pt').shape, (2, 2, 128, 64))
    save_critic(v, Path(d)/'x.png'); assert (Path(d)/'x.png').stat().st_size > 1000
    test_fail(lambda: save_critic(v, Path(d)/'x.mp3'), contains='.wav (the sound), .pt')

# %% [markdown]
# ## Measures
#
# Whether a visualization shows what the critic hears is judged by others than the critic:
# - **heard**: pYIN (`audio.pitch.estimate_pitch`, searched from 50 Hz to two octaves above the range) on the inverted
#   wave, within 50 cents of M; **octave**: within 50 cents of M plus or minus whole octaves; **unvoiced**: no pitch;
# - **harmonicity** (`audio.pitch.harmonicity`) at the pitch pYIN hears;
# - the critic's own view: the probability its pitch head gives M, whether it names M, and its realness score;
# - how far the spectrograms lie from real notes in the critic's penultimate features (`features`, 3072 values),
#   projected on the 64 main directions of real notes: the Frechet distance of the set against real notes, and each
#   spectrogram's distance to its nearest real note; both divided by what held-out real notes give (real = 1).
#
# `real_reference` makes the real notes (synthesized notes across the range, all families), `critic_measures` the
# measures of one set, `measures_table` the table.

# %%
#| export
@torch.no_grad()
def _feats(heads, specs, proj, chunk=256):
    f = torch.cat([heads.features(specs[s:s + chunk].to(module_device(heads))).cpu() for s in range(0, len(specs), chunk)])
    return (f.double() - proj[0]) @ proj[1]

def real_reference(critic:nn.Module, # a `GANSynthCritic` (or `CriticHeads`)
                   n:int=256, # reference notes
                   n_holdout:int=64, # held-out notes (the real = 1 yardstick)
                   dims:int=64, # main directions kept
                   seed:int=7 # dataset seed (the held-out set uses seed+1)
                  )->dict:
    "Real notes' penultimate critic features (projected on their `dims` main directions) and the real-vs-real yardsticks."
    from neural_dissection.data.notes import NotesDataset
    from neural_dissection.metrics import feature_stats
    heads = critic_heads(critic); rep = heads.rep
    def notes(k, s):
        w, p, _, _ = NotesDataset(k, rep['sr'], note_length(rep) / rep['sr'], rep['pitches'], seed=s).tensors()
        return waves_to_specs(w, rep), p
    x, p = notes(n, seed); xh, ph = notes(n_holdout, seed + 1)
    with torch.no_grad(): f = torch.cat([heads.features(x[s:s + 256].to(module_device(heads))).cpu() for s in range(0, n, 256)]).double()
    mu = f.mean(0); V = torch.linalg.svd(f - mu, full_matrices=False).Vh[:dims].T
    proj = (mu, V); fr = (f - mu) @ V; fh = _feats(heads, xh, proj)
    ref = dict(specs=x, pitches=p, holdout=xh, holdout_pitches=ph, proj=proj, feats=fr, holdout_feats=fh, stats=feature_stats(fr), rep=rep)
    ref['nn_real'] = float(torch.cdist(fh, fr).min(1).values.median())
    return ref

def fd_yardstick(ref:dict, # from `real_reference`
                 k:int, # set size
                 draws:int=8 # random held-out subsets averaged
                )->float:
    "Mean Frechet distance of `k` held-out real notes to the reference (what a real set of that size scores)."
    from neural_dissection.metrics import feature_stats, frechet_distance
    key = ('fd', k)
    if key not in ref:
        fh, g = ref['holdout_feats'], torch.Generator().manual_seed(0)
        ref[key] = sum(frechet_distance(feature_stats(fh[torch.randperm(len(fh), generator=g)[:k]]), ref['stats']) for _ in range(draws)) / draws
    return ref[key]

# %%
#| export
def heard_pitch(waves:torch.Tensor, # [N,T] notes
                rep:dict # the representation
               )->torch.Tensor: # [N] Hz (NaN: no pitch)
    "The pitch pYIN hears in each note, searched from 50 Hz to two octaves above the critic's range."
    from neural_dissection.audio.pitch import estimate_pitch
    return estimate_pitch(waves, rep['sr'], fmin=50., fmax=float(midi_to_hz(rep['pitches'][1] + 24)))

def critic_measures(critic:nn.Module, # a `GANSynthCritic` (or `CriticHeads`)
                    specs:torch.Tensor, # [N,2,F,T] spectrograms on the critic's scale
                    pitches, # [N] the MIDI pitch each should have
                    ref:dict, # from `real_reference`
                    waves:torch.Tensor=None, # their waves (default: `specs_to_waves(specs)`)
                    tol:float=50. # cents
                   )->dict:
    "Heard pitch, octave errors, harmonicity, the critic's view, and the distance to real notes of a set of spectrograms."
    from neural_dissection.audio.pitch import harmonicity, cents
    from neural_dissection.metrics import feature_stats, frechet_distance
    heads = critic_heads(critic); rep = heads.rep
    waves = specs_to_waves(specs, rep) if waves is None else waves
    pitches = torch.as_tensor(pitches).long()
    hz = heard_pitch(waves, rep)
    c = cents(hz, midi_to_hz(pitches.double()))
    k = torch.round(c / 1200)
    out = critic_outputs(heads, specs, [Target('pitch', 'pitch', int(m)) for m in pitches])
    f = _feats(heads, specs, ref['proj'])
    return dict(heard_hz=hz, cents=c, hit=c.abs() < tol, octave=(k != 0) & ((c - 1200 * k).abs() < tol), unvoiced=hz.isnan(),
                harmonicity=harmonicity(waves, rep['sr'], f0=hz), p_target=out['p_target'], names=out['head_pitch'] == pitches,
                score=out['score'], fd=frechet_distance(feature_stats(f), ref['stats']) / fd_yardstick(ref, len(specs)),
                nn=torch.cdist(f, ref['feats']).min(1).values / ref['nn_real'])

def measures_table(rows:dict # row name -> `critic_measures` dict
                  )->str: # markdown
    "The measures of several sets as a markdown table."
    head = ('| prior | heard at M | octave off | no pitch | harmonicity | head p(M) | head names M | realness | '
            'FD (real = 1) | nearest real (real = 1) |\n|---|---|---|---|---|---|---|---|---|---|')
    def n(b): return f"{int(b.sum())}/{len(b)}"
    lines = [f"| {k} | {n(m['hit'])} | {n(m['octave'])} | {n(m['unvoiced'])} | {float(m['harmonicity'].nanmean()):.2f} | "
             f"{float(m['p_target'].mean()):.2f} | {n(m['names'])} | {float(m['score'].mean()):.1f} | {m['fd']:.2f} | "
             f"{float(m['nn'].median()):.2f} |" for k, m in rows.items()]
    return '\n'.join([head] + lines)

# %%
ref0 = real_reference(D0, n=32, n_holdout=16, dims=8)
m = critic_measures(D0, ref0['holdout'][:8], ref0['holdout_pitches'][:8], ref0)
assert 0.3 < m['fd'] < 3 and 0.3 < float(m['nn'].median()) < 3, (m['fd'], m['nn'])
test_eq(m['hit'].shape, (8,)); assert m['hit'].sum() >= 4                 # real notes are mostly heard at their pitch
assert '| real |' in measures_table({'real': m})

# %% [markdown]
# ## The bundled critic
#
# `load_pretrained('gansynth-critic')` is the critic trained with the bundled generator (`audio.gansynth`); its
# pitch head names the pitch of all 50 real test notes there. First, how smooth the objective `pitch:60` is around a
# harmonic middle C: its spread over twenty random changes of 1e-4 in the harmonic log-amplitudes, made with
# `critic_specs` and with `waves_to_specs` (the first frame's sign of pi left to rounding), and over twenty changes
# of 1e-5 in log f0 (0.02 cents), which move the phases of the late frames of high harmonics by up to 0.3 rad and
# wrap the IF of some quiet bins. The f0 of the harmonic source therefore moves slowly (`f0_lr_scale`) and its
# gradient is not what sets the pitch: the screen is.

# %%
from neural_dissection.pretrained import load_pretrained
from neural_dissection.core import play
import matplotlib.pyplot as plt

# %%
D = load_pretrained('gansynth-critic'); rep = D.rep; HD = critic_heads(D)
set_seed(0); hp = HarmonicSpecParam(1, rep, f0=261.63)
obj60 = critic_objective(parse_targets('pitch:60', D), rep)
spread = {}
with torch.no_grad(), Capture(HD, ['score', 'pitch']) as cap:
    for name, what, make, scale in (('amplitudes, critic_specs', hp.log_amp, hp, 1e-4),
                                    ('amplitudes, waves_to_specs', hp.log_amp, lambda: waves_to_specs(hp.synth(), rep), 1e-4),
                                    ('f0, critic_specs', hp.pitch, hp, 1e-5 / hp.c)):
        vals = []
        for j in range(20):
            d = torch.randn(what.shape, generator=torch.Generator().manual_seed(j)) * scale
            what.add_(d); x = make(); what.sub_(d)
            cap(x); vals.append(float(obj60(cap.acts)))
        spread[name] = float(torch.tensor(vals).std())
print(', '.join(f"{k}: std of the objective {v:.1e}" for k, v in spread.items()))
assert spread['amplitudes, waves_to_specs'] > 20 * spread['amplitudes, critic_specs']
assert spread['f0, critic_specs'] > 20 * spread['amplitudes, critic_specs']

# %% [markdown]
# ### The critic's pitch map
#
# How the pitch head names harmonic notes (1/k amplitudes, the same envelope) from an octave below its range to an
# octave above: in its range it names nearly every note right, outside it answers with a pitch inside (it has no
# other classes), rarely an octave of the truth. `screen_f0` picks the start of each pitch target from this map.

# %%
all_pitches = [f'pitch:{m}' for m in range(rep['pitches'][0], rep['pitches'][1] + 1)]
f0g, lsm = pitch_map(D, all_pitches, prior='none')
gm = hz_to_midi(f0g); named = lsm.argmax(1) + rep['pitches'][0]
inr = (gm >= rep['pitches'][0]) & (gm <= rep['pitches'][1]) & (gm == gm.round())
right = int((named[inr] == gm[inr].round().long()).sum())
picks = hz_to_midi(screen_f0(D, all_pitches, prior='none')[:, 0])
exact = int((picks.round().long() == torch.arange(rep['pitches'][0], rep['pitches'][1] + 1)).sum())
out = ~((gm >= rep['pitches'][0] - 0.5) & (gm <= rep['pitches'][1] + 0.5))
octv = ((named[out] - gm[out]).remainder(12).round() % 12 == 0).sum()
print(f"in range, the head names {right} of {int(inr.sum())} notes on whole semitones right; "
      f"the screen's f0 is the asked pitch for {exact} of {len(all_pitches)} pitch targets; "
      f"outside the range the named pitch is an octave of the note's for {int(octv)} of {int(out.sum())} notes")
assert right >= 0.9 * int(inr.sum()) and exact >= 0.9 * len(all_pitches)

# %%
fig, ax = plt.subplots(figsize=(4.5, 2.6), dpi=80)
ax.imshow(lsm.exp().T.numpy(), origin='lower', aspect='auto', cmap='magma',
          extent=[float(gm[0]), float(gm[-1]), rep['pitches'][0] - 0.5, rep['pitches'][1] + 0.5])
ax.plot(gm, gm, 'c--', lw=0.8, label='the note itself')
ax.set_xlabel("harmonic note's f0 (MIDI)"); ax.set_ylabel('pitch head (MIDI)'); ax.set_ylim(rep['pitches'][0] - 0.5, rep['pitches'][1] + 0.5)
ax.legend(fontsize=7, loc='upper left'); ax.set_title('softmax of the pitch head', fontsize=8); fig.tight_layout()

# %% [markdown]
# Seen through the unsafe transforms (a frequency shift of up to 100 Hz and a rotation), the same map blurs, and the
# screen loses the pitch of some targets before any optimization; through the safe ones it keeps them:

# %%
picks_by = {pr: hz_to_midi(screen_f0(D, all_pitches, prior=pr)[:, 0]) for pr in ('safe', 'unsafe')}
exact_by = {pr: int((v.round().long() == torch.arange(rep['pitches'][0], rep['pitches'][1] + 1)).sum()) for pr, v in picks_by.items()}
print(', '.join(f"{pr}: the screen's f0 is the asked pitch for {n} of {len(all_pitches)}" for pr, n in exact_by.items()))
assert exact_by['safe'] >= exact_by['unsafe']

# %% [markdown]
# ### Priors, measured
#
# The same pitch targets for every prior (every other pitch of the range: 12, or 8 under `nbdev_test`), 150 steps of
# Adam at lr 0.05, a little realness (0.02 of the score), seed 0: the free spectrogram from small noise (the first
# trial), the harmonic source with the critic's f0, and the free spectrogram started from a real note five semitones
# away (could the critic move its pitch?), each with no transforms, the safe set and the safe set plus the unsafe
# ones. Two reference rows: real notes at the asked pitches, and the bundled generator's notes for them.

# %%
#| slow
from neural_dissection.audio.gansynth import generate_specs

# %%
#| slow
targets_m = list(range(49, 72, 2))[:8 if IN_TEST else 12]
spec_t = ','.join(f'pitch:{m}' for m in targets_m)
t0 = time.time(); ref = real_reference(D)
G = load_pretrained('gansynth-generator')
rows = {'real notes at M (reference)': critic_measures(D, real_notes(targets_m, rep, seed=100), targets_m, ref),
        'generator at M (reference)': critic_measures(D, generate_specs(G, targets_m, seed=1), targets_m, ref)}
runs = {}
for param, label in [('spec', 'free, from noise'), ('harmonic', 'harmonic, critic-chosen f0'), ('real', 'free, from a real note 5 st away')]:
    for prior in ('none', 'safe', 'unsafe'):
        if param == 'real' and prior == 'unsafe': continue
        v = render_critic(D, spec_t, prior=prior, param=param, steps=150, lr=0.05, seed=0)
        runs[param, prior] = v
        rows[f'{label}; {prior}'] = critic_measures(D, v.specs, targets_m, ref, waves=v.waves)
print(f"{len(runs)} renders of {len(targets_m)} targets and the measures in {time.time() - t0:.0f} s")

# %%
#| slow
from IPython.display import Markdown
Markdown(measures_table(rows))

# %%
#| slow
def hits(k): return int(rows[k]['hit'].sum())
n = len(targets_m)
H_safe, H_none, H_unsafe = (hits(f'harmonic, critic-chosen f0; {p}') for p in ('safe', 'none', 'unsafe'))
S = [hits(f'free, from noise; {p}') for p in ('none', 'safe', 'unsafe')]
R = [hits(f'free, from a real note 5 st away; {p}') for p in ('none', 'safe')]
fooled = float(torch.stack([rows[f'free, from noise; {p}']['p_target'] for p in ('none', 'safe', 'unsafe')]).mean())
print(f"heard at the asked pitch: harmonic source {H_none}/{n} with no transforms, {H_safe}/{n} with the safe ones, "
      f"{H_unsafe}/{n} with the unsafe ones added; free spectrogram from noise {'/'.join(map(str, S))} of {n} "
      f"(none/safe/unsafe) though the head gives M a mean probability of {fooled:.2f}; from a real note "
      f"{'/'.join(map(str, R))} of {n} (none/safe)")
assert H_safe >= 0.6 * n                     # the audio-safe priors: the asked pitch is heard in most targets
assert max(S) <= 1 and fooled > 0.9          # the naive run: the head is satisfied, nothing pitched is heard
assert H_unsafe < H_safe                     # the unsafe transforms cost hits
assert max(R) <= 0.25 * n                    # the critic's gradient does not move a real note's pitch to M

# %% [markdown]
# One target (MIDI 61) through every prior: the free spectrogram from noise becomes a texture without harmonics,
# the harmonic source keeps a harmonic series whose f0 the critic chose, the real note loses its structure.

# %%
#| slow
k = targets_m.index(61) if 61 in targets_m else 0
order = [('spec', 'none'), ('spec', 'safe'), ('harmonic', 'none'), ('harmonic', 'safe'), ('harmonic', 'unsafe'), ('real', 'safe')]
plot_spec_grid(torch.stack([runs[o].specs[k] for o in order]), rep, [f'{a}, {b}' for a, b in order], ncols=3, size=1.6, dpi=80);

# %% [markdown]
# The objective along the way (with transforms it is noisy; each line is the sum over the targets):

# %%
#| slow
fig, ax = plt.subplots(figsize=(4.5, 2.2), dpi=80)
for o in [('spec', 'none'), ('spec', 'safe'), ('harmonic', 'none'), ('harmonic', 'safe'), ('harmonic', 'unsafe')]:
    ax.plot(runs[o].history, label=f'{o[0]}, {o[1]}', lw=0.9)
ax.set_xlabel('step'); ax.set_ylabel('objective (to minimize)'); ax.legend(fontsize=6); fig.tight_layout()

# %% [markdown]
# Listening (half a second each, inverted from the spectrograms with the IF channel as phase): the harmonic
# source with the safe priors at MIDI 61, 65 and 69; the free spectrogram from noise at the same pitches; the
# harmonic source with the unsafe priors.

# %%
#| slow
sel = [targets_m.index(m) for m in (61, 65, 69) if m in targets_m] or [0]
play(runs['harmonic', 'safe'].waves[sel].flatten())

# %%
#| slow
play(runs['spec', 'safe'].waves[sel].flatten())

# %%
#| slow
play(runs['harmonic', 'unsafe'].waves[sel].flatten())

# %% [markdown]
# ## Limits
#
# - The pitch is chosen by the screen, not found by the gradient: from a start far from M, the harmonic amplitudes
#   and the envelope satisfy the head without moving f0 (the design notes' trial and the `real` row). What the
#   visualizations show is the critic's choice of f0 for a neutral timbre, then the timbre it prefers at that f0.
# - pYIN judges the inverted wave; a timbre that hides the fundamental can make it hear a harmonic instead.
# - Only the critic's pitch head was trained against pitch; units of hidden layers are rendered the same way
#   (`render_critic(D, 'features.4:3')`) but nothing here says what they should sound like.
