#!/usr/bin/python3
"""Independent reference for HHFunctional's A-current test (issue 13): a point neuron with the seed's HH membrane plus
the Connor-Stevens transient A-type K+ current, integrated by Brian2 (Debian's python3-brian, 2.5.1) with its own
equation strings (nothing from our C# code), at several dt, to show the spike times converge.

Model (one isopotential compartment; mV, ms, uA/cm2, mS/cm2, uF/cm2) -- see README.md for the full statement:
  Cm dV/dt = I_stim - gNa m^3 h (V-ENa) - gK n^4 (V-EK) - gL (V-EL) - gA a^3 b (V-EA)
  HH gates as in NEURON's hh.mod / HH 1952 at 6.3 C (phi = 1); A gates as in Dayan & Abbott (2001), ch. 6, p. 224.

Run:  /usr/bin/python3 make_acurrent_reference.py          (~1.5 min, plus ~30 s of Cython compiling on a first run; writes next to itself)
      /usr/bin/python3 make_acurrent_reference.py --quick  (coarse dts only, for a smoke test; writes nothing)
"""
import gzip
import json
import os
import sys
import time

import numpy as np
import brian2
from brian2 import (NeuronGroup, StateMonitor, Network, defaultclock, prefs, ms, mV, uA, cm, msiemens, ufarad,
                    exprel, exp)

HERE = os.path.dirname(os.path.abspath(__file__))

# ---- the model's numbers (the README states the same) ----
CM_UF_PER_CM2 = 1.0
G_NA, G_K, G_L = 120.0, 36.0, 0.3       # mS/cm2
E_NA, E_K, E_L = 50.0, -77.0, -54.387   # mV
G_A, E_A = 20.0, -75.0                  # mS/cm2, mV (A-current)
V0_MV = -65.0                           # start; every gate at its steady state at V0
STIM_START_MS, STIM_END_MS, STIM_UA_PER_CM2 = 10.0, 210.0, 30.0   # on for start < t <= end
T_END_MS = 250.0
DTS_MS = [0.01, 0.005, 0.0025, 0.00125, 0.000625]
FINEST_DT_MS = DTS_MS[-1]
METHOD = 'rk4'                          # classical 4th-order Runge-Kutta (Brian2's 'rk4' state updater): the reference
CHECK_METHOD = 'exponential_euler'      # Brian2's other scheme, first order here: must converge to the same limit

# Brian2 equations, written from the textbook formulas (HH 1952 in hh.mod's form; Dayan & Abbott p. 224).
# alpha_m = 0.1(V+40)/(1-exp(-(V+40)/10)) = 1/exprel(-(V+40)/10): exprel(x) = (e^x-1)/x is exact and finite at x = 0,
# so the removable singularities at V = -40 (alpha_m -> 1/ms) and V = -55 (alpha_n -> 0.1/ms) need no special case.
EQUATIONS = '''
dv/dt = (I_stim - I_Na - I_K - I_L - I_A) / Cm : volt
I_Na = gNa * m**3 * h * (v - ENa) : amp/meter**2
I_K  = gK * n**4 * (v - EK) : amp/meter**2
I_L  = gL * (v - EL) : amp/meter**2
I_A  = gA * a**3 * b * (v - EA) : amp/meter**2
dm/dt = alpha_m * (1 - m) - beta_m * m : 1
dh/dt = alpha_h * (1 - h) - beta_h * h : 1
dn/dt = alpha_n * (1 - n) - beta_n * n : 1
alpha_m = 1.0 / exprel(-(v/mV + 40.0) / 10.0) / ms : Hz
beta_m  = 4.0 * exp(-(v/mV + 65.0) / 18.0) / ms : Hz
alpha_h = 0.07 * exp(-(v/mV + 65.0) / 20.0) / ms : Hz
beta_h  = 1.0 / (1.0 + exp(-(v/mV + 35.0) / 10.0)) / ms : Hz
alpha_n = 0.1 / exprel(-(v/mV + 55.0) / 10.0) / ms : Hz
beta_n  = 0.125 * exp(-(v/mV + 65.0) / 80.0) / ms : Hz
da/dt = (a_inf - a) / tau_a : 1
db/dt = (b_inf - b) / tau_b : 1
a_inf = (0.0761 * exp(0.0314 * (v/mV + 94.22)) / (1.0 + exp(0.0346 * (v/mV + 1.17))))**(1.0/3.0) : 1
tau_a = (0.3632 + 1.158 / (1.0 + exp(0.0497 * (v/mV + 55.96)))) * ms : second
b_inf = (1.0 / (1.0 + exp(0.0688 * (v/mV + 53.3))))**4 : 1
tau_b = (1.24 + 2.678 / (1.0 + exp(0.0624 * (v/mV + 50.0)))) * ms : second
I_stim : amp/meter**2 (shared)
Cm : farad/meter**2 (shared, constant)
gNa : siemens/meter**2 (shared, constant)
gK : siemens/meter**2 (shared, constant)
gL : siemens/meter**2 (shared, constant)
gA : siemens/meter**2 (shared, constant)
ENa : volt (shared, constant)
EK : volt (shared, constant)
EL : volt (shared, constant)
EA : volt (shared, constant)
'''


