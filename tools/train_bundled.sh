#!/usr/bin/env bash
# Train the bundled GANs on one GPU machine, in parallel, within a fixed wall-time budget, and pack the results.
#
#   OUT=/some/folder bash tools/train_bundled.sh        # the real run (about 7 minutes; GPU)
#   TINY=1 OUT=/tmp/x bash tools/train_bundled.sh       # a smoke test on CPU (about a minute)
#
# Needs: python3 with torch, torchvision, numpy, matplotlib, tqdm, fastcore; `neural_dissection` importable from
# this checkout (PYTHONPATH is set below); MNIST as .devdata/MNIST/raw/*.gz (gunzipped into a temporary data root)
# or an already unpacked root in $ND_DATA; the bundled `mnist-classifier` (for choosing and measuring the
# generators). Writes 6 files into $OUT: bundle.tar.gz (weights, histories, samples, summary), one log per run
# (4) and export.log. One failed run does not stop the others; whatever exists at the end is packed.
set -u
. "$(dirname "$0")/session_prelude.sh" train_bundled

work=$(mktemp -d)
data="$work/data"; runs="$work/runs"; bundle="$work/bundle"
mkdir -p "$data/MNIST/raw" "$runs" "$bundle"
if ls .devdata/MNIST/raw/*.gz >/dev/null 2>&1; then
  for f in .devdata/MNIST/raw/*.gz; do gunzip -c "$f" > "$data/MNIST/raw/$(basename "$f" .gz)"; done
elif [ -n "${ND_DATA:-}" ] && [ -d "$ND_DATA/MNIST/raw" ]; then
  data="$ND_DATA"
else
  say "no MNIST: expected .devdata/MNIST/raw/*.gz or \$ND_DATA/MNIST/raw"; exit 1
fi
say "data root $data: $(ls "$data/MNIST/raw" | tr '\n' ' ')"
$PY -c "import torch, torchvision, fastcore, neural_dissection; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(), torch.cuda.get_device_name() if torch.cuda.is_available() else 'cpu', 'fastcore', fastcore.__version__)" \
  || { say "the Python stack does not import; nothing trained"; exit 1; }

if [ "$TINY" = 1 ]; then
  MINUTES=${MINUTES:-0.3}; EPOCHS=3; common=(--arch tiny --subset 2048 --device cpu); WIDE=tiny; N=1000; BUDGET=30; threads=1
  DEADLINE=${DEADLINE:-900}
else
  EPOCHS=400; common=(--arch small); WIDE=paper; N=10000; BUDGET=80; threads=3
  MINUTES=${MINUTES:-4.2}
  DEADLINE=${DEADLINE:-480}   # seconds from the start by which the bundle must be packed (the device call allows 600)
fi

declare -A pids
# Each run trains in two phases: a constant learning rate for DECAY_AT of the budget, then a resume that decays the
# rates linearly to 0 over as many epochs as the rest of the budget holds at the speed measured in phase one.
DECAY_AT=${DECAY_AT:-0.75}
m1=$($PY -c "print(round($MINUTES*$DECAY_AT, 3))"); m2=$($PY -c "print(round($MINUTES*(1-$DECAY_AT), 3))")
t1=$($PY -c "print(int($m1*60 + 120))"); t2=$($PY -c "print(int($m2*60 + 120))")   # hard stops for a run that hangs
run_two_phases() {  # name, nd_train arguments...
  local name=$1; shift
  local cmd=($PY -m neural_dissection.cli nd_train "${common[@]}" "$@" --snapshots --quiet --data-root "$data" --out "$runs/$name")
  OMP_NUM_THREADS=$threads timeout --signal=TERM --kill-after=20 "$t1" "${cmd[@]}" --epochs "$EPOCHS" --max-minutes "$m1" \
    > "$OUT/$name.log" 2>&1 || return
  local plan
  plan=$($PY -c "
import statistics, torch
ck = torch.load('$runs/$name/checkpoint.pt', weights_only=True)
e, s = ck['epoch'], statistics.median(ck['history']['epoch_seconds'][-5:])
k = max(1, int($m2*60 / (1.1*s)))
print(e + k, k)") || return
  echo "phase two: resume to epoch ${plan% *}, the rates decaying over the last ${plan#* } epochs" >> "$OUT/$name.log"
  OMP_NUM_THREADS=$threads timeout --signal=TERM --kill-after=20 "$t2" "${cmd[@]}" --resume --epochs "${plan% *}" \
    --lr-decay "${plan#* }" --max-minutes "$m2" >> "$OUT/$name.log" 2>&1
}
launch() {  # name, nd_train arguments...
  local name=$1
  run_two_phases "$@" &
  pids[$name]=$!
  shift
  say "started $name (pid ${pids[$name]}): nd_train $* (constant rates for ${m1} min, then decaying for ${m2} min)"
}
# DCGAN: the paper's losses; Adam 2e-4, betas (0.5, 0.999) as in the DCGAN paper; EMA of the generator weights.
launch dcgan      dcgan   --batch-size 128 --lr 2e-4 --beta1 0.5 --beta2 0.999 --ema 0.999 --seed 0
# WGAN-GP, the sound critic (LayerNorm, no dropout), Adam 1e-4, betas (0, 0.9) as in the WGAN-GP paper.
launch wgan-sound wgan-gp --critic sound --batch-size 128 --lr 1e-4 --beta1 0 --beta2 0.9 --ema 0.999 --seed 0
# WGAN-GP with the paper's critic (the discriminator minus the sigmoid, BatchNorm and dropout), for the comparison.
launch wgan-paper wgan-gp --critic paper --batch-size 128 --lr 1e-4 --beta1 0.5 --beta2 0.999 --ema 0.999 --seed 0
# DCGAN at the TensorFlow tutorial's generator widths (256, 128, 64), for what the smaller bundled widths cost.
launch dcgan-wide dcgan   --arch "$WIDE" --batch-size 128 --lr 2e-4 --beta1 0.5 --beta2 0.999 --ema 0.999 --seed 0

status=""
for name in dcgan wgan-sound wgan-paper dcgan-wide; do
  wait "${pids[$name]}"; rc=$?
  status="$status $name=rc$rc"
  say "$name finished with exit code $rc; last lines:"; tail -n 3 "$OUT/$name.log"
done

left=$(( DEADLINE - ($(date +%s) - t_start) ))
budget=$(( left - 70 < BUDGET ? left - 70 : BUDGET )); [ "$budget" -lt 10 ] && budget=10
say "exporting (choosing snapshots, measuring): ${left}s left before the deadline, ${budget}s for choosing"
timeout --signal=TERM --kill-after=5 $(( left > 40 ? left - 15 : 25 )) \
  $PY tools/export_bundle.py "$runs" "$bundle" --data-root "$data" --budget-s "$budget" --n "$N" > "$OUT/export.log" 2>&1 \
  || say "export failed or ran out of time (see export.log); packing what exists"
tail -n 8 "$OUT/export.log"

# pack: the exported weights, the summary, loss plots and some sample grids (the runs' own weight files and
# snapshots stay behind: the bundle must stay well under 16 MiB); if the export failed, the runs' final weights
for name in dcgan wgan-sound wgan-paper; do
  if [ ! -f "$bundle/weights/$( [ $name = dcgan ] && echo dcgan || echo wgan-gp )-generator.pt" ] && [ -d "$runs/$name" ]; then
    mkdir -p "$bundle/raw/$name"
    for f in generator.pt generator-ema.pt discriminator.pt losses.png; do
      [ -f "$runs/$name/$f" ] && cp "$runs/$name/$f" "$bundle/raw/$name/"
    done
  fi
done
echo "$status" > "$bundle/status.txt"
tar czf "$OUT/bundle.tar.gz" -C "$work" bundle && say "packed $OUT/bundle.tar.gz ($(du -h "$OUT/bundle.tar.gz" | cut -f1)):$status"
ls -la "$OUT"
rm -rf "$work"
say "done in $(( $(date +%s) - t_start )) s"
