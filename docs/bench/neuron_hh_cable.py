"""NEURON 8.2 anchor for `hhf bench` (1x2000 Crank-Nicolson): the same HH cable, timed the same way.

One unbranched HH cable of 2000 segments (d = 476 um, L = 50000 um, Ra = 35.4 ohm cm, cm = 1 uF/cm2, the seed's hh at
6.3 C), Crank-Nicolson (secondorder = 2), dt = 0.01 ms, 10,000 steps, rate tables on (NEURON's default) and
cache_efficient on. Prints the median wall time per compartment-step (ns) over RUNS timed runs after one warm-up.
Run: /usr/bin/python3 docs/bench/neuron_hh_cable.py [RUNS]   (Debian packages neuron, python3-neuron)
"""
import statistics
import sys
import time

from neuron import h

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
NSEG, STEPS, DT = 2000, 10_000, 0.01

h.load_file("stdrun.hoc")
cable = h.Section(name="cable")
cable.L, cable.diam, cable.Ra, cable.cm, cable.nseg = 50_000, 476, 35.4, 1.0, NSEG
cable.insert("hh")
h.celsius = 6.3
h.secondorder = 2
h.dt = DT
h.cvode_active(0)
h.CVode().cache_efficient(1)
stim = h.IClamp(cable(0.0))
stim.delay, stim.dur, stim.amp = 1.0, 0.1, 50.0  # nA: a brief suprathreshold pulse, as the bench's protocol is immaterial here


def run():
    h.finitialize(-65)
    start = time.perf_counter()
    for _ in range(STEPS):
        h.fadvance()
    return time.perf_counter() - start


run()
times = [run() for _ in range(RUNS)]
ns = statistics.median(times) * 1e9 / (NSEG * STEPS)
print(f"neuron {h.nrnversion(5)}: 1x{NSEG} crank-nicolson, {RUNS} runs: median {ns:.2f} ns per compartment-step "
      f"(range {min(times) * 1e9 / (NSEG * STEPS):.2f}-{max(times) * 1e9 / (NSEG * STEPS):.2f})")
