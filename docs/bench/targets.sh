#!/bin/bash
# Every speed target of the issues, two rounds, each hhf figure beside its reference from the same minute
# (docs/performance.md, "The issues' speed targets"). Needs NEURON 8.2 (Debian: neuron python3-neuron) for its rows.
# Usage, from the repository: bash docs/bench/targets.sh [ROUNDS]   (HHF=path/to/hhf, default: the Release build)
set -u
cd "$(dirname "$0")/../.."
H=${HHF:-./Shell/bin/Release/net10.0/hhf}
PY=/usr/bin/python3
rounds=${1:-2}
connections=$(mktemp -d)
$H network docs/bench/network_ei.net.json --out "$connections/out" --no-report > /dev/null
for round in $(seq "$rounds"); do
  echo "=== round $round $(date -u +%H:%M) load $(cut -d' ' -f1-3 /proc/loadavg)"
  $H bench --neurons 1000 --compartments 20 --iterations 1000 --integrator forward-euler --runs 7 | grep "^1000x20"
  $H bench --neurons 1000 --compartments 20 --iterations 1000 --integrator crank-nicolson --runs 7 | grep "^1000x20"
  $H bench --neurons 1000 --compartments 20 --iterations 1000 --integrator crank-nicolson --runs 7 --rate-table neuron | grep "^1000x20"
  $PY docs/bench/neuron_hh_cable.py 5 2>/dev/null | tail -1
  $H bench --neurons 1 --compartments 2000 --iterations 10000 --integrator crank-nicolson --runs 5 --no-c --rate-table neuron | grep "^1x2000"
  $H bench --neurons 1 --compartments 2000 --iterations 10000 --integrator crank-nicolson --runs 5 --no-c | grep "^1x2000"
  $PY docs/bench/neuron_tree.py docs/bench/rallpack2_tree.json pas 5 2>/dev/null | tail -1
  $H bench --morphology docs/bench/rallpack2_tree.json --nseg 1 --insert all:pas --runs 7 | grep "rallpack2"
  for t in 1 2; do
    $H bench --morphology docs/examples/pyramid.swc --neurons 64 --threads $t --runs 3 | grep "pyramid"
    $H bench --morphology docs/examples/pyramid.swc --neurons 64 --threads $t --runs 3 --rate-table neuron | grep "pyramid"
  done
  $PY docs/bench/neuron_network.py docs/bench/network_ei.net.json "$connections/out/connections.csv" - 3 2>/dev/null | tail -1
  $H bench --network docs/bench/network_ei.net.json --runs 5 | grep -E "^\s+[12] "
  $H bench --network docs/bench/network_ei.net.json --runs 5 --rate-table neuron | grep -E "^\s+[12] "
done
rm -rf "$connections"
echo "=== end $(date -u +%H:%M)"
