"""NEURON 8.2 anchor for `hhf bench --network`: the same network file in NEURON, timed the same way.

Builds the network of an hhf network file (docs/bench/network_ei.net.json: cylinders from its JSON morphology, fixed
nseg, hh/pas by region with the file's --param values, ExpSyn synapse types, Poisson sources) in NEURON, with the
connectivity hhf drew (CONNECTIONS: the connections.csv that `hhf network FILE --out DIR` writes) and the Poisson trains
hhf draws (our SplitMix64 and inverse-CDF exponential intervals, train seed = source seed + cell index), Crank-Nicolson
(hh's el is NEURON's -54.3 mV unless the file sets it, where hhf's default is the seed's -54.387: set it in the file),
(secondorder = 2), one thread, cache_efficient on, hh's rate tables on (NEURON's default). Prints the median wall time of
RUNS timed runs (finitialize + every fadvance) after one warm-up, per node-step (NEURON's nodes: segment centres and
section ends, the count hhf bench divides by), the spike count, and, with SPIKES (hhf's spikes.csv), how many spikes
agree with hhf's to the step. With EXACT=1 in the environment hh's rate tables are off (hhf's exact rates): then every
spike should agree (the run checks the same network, not only the same speed). With OUT=FILE NEURON's spikes are
written there as population,cell,t_ms (sorted by time, population order, cell), hhf's spikes.csv format.
Run: /usr/bin/python3 docs/bench/neuron_network.py docs/bench/network_ei.net.json CONNECTIONS [SPIKES|-] [RUNS]
"""
import csv
import json
import math
import os
import statistics
import sys
import time

from neuron import h

FILE, CONNECTIONS = sys.argv[1], sys.argv[2]
SPIKES = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] != "-" else None
RUNS = int(sys.argv[4]) if len(sys.argv) > 4 else 3
net = json.load(open(FILE))
here = os.path.dirname(os.path.abspath(FILE))
sim = net["simulation"]
DT, TSTOP, V0 = sim["dt-ms"], sim["t-stop-ms"], sim.get("v0-mv", -65)
MASK = (1 << 64) - 1


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def poisson(rate_hz, start_ms, end_ms, seed):
    """SpikeTimes.Poisson: exponential intervals, u = ((x >> 11) + 1) / 2^53."""
    times, t, state, mean = [], start_ms, seed & MASK, 1000.0 / rate_hz
    while True:
        state, x = splitmix64(state)
        t += -mean * math.log(((x >> 11) + 1) * (1.0 / (1 << 53)))
        if t > end_ms:
            return times
        times.append(t)


def site(cell, text):
    name, x = text[:-1].split("(")
    return cell[name](float(x))




def make_cell(ctype):
    morphology = json.load(open(os.path.join(here, ctype["morphology"])))
    secs = {}
    for s in morphology["sections"]:
        sec = h.Section(name=s["name"])
        sec.L, sec.diam, sec.nseg, sec.cm, sec.Ra = s["length-um"], s["diameter-um"], ctype["nseg"], 1.0, 35.4
        if s.get("parent") is not None:
            sec.connect(secs[s["parent"]][0](s.get("parent-x", 1.0)), 0)
        secs[s["name"]] = (sec, s.get("type", "dend"))
    def matching(region):
        return [sec for name, (sec, typ) in secs.items() if region in ("all", typ, name)]
    for item in ctype.get("insert", ["all:hh"]):
        region, mech = item.split(":")
        for sec in matching(region):
            sec.insert(mech)
    for item in ctype.get("param", []):
        region, rest = item.split(":", 1)
        name, value = rest.split("=")
        value = float(value)
        for sec in matching(region):
            if name == "ra":
                sec.Ra = value
            elif name == "cm":
                sec.cm = value
            else:
                mech, p = name.split(".")
                hoc = {("hh", "gna"): "gnabar", ("hh", "gk"): "gkbar", ("hh", "gl"): "gl", ("hh", "el"): "el",
                       ("pas", "g"): "g", ("pas", "e"): "e"}[(mech, p)]
                scale = 1e-3 if hoc in ("gnabar", "gkbar", "gl", "g") else 1.0  # mS/cm2 -> S/cm2
                for seg in sec:
                    setattr(getattr(seg, mech), hoc, value * scale)
    for name, (sec, typ) in secs.items():
        if h.ismembrane("hh", sec=sec):
            sec.ena, sec.ek = 50.0, -77.0
    return {name: sec for name, (sec, typ) in secs.items()}


