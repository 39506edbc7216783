"""NEURON 8.2: the HH point neuron of this folder's README (area 100 um2, seed membrane, 6.3 C, from the true rest,
5 uA/cm2 for 100-200 ms and 10 uA/cm2 for 300-400 ms, 500 ms), Crank-Nicolson at dt 0.01 ms, once with NEURON's
default rate tables (usetable_hh = 1: -100 ... 100 mV in 200 intervals) and once with exact rates (usetable_hh = 0).
Writes point_tables_spikes.csv: method,spike_index,t_ms (upward 0 mV crossings, linearly interpolated).
Run: /usr/bin/python3 neuron_point_tables.py OUT_DIR"""
import math
import os
import sys

from neuron import h

h.load_file("stdrun.hoc")

AREA_UM2 = 100.0
REST_MV = -64.996379331


def run(usetable, dt):
    h.celsius = 6.3
    h.usetable_hh = usetable
    soma = h.Section(name="soma")
    soma.L = soma.diam = math.sqrt(AREA_UM2 / math.pi)
    soma.nseg = 1
    soma.cm = 1.0
    soma.insert("hh")
    for seg in soma:
        seg.hh.gnabar = 0.12
        seg.hh.gkbar = 0.036
        seg.hh.gl = 0.0003
        seg.hh.el = -54.387
    soma.ena = 50.0
    soma.ek = -77.0
    clamps = []
    # uA/cm2 x um2: 1 uA/cm2 on 100 um2 is 1e-3 nA.
    for delay, amp_density in ((100.0, 5.0), (300.0, 10.0)):
        c = h.IClamp(soma(0.5))
        c.delay, c.dur, c.amp = delay, 100.0, amp_density * AREA_UM2 * 1e-5
        clamps.append(c)
    h.secondorder = 2
    h.dt = dt
    h.steps_per_ms = 1.0 / dt
    v = h.Vector().record(soma(0.5)._ref_v)
    t = h.Vector().record(h._ref_t)
    h.finitialize(REST_MV)
    h.continuerun(500.0)
    vs, ts = list(v), list(t)
    spikes = []
    for k in range(1, len(vs)):
        if vs[k - 1] < 0.0 <= vs[k]:
            spikes.append(ts[k - 1] + (ts[k] - ts[k - 1]) * (0.0 - vs[k - 1]) / (vs[k] - vs[k - 1]))
    return spikes


def main(out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "point_tables_spikes.csv"), "w") as f:
        f.write("method,spike_index,t_ms\n")
        for name, usetable in (("CN_dt0.01_tables", 1), ("CN_dt0.01_exact", 0)):
            for i, s in enumerate(run(usetable, 0.01)):
                f.write("%s,%d,%.6f\n" % (name, i, s))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
