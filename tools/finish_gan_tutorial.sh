#!/usr/bin/env bash
# Re-execute the notebooks whose outputs depend on the bundled GAN weights, keep their outputs, clean and test them,
# and rewrite README.md from the index (its first picture is DCGAN samples).
#   bash tools/finish_gan_tutorial.sh          (after tools/unpack_bundle.sh; about 5 minutes on 2 idle CPU cores)
# Then read tutorial 24's prose against its new outputs: its findings quote numbers and unit indices of the weights.
set -euo pipefail
cd "$(dirname "$0")/.."
. .venv/bin/activate 2>/dev/null || true
export ND_DATA="${ND_DATA:-$(cd .. && pwd)/shared/data}" MPLBACKEND=Agg
for nb in nbs/04a_pretrained.ipynb nbs/20_tutorial.gans.ipynb nbs/21_tutorial.featurevis.ipynb \
          nbs/23_tutorial.gan_dissection.ipynb nbs/index.ipynb; do
  echo "executing $nb"
  exec_nb "$nb" --dest "$nb" --exc_stop   # runs every cell, #| slow ones included, and keeps the outputs
  nbdev_clean --fname "$nb"
  nbdev_test --path "$nb"
done
python tools/make_readme.py
echo "done: review the figures and prose of tutorials 20, 21 and 24, then commit nbs/ README.md images/ neural_dissection/weights/*.pt"