h.load_file("stdrun.hoc")
h.celsius = 6.3
EXACT = os.environ.get("EXACT") == "1"
if EXACT:
    h.usetable_hh = 0
cells = {}
for pop in net["populations"]:
    cells[pop["name"]] = [make_cell(net["cell-types"][pop["cell-type"]]) for _ in range(pop["count"])]
syn_types = net["synapse-types"]
synapses = {}


def synapse(pop, cell, where, kind):
    key = (pop, cell, where, kind)
    if key not in synapses:
        t = syn_types[kind]
        syn = h.ExpSyn(site(cells[pop][cell], where))
        syn.tau, syn.e = t["tau-ms"], t["e-mv"]
        synapses[key] = syn
    return synapses[key]


keep = []
rows = list(csv.DictReader(open(CONNECTIONS)))
by_pair = {}
for p in net["projections"]:
    by_pair.setdefault((p["source"], p["target"]), []).append(p)
used = {}
for r in rows:
    # connections.csv lists the projections' connections in order; a pair of populations may have several projections
    # only if they target different sites, which this file does not do.
    p = by_pair[(r["source_population"], r["target_population"])][0]
    src = cells[r["source_population"]][int(r["source"])]
    nc = h.NetCon(site(src, p["source-site"])._ref_v, synapse(r["target_population"], int(r["target"]), p["target-site"], p["synapse"]),
                  sec=src[p["source-site"].split("(")[0]])
    nc.threshold, nc.weight[0], nc.delay = p["threshold-mv"], float(r["weight_us"]), float(r["delay_ms"])
    keep.append(nc)
events = []
for s in net["sources"]:
    targets = s.get("cells", range(len(cells[s["target"]])))
    for c in targets:
        q = s["poisson"]
        times = poisson(q["rate-hz"], q["start-ms"], q["end-ms"], q["seed"] + c)
        nc = h.NetCon(None, synapse(s["target"], c, s["site"], s["synapse"]))
        nc.weight[0], nc.delay = s["weight-us"], s.get("delay-ms", 0)
        keep.append(nc)
        events.append((nc, times))
spike_t, spike_id = h.Vector(), h.Vector()
detectors = []
gid = 0
names = []
for pop in net["populations"]:
    for i, cell in enumerate(cells[pop["name"]]):
        nc = h.NetCon(cell["soma"](0.5)._ref_v, None, sec=cell["soma"])
        nc.threshold = 10
        nc.record(spike_t, spike_id, gid)
        detectors.append(nc)
        names.append((pop["name"], i))
        gid += 1


def queue():
    for nc, times in events:
        for t in times:
            nc.event(t)


fih = h.FInitializeHandler(queue)
h.secondorder = 2
h.dt = DT
h.cvode_active(0)
h.CVode().cache_efficient(1)
steps = int(round(TSTOP / DT))
nodes = sum(sum(sec.nseg + 1 for sec in cell.values()) + 1 for pop in cells.values() for cell in pop)


def run():
    start = time.perf_counter()
    h.finitialize(V0)
    for _ in range(steps):
        h.fadvance()
    return time.perf_counter() - start


run()
times = [run() for _ in range(RUNS)]
med = statistics.median(times)
ours = sorted((round(t / DT), names[int(i)]) for t, i in zip(spike_t, spike_id))
print(f"neuron {h.nrnversion(5)}: {os.path.basename(FILE)}, {sum(len(p) for p in cells.values())} cells, {nodes} nodes, "
      f"{len(rows)} connections, {steps} steps, crank-nicolson, rate tables {'off' if EXACT else 'on'}, {RUNS} runs: median {med:.2f} s "
      f"= {med * 1e9 / (nodes * steps):.2f} ns per node-step (range {min(times):.2f}-{max(times):.2f} s); {len(ours)} spikes")
if os.environ.get("OUT"):
    order = {p["name"]: i for i, p in enumerate(net["populations"])}
    with open(os.environ["OUT"], "w") as f:
        f.write("population,cell,t_ms\n")
        for t, i in sorted(((t, int(i)) for t, i in zip(spike_t, spike_id)), key=lambda s: (round(s[0] / DT), order[names[s[1]][0]], names[s[1]][1])):
            f.write(f"{names[i][0]},{names[i][1]},{t:.10g}\n")
if SPIKES:
    theirs = sorted((round(float(r["t_ms"]) / DT), (r["population"], int(r["cell"]))) for r in csv.DictReader(open(SPIKES)))
    common = len(set(ours) & set(theirs))
    print(f"hhf spikes.csv: {len(theirs)} spikes, {common} on the same step and cell as NEURON's")
