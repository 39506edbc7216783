#!/bin/bash
# Two builds of hhf compared on one `hhf bench` case, both running at once, one per core, the cores swapped every round:
# on a shared machine whose speed drifts ±30 % from minute to minute both see the same drift, and swapping cancels the
# cores' own difference. Prints the geometric mean of new/old over the rounds (the same build against itself: 1.00–1.01).
# Usage, from the repository: bash docs/bench/ab.sh ROUNDS OLD_CLONE NEW_CLONE -- BENCH_ARGS…   (each clone built with
#   dotnet build Shell -c Release; e.g. -- --neurons 1 --compartments 2000 --iterations 10000 --integrator crank-nicolson)
# Needs 2 cores and taskset (util-linux); a case on several threads cannot be compared this way.
set -eu
if [ $# -lt 4 ] || [ "$4" != "--" ]; then echo "usage: $0 ROUNDS OLD_CLONE NEW_CLONE -- BENCH_ARGS..." >&2; exit 2; fi
rounds=$1; old=$2; new=$3; shift 4
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
pairs=()
for i in $(seq "$rounds"); do
  if [ $((i % 2)) = 0 ]; then co=0; cn=1; else co=1; cn=0; fi
  taskset -c $co "$old/Shell/bin/Release/net10.0/hhf" bench "$@" --no-c --json > "$work/old.json" &
  taskset -c $cn "$new/Shell/bin/Release/net10.0/hhf" bench "$@" --no-c --json > "$work/new.json" &
  wait
  pairs+=("$(python3 -c "import json; print(json.load(open('$work/old.json'))[0]['median_ns_per_compartment_step'])"):$(python3 -c "import json; print(json.load(open('$work/new.json'))[0]['median_ns_per_compartment_step'])")")
done
python3 - "${pairs[@]}" <<'PY'
import sys, statistics as s
p = [tuple(map(float, x.split(':'))) for x in sys.argv[1:]]
r = [b / a for a, b in p]
print("new/old: geometric mean %.3f over %d rounds (each: %s); old median %.2f, new median %.2f ns per compartment-step"
      % (s.geometric_mean(r), len(r), " ".join("%.2f" % x for x in r), s.median(a for a, _ in p), s.median(b for _, b in p)))
PY
