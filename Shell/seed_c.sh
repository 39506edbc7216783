#!/usr/bin/env bash
# The C reference of the seed's math (../shared/bench/seed_c.c beside the clone), built both ways with
# gcc -O3 -march=native: with libm's exp, and with -ffast-math (vectorised exp). Prints one line per build:
#   libm <ns per compartment-step>
#   fast-math <ns per compartment-step>
# usage: Shell/seed_c.sh BLOCKS NEURONS ITERATIONS     (SEED_C_SOURCE overrides the source path)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
source="${SEED_C_SOURCE:-$repo/../shared/bench/seed_c.c}"
if [ $# -ne 3 ]; then echo "usage: $0 BLOCKS NEURONS ITERATIONS" >&2; exit 2; fi
if [ ! -f "$source" ]; then echo "seed_c.sh: $source not found (expected ../shared/bench/seed_c.c beside the clone)" >&2; exit 3; fi
command -v gcc >/dev/null || { echo "seed_c.sh: gcc not found" >&2; exit 3; }
build="$repo/Shell/obj/seed_c"
mkdir -p "$build"
for variant in libm fast-math; do
  exe="$build/seed_c_$variant"
  if [ ! -x "$exe" ] || [ "$source" -nt "$exe" ]; then
    flags="-O3 -march=native"
    [ "$variant" = fast-math ] && flags="$flags -ffast-math"
    # shellcheck disable=SC2086
    gcc $flags -o "$exe" "$source" -lm
  fi
done
for variant in libm fast-math; do
  line="$("$build/seed_c_$variant" "$1" "$2" "$3")"
  ns="$(echo "$line" | sed -n 's/.*ns_per_compartment_step=\([0-9.]*\).*/\1/p')"
  echo "$variant $ns"
done
