#!/usr/bin/env bash
# Fill .devdata/ (git-ignored) with what a GPU machine without a package registry needs for tools/gpu_session.sh:
# MNIST's four raw files gzipped (from $ND_DATA/MNIST/raw), the smaller Debian SoundFont (MuseScore_General_Lite.sf3,
# 40 MB; or $ND_SOUNDFONT) and the tinysoundfont wheel for this Python. Prints the total: the device tool carries 64 MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
d=.devdata; mkdir -p "$d/MNIST/raw" "$d/wheels"
raw=${ND_DATA:-../shared/data}/MNIST/raw
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  if [ -f "$raw/$f.gz" ]; then cp "$raw/$f.gz" "$d/MNIST/raw/"; elif [ -f "$raw/$f" ]; then gzip -9c "$raw/$f" > "$d/MNIST/raw/$f.gz";
  else echo "no $raw/$f(.gz): set ND_DATA to the folder holding MNIST/raw"; exit 1; fi
done
sf=${ND_SOUNDFONT:-/usr/share/sounds/sf3/MuseScore_General_Lite.sf3}
[ -f "$sf" ] || { echo "no SoundFont at $sf: apt-get install musescore-general-soundfont-small, or set ND_SOUNDFONT"; exit 1; }
rm -f "$d"/*.sf2 "$d"/*.sf3; cp "$sf" "$d/"
rm -f "$d"/wheels/*.whl; python3 -m pip download --no-deps --only-binary=:all: -q -d "$d/wheels" tinysoundfont
du -ah "$d" | sort -k2; echo "total: $(du -sm "$d" | cut -f1) MB (the device tool carries at most 64 MiB in all)"
