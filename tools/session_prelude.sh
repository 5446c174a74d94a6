# Sourced by tools/train_bundled.sh and tools/gpu_session.sh (not run alone):
#   . "$(dirname "$0")/session_prelude.sh" NAME [LOG]     (LOG: a file name inside $OUT)
# Works from the checkout's root, makes $OUT (which the caller must set), makes this checkout's library importable,
# and defines say(): a line stamped "[NAME Ns]" (seconds since the start), also appended to $OUT/LOG when LOG is given.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
: "${OUT:?set OUT to the folder for the results}"
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1 MPLBACKEND=Agg PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}"
PY=${PYTHON:-python3}
TINY=${TINY:-0}
t_start=$(date +%s)
_say_name=$1 _say_log=${2:+$OUT/$2}
say() {
  local line="[$_say_name $(( $(date +%s) - t_start ))s] $*"
  echo "$line"
  if [ -n "$_say_log" ]; then echo "$line" >> "$_say_log"; fi
}
