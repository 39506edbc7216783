"""NEURON 8.2 anchor for `hhf bench --morphology`: the same JSON morphology in NEURON, timed the same way.

Reads an hhf JSON morphology of cylinders (docs/bench/rallpack2_tree.json: Rallpack 2's tree), nseg 1 in every section,
MECH (pas, as Rallpack 2, or hh with the seed's values at 6.3 C) everywhere, cm 1 uF/cm2, Ra 100 ohm cm, Crank-Nicolson
(secondorder = 2), dt 0.025 ms, 10,000 steps from finitialize(-65), no stimulus, cache_efficient on (hh's rate tables
on, NEURON's default). Prints the median wall time per step over RUNS timed runs after one warm-up, per node (NEURON's
nodes: segment centres and section ends, the count hhf bench divides by) and per segment.
Run: /usr/bin/python3 docs/bench/neuron_tree.py docs/bench/rallpack2_tree.json pas [RUNS]
"""
import json
import statistics
import sys
import time

from neuron import h

FILE, MECH = sys.argv[1], sys.argv[2]
RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 5
STEPS, DT = 10_000, 0.025

h.load_file("stdrun.hoc")
sections = {}
for s in json.load(open(FILE))["sections"]:
    sec = h.Section(name=s["name"])
    sec.L, sec.diam, sec.nseg, sec.Ra, sec.cm = s["length-um"], s["diameter-um"], 1, 100.0, 1.0
    sec.insert(MECH)
    if s.get("parent") is not None:
        sec.connect(sections[s["parent"]](s.get("parent-x", 1.0)), 0)
    sections[s["name"]] = sec
if MECH == "hh":
    for sec in sections.values():
        sec.el_hh = -54.387
h.celsius = 6.3
h.secondorder = 2
h.dt = DT
h.cvode_active(0)
h.CVode().cache_efficient(1)
segments = sum(sec.nseg for sec in sections.values())
nodes = segments + len(sections) + 1  # each section's 1-end and the root's 0-end


def run():
    h.finitialize(-65)
    start = time.perf_counter()
    for _ in range(STEPS):
        h.fadvance()
    return time.perf_counter() - start


run()
times = [run() for _ in range(RUNS)]
med = statistics.median(times)
print(f"neuron {h.nrnversion(5)}: {FILE} {MECH}, {segments} segments, {nodes} nodes, crank-nicolson, {RUNS} runs: "
      f"median {med * 1e3 / STEPS * 1e3:.1f} us per step = {med * 1e9 / (nodes * STEPS):.2f} ns per node-step "
      f"= {med * 1e9 / (segments * STEPS):.2f} ns per segment-step (range {min(times) * 1e3:.0f}-{max(times) * 1e3:.0f} ms per run)")