def steady_state(v_mv):
    """Gate values at rest at v_mv, from the same formulas (numpy, float64)."""
    def ratio(alpha, beta):
        return alpha / (alpha + beta)
    x = -(v_mv + 40.0) / 10.0
    am = 1.0 / (np.expm1(x) / x) if x != 0 else 1.0
    bm = 4.0 * np.exp(-(v_mv + 65.0) / 18.0)
    ah = 0.07 * np.exp(-(v_mv + 65.0) / 20.0)
    bh = 1.0 / (1.0 + np.exp(-(v_mv + 35.0) / 10.0))
    x = -(v_mv + 55.0) / 10.0
    an = 0.1 / (np.expm1(x) / x) if x != 0 else 0.1
    bn = 0.125 * np.exp(-(v_mv + 65.0) / 80.0)
    a = (0.0761 * np.exp(0.0314 * (v_mv + 94.22)) / (1.0 + np.exp(0.0346 * (v_mv + 1.17)))) ** (1.0 / 3.0)
    b = (1.0 / (1.0 + np.exp(0.0688 * (v_mv + 53.3)))) ** 4
    return dict(m=ratio(am, bm), h=ratio(ah, bh), n=ratio(an, bn), a=a, b=b)


def simulate(dt_ms, ga_ms_per_cm2, method=METHOD):
    """One run; returns (t_ms, v_mV) sampled every step, t = 0, dt, ..., T_END (inclusive)."""
    brian2.start_scope()
    defaultclock.dt = dt_ms * ms
    g = NeuronGroup(1, EQUATIONS, method=method, dt=dt_ms * ms, namespace={})   # nothing from this module's globals
    g.Cm = CM_UF_PER_CM2 * ufarad / cm**2
    g.gNa, g.gK, g.gL = G_NA * msiemens / cm**2, G_K * msiemens / cm**2, G_L * msiemens / cm**2
    g.gA = ga_ms_per_cm2 * msiemens / cm**2
    g.ENa, g.EK, g.EL, g.EA = E_NA * mV, E_K * mV, E_L * mV, E_A * mV
    g.v = V0_MV * mV
    for name, value in steady_state(V0_MV).items():
        setattr(g, name, value)
    g.I_stim = 0 * uA / cm**2
    mon = StateMonitor(g, 'v', record=0, when='start')   # v(t_k) before update k+1
    net = Network(g, mon)
    # The stimulus is piecewise constant, so it is set between runs: exactly the ODE with I on for start < t <= end
    # (the value at the single instant t = start does not change the solution). Every edge is on the dt grid.
    net.run(STIM_START_MS * ms)
    g.I_stim = STIM_UA_PER_CM2 * uA / cm**2
    net.run((STIM_END_MS - STIM_START_MS) * ms)
    g.I_stim = 0 * uA / cm**2
    net.run((T_END_MS - STIM_END_MS) * ms)
    steps = int(round(T_END_MS / dt_ms))
    t_ms = np.arange(steps + 1) * dt_ms          # t = k dt, computed not summed
    v_mv = np.empty(steps + 1)
    v_mv[:steps] = np.asarray(mon.v[0] / mV)
    v_mv[steps] = float(g.v[0] / mV)             # the state after the last update
    assert len(mon.t) == steps, (len(mon.t), steps)
    assert np.allclose(np.asarray(mon.t / ms), t_ms[:steps], rtol=0, atol=1e-9)
    return t_ms, v_mv


def spike_times(t_ms, v_mv, threshold_mv=0.0):
    """Upward crossings v[i-1] < theta <= v[i], linearly interpolated between the two samples."""
    i = np.nonzero((v_mv[:-1] < threshold_mv) & (v_mv[1:] >= threshold_mv))[0]
    a, b = v_mv[i], v_mv[i + 1]
    return t_ms[i] + (threshold_mv - a) / (b - a) * (t_ms[i + 1] - t_ms[i])


