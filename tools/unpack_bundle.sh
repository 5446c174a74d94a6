#!/usr/bin/env bash
# Move the results of tools/train_bundled.sh into the package.
#   bash tools/unpack_bundle.sh PATH/TO/bundle.tar.gz
# Copies bundle/weights/*.pt into neural_dissection/weights/ (the GAN weight files; the classifiers are not in the
# bundle and stay as they are), keeps the raw run products under runs/bundled/ (git-ignored) for inspection, and
# prints the export summary. Then run tools/finish_gan_tutorial.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
tgz=${1:?usage: tools/unpack_bundle.sh bundle.tar.gz}
dest=runs/bundled
rm -rf "$dest" && mkdir -p "$dest"
tar xzf "$tgz" -C "$dest"
b="$dest/bundle"
cat "$b/status.txt" 2>/dev/null || true
n=$(ls "$b"/weights/*.pt 2>/dev/null | wc -l)
[ "$n" -gt 0 ] || { echo "no weight files in the bundle: see $b and the run logs"; exit 1; }
for f in "$b"/weights/*.pt; do
  python -c "
import sys
from neural_dissection.learner import read_weights
try: d = read_weights(sys.argv[1])
except (OSError, ValueError) as e: sys.exit(f'unpack_bundle: {e}')
m = d['meta']; mt = m.get('metrics', {})
print(f\"{sys.argv[1].split('/')[-1]}: {d['cls']} {d['config']}, {m.get('epochs_trained')} epochs, \"
      f\"FD {mt.get('fd', float('nan')):.3f}, score {mt.get('score', float('nan')):.3f}\")" "$f"
  cp "$f" neural_dissection/weights/
done
ls -la neural_dissection/weights/
du -ch neural_dissection/weights/*.pt | tail -1
python -c "import json; s = json.load(open('$b/summary.json')); print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk not in ('selection',)} for k, v in s['runs'].items()}, indent=1, default=str)[:4000])" || true
echo "next: bash tools/finish_gan_tutorial.sh"
