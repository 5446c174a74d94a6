#!/usr/bin/env bash
# Re-execute the notebooks whose outputs depend on the bundled GAN weights, keep their outputs, clean and test them.
#   bash tools/finish_gan_tutorial.sh          (after tools/unpack_bundle.sh; about 2-4 minutes on 2 CPU cores)
set -euo pipefail
cd "$(dirname "$0")/.."
. .venv/bin/activate 2>/dev/null || true
export ND_DATA="${ND_DATA:-$(cd .. && pwd)/shared/data}" MPLBACKEND=Agg
for nb in nbs/04a_pretrained.ipynb nbs/20_tutorial.gans.ipynb; do
  echo "executing $nb"
  exec_nb "$nb" --dest "$nb" --exc_stop   # runs every cell, #| slow ones included, and keeps the outputs
  nbdev_clean --fname "$nb"
  nbdev_test --path "$nb"
done
echo "done: review the figures in nbs/20_tutorial.gans.ipynb, then commit nbs/20_tutorial.gans.ipynb nbs/04a_pretrained.ipynb neural_dissection/weights/*.pt"