def main():
    quick = '--quick' in sys.argv
    prefs.codegen.target = 'cython'    # compiled once (gcc), float64 throughout; 'numpy' gives the same to round-off, slower
    dts = DTS_MS[:2] if quick else DTS_MS
    methods = (METHOD, CHECK_METHOD)
    # First order needs one more halving before 2 t(dt) - t(2 dt) is a useful estimate of the limit.
    method_dts = {METHOD: dts, CHECK_METHOD: dts if quick else dts + [dts[-1] / 2]}
    results = {}                       # (method, gA) -> {dt: (t, v, spikes)}
    for method in methods:
        for ga in (G_A, 0.0):
            runs = {}
            for dt in method_dts[method]:
                t0 = time.time()
                t, v = simulate(dt, ga, method)
                runs[dt] = (t, v, spike_times(t, v))
                print(f'{method} gA={ga:g} dt={dt:g} ms: {len(runs[dt][2])} spikes, {time.time() - t0:.1f} s', flush=True)
            results[(method, ga)] = runs

    summary = dict(
        generator='make_acurrent_reference.py', brian2_version=brian2.__version__, numpy_version=np.__version__,
        method=METHOD, codegen_target='cython', dts_ms=dts, finest_dt_ms=dts[-1],
        check_method=CHECK_METHOD, check_dts_ms=method_dts[CHECK_METHOD],
        reference='the rk4 run at the finest dt (files *_spikes.csv, *_v_every_0.1ms.csv.gz)',
        model=dict(cm_uF_per_cm2=CM_UF_PER_CM2, gNa_mS_per_cm2=G_NA, gK_mS_per_cm2=G_K, gL_mS_per_cm2=G_L,
                   ENa_mV=E_NA, EK_mV=E_K, EL_mV=E_L, gA_mS_per_cm2=G_A, EA_mV=E_A, temperature_C=6.3,
                   v0_mV=V0_MV, gates0='steady state at v0',
                   stimulus=dict(start_ms=STIM_START_MS, end_ms=STIM_END_MS, amplitude_uA_per_cm2=STIM_UA_PER_CM2,
                                 convention='on for start < t <= end'),
                   t_end_ms=T_END_MS, spike='upward 0 mV crossing v[i-1] < 0 <= v[i], linear interpolation'),
        runs={})
    lines = []
    for ga, key in ((G_A, 'hh_plus_a'), (0.0, 'hh_only')):
        finest = results[(METHOD, ga)][dts[-1]][2]
        conv = []
        for method in methods:
            for dt in method_dts[method]:
                s = results[(method, ga)][dt][2]
                same = len(s) == len(finest)
                conv.append(dict(method=method, dt_ms=dt, spikes=len(s),
                                 max_abs_diff_from_reference_ms=float(np.max(np.abs(s - finest))) if same else None))
        # First order: 2 t(dt) - t(2 dt) removes the O(dt) term, an estimate of the limit that owes nothing to rk4.
        cdts = method_dts[CHECK_METHOD]
        e1, e2 = results[(CHECK_METHOD, ga)][cdts[-1]][2], results[(CHECK_METHOD, ga)][cdts[-2]][2]
        richardson = (float(np.max(np.abs(2 * e1 - e2 - finest)))
                      if len(e1) == len(e2) == len(finest) else None)
        summary['runs'][key] = dict(gA_mS_per_cm2=ga, spike_count=len(finest),
                                    spike_times_ms=[float(x) for x in finest], convergence=conv,
                                    exponential_euler_richardson_max_abs_diff_from_reference_ms=richardson)
        lines.append(f'{key}: ' + ', '.join(f'{x:.6f}' for x in finest))
        for c in conv:
            lines.append(f'  {c["method"]:<18} dt {c["dt_ms"]:<9g} spikes {c["spikes"]:3d}  '
                         f'max |t - t_ref| = {c["max_abs_diff_from_reference_ms"]}')
        lines.append(f'  exponential_euler Richardson (2 t(dt) - t(2dt)), dt {cdts[-1]:g}: max |t - t_ref| = {richardson}')
    a, h = results[(METHOD, G_A)][dts[-1]][2], results[(METHOD, 0.0)][dts[-1]][2]
    n = min(len(a), len(h))
    summary['a_current_effect'] = dict(
        spikes_with_gA=len(a), spikes_without=len(h),
        first_spike_delay_ms=float(a[0] - h[0]),
        max_abs_diff_first_common_spikes_ms=float(np.max(np.abs(a[:n] - h[:n]))),
        mean_isi_with_gA_ms=float(np.mean(np.diff(a))), mean_isi_without_ms=float(np.mean(np.diff(h))))
    lines.append(json.dumps(summary['a_current_effect']))
    print('\n'.join(lines))
    if quick:
        return

    for ga, key in ((G_A, 'hh_plus_a'), (0.0, 'hh_only')):
        t, v, s = results[(METHOD, ga)][dts[-1]]
        with open(os.path.join(HERE, f'{key}_spikes.csv'), 'w', newline='\n') as f:
            f.write('spike_index,t_ms\n')
            for k, x in enumerate(s):
                f.write(f'{k},{x!r}\n')       # repr: the shortest string that round-trips the double
        every = int(round(0.1 / dts[-1]))
        text = 't_ms,v_mV\n' + ''.join(f'{k // every * 0.1:.1f},{v[k]!r}\n' for k in range(0, len(t), every))
        with open(os.path.join(HERE, f'{key}_v_every_0.1ms.csv.gz'), 'wb') as raw:
            with gzip.GzipFile(filename='', mode='wb', compresslevel=9, fileobj=raw, mtime=0) as f:  # same bytes each run
                f.write(text.encode('ascii'))
    with open(os.path.join(HERE, 'summary.json'), 'w', newline='\n') as f:
        json.dump(summary, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
