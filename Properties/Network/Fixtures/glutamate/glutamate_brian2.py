"""Independent reference for HHFunctional's GlutamateSyn (issue 14): Brian2 integrates the same equations.

A single passive compartment (a soma cylinder, L = d = 20 um) receives spike events through one synapse with
an AMPA part and an NMDA part, each a dual exponential with NEURON's Exp2Syn peak normalisation, the NMDA part
gated by Jahr & Stevens' (1990) magnesium block. Written from the equations (README.md), not from our C# code.

Run:  /usr/bin/python3 glutamate_brian2.py [dt_us]   (writes glutamate_v.csv next to this file)
"""
import math
import os
import sys

import numpy as np
from brian2 import (NeuronGroup, SpikeGeneratorGroup, Synapses, StateMonitor, Network, defaultclock, prefs,
                    ms, mV, uS, nS, pF, um, cm, uF, msiemens, mM, siemens, nA, __version__)

prefs.codegen.target = 'numpy'

# --- the cell (our CellModel: one soma cylinder, nseg 1, pas only) ---
L_um, diam_um = 20.0, 20.0
area = math.pi * diam_um * L_um * um ** 2          # lateral area of the cylinder (NEURON's area for nseg 1)
cm_ = 1.0 * uF / cm ** 2
g_pas = 0.1 * msiemens / cm ** 2                     # 1e-4 S/cm2
e_pas = -65.0 * mV

# --- the synapse (HHFunctional defaults) ---
tauA1, tauA2 = 0.2 * ms, 2.0 * ms                    # AMPA rise, decay
tauN1, tauN2 = 2.0 * ms, 75.0 * ms                   # NMDA rise, decay
nmda_ratio = 1.0                                     # NMDA peak / AMPA peak per event (unblocked)
e_syn = 0.0 * mV
weight = 0.001 * uS                                  # per event, the AMPA peak conductance

# --- the events: two lone events at rest (NMDA mostly blocked), then a burst of five at 200 Hz (NMDA builds up,
# v leaves the block) ---
spike_times_ms = [10.0, 60.0, 110.0, 115.0, 120.0, 125.0, 130.0]
t_stop = 300.0 * ms


def peak_factor(t1, t2):
    """NEURON's Exp2Syn: 1/(exp(-tp/t2) - exp(-tp/t1)), tp the time of the difference's peak."""
    tp = t1 * t2 / (t2 - t1) * math.log(t2 / t1)
    return 1.0 / (math.exp(-tp / t2) - math.exp(-tp / t1))


eqs = '''
dv/dt = (g_pas_total*(e_pas - v) - i_syn) / C_total : volt
i_syn = (gA + gN*mg_block) * (v - e_syn) : amp
mg_block = 1 / (1 + exp(-0.062*v/mV) * (mg/(3.57*mM))) : 1
gA = bA - aA : siemens
gN = bN - aN : siemens
daA/dt = -aA/tauA1 : siemens
dbA/dt = -bA/tauA2 : siemens
daN/dt = -aN/tauN1 : siemens
dbN/dt = -bN/tauN2 : siemens
mg : mM (constant)
'''


def run(mg_mM, dt):
    defaultclock.dt = dt
    ns = dict(g_pas_total=g_pas * area, C_total=cm_ * area, e_pas=e_pas, e_syn=e_syn,
              tauA1=tauA1, tauA2=tauA2, tauN1=tauN1, tauN2=tauN2, mM=mM, mV=mV)
    cell = NeuronGroup(1, eqs, method='rk4', namespace=ns)
    cell.v = e_pas
    cell.mg = mg_mM * mM
    # Brian2 applies on_pre after the step that starts at the spike's time step (schedule: groups, thresholds,
    # synapses), so an event given at t - dt acts from t on: the conductance jumps at exactly t.
    times = (np.array(spike_times_ms) * ms) - dt
    source = SpikeGeneratorGroup(1, np.zeros(len(times), dtype=int), times)
    fA = peak_factor(float(tauA1 / ms), float(tauA2 / ms))
    fN = peak_factor(float(tauN1 / ms), float(tauN2 / ms))
    syn = Synapses(source, cell, model='w : siemens', on_pre='''
aA_post += w*fA
bA_post += w*fA
aN_post += w*ratio*fN
bN_post += w*ratio*fN
''', namespace=dict(fA=fA, fN=fN, ratio=nmda_ratio))
    syn.connect(i=0, j=0)
    syn.w = weight
    mon = StateMonitor(cell, 'v', record=0)   # when='start': v at t = n*dt, before the step from t
    net = Network(cell, source, syn, mon)
    net.run(t_stop + dt)                       # one step more, so that t_stop itself is recorded
    return np.asarray(mon.t / ms), np.asarray(mon.v[0] / mV)


if __name__ == '__main__':
    dt_us = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    dt = dt_us * 1e-3 * ms
    t, v1 = run(1.0, dt)
    _, v0 = run(0.0, dt)
    every = 25.0 / dt_us                              # keep t = k * 0.025 ms
    assert every == int(every), 'dt must divide 0.025 ms'
    every = int(every)
    idx = np.arange(0, len(t), every)
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'glutamate_v.csv')
    with open(out, 'w') as f:
        f.write('t_ms,v_mv,v_no_mg_mv\n')
        for k in idx:
            f.write(f'{t[k]:.3f},{v1[k]:.6f},{v0[k]:.6f}\n')
    print(f'brian2 {__version__}, dt {dt_us} us, rk4: {len(idx)} rows to {out}; '
          f'max v {v1.max():.3f} mV (Mg 1 mM), {v0.max():.3f} mV (Mg 0)')
