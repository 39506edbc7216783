#!/usr/bin/python3
"""Two checks beside the Brian2 reference (make_acurrent_reference.py), numpy/scipy only:

1. An independent integration of the same ODE by scipy's DOP853 (8th-order Runge-Kutta, rtol 1e-12, atol 1e-12) with
   exact event location of the upward 0 mV crossings: how far the committed reference is from it.
2. An estimate, for the test to be written against the reference, of how far each of HHFunctional's four schemes gets at
   dt 0.01, 0.005, 0.0025, 0.00125 ms: each scheme re-implemented here for one compartment as the C# code states it
   (Core/Integrators/*.cs: update k sees the stimulus at t = k dt; ForwardEuler; ExponentialEuler = Rush-Larsen gates and
   exponential Euler on v at frozen gates; BackwardEuler = implicit v at frozen gates then Rush-Larsen gates at the new
   v; CrankNicolson = NEURON's staggered scheme, a backward-Euler half step extrapolated, gates half a step ahead), with
   the A gates a, b advanced exactly like m, h, n (Rush-Larsen: x_inf + (x - x_inf) exp(-dt/tau)) and I_A added to the
   linearised membrane (G += gA a^3 b, G E += gA a^3 b EA). It is an estimate of our code, not our code.
3. The alternative constants (Connor, Walter & McKown 1977 / Ermentrout & Terman: exp((V+94.22)/31.84) etc., in place of
   Dayan & Abbott's exp(0.0314 (V+94.22)) etc.): how far that model's spike times are from the reference's.

Run: /usr/bin/python3 estimate_integrators.py   (a few minutes; prints tables, writes nothing)
"""
import csv
import math
import os

import numpy as np
from scipy.integrate import solve_ivp

HERE = os.path.dirname(os.path.abspath(__file__))
G_NA, G_K, G_L, E_NA, E_K, E_L = 120.0, 36.0, 0.3, 50.0, -77.0, -54.387
E_A, V0, T0, T1, AMP, T_END = -75.0, -65.0, 10.0, 210.0, 30.0, 250.0


def hh_rates(v):
    x = v + 40.0
    am = 1.0 if abs(x / 10.0) < 1e-6 else 0.1 * x / (1.0 - math.exp(-x / 10.0))   # limit 1 at -40 mV
    bm = 4.0 * math.exp(-(v + 65.0) / 18.0)
    ah = 0.07 * math.exp(-(v + 65.0) / 20.0)
    bh = 1.0 / (1.0 + math.exp(-(v + 35.0) / 10.0))
    x = v + 55.0
    an = 0.1 if abs(x / 10.0) < 1e-6 else 0.01 * x / (1.0 - math.exp(-x / 10.0))  # limit 0.1 at -55 mV
    bn = 0.125 * math.exp(-(v + 65.0) / 80.0)
    return am, bm, ah, bh, an, bn


def a_gates_da(v):       # Dayan & Abbott (2001), ch. 6, p. 224
    ai = (0.0761 * math.exp(0.0314 * (v + 94.22)) / (1.0 + math.exp(0.0346 * (v + 1.17)))) ** (1.0 / 3.0)
    ta = 0.3632 + 1.158 / (1.0 + math.exp(0.0497 * (v + 55.96)))
    bi = (1.0 / (1.0 + math.exp(0.0688 * (v + 53.3)))) ** 4
    tb = 1.24 + 2.678 / (1.0 + math.exp(0.0624 * (v + 50.0)))
    return ai, ta, bi, tb


def a_gates_cwm(v):      # the same with the slopes as divisors (Connor et al. 1977 / Ermentrout & Terman)
    ai = (0.0761 * math.exp((v + 94.22) / 31.84) / (1.0 + math.exp((v + 1.17) / 28.93))) ** (1.0 / 3.0)
    ta = 0.3632 + 1.158 / (1.0 + math.exp((v + 55.96) / 20.12))
    bi = (1.0 / (1.0 + math.exp((v + 53.3) / 14.54))) ** 4
    tb = 1.24 + 2.678 / (1.0 + math.exp((v + 50.0) / 16.027))
    return ai, ta, bi, tb


def start(a_gates):
    am, bm, ah, bh, an, bn = hh_rates(V0)
    ai, _, bi, _ = a_gates(V0)
    return [V0, am / (am + bm), ah / (ah + bh), an / (an + bn), ai, bi]


def stim(t):             # on for T0 < t <= T1
    return AMP if T0 < t <= T1 else 0.0


def crossings(t, v):
    i = np.nonzero((v[:-1] < 0.0) & (v[1:] >= 0.0))[0]
    return t[i] + (0.0 - v[i]) / (v[i + 1] - v[i]) * (t[i + 1] - t[i])


def dop853(ga, a_gates):
    def f(t, y, amp):
        v, m, h, n, a, b = y
        am, bm, ah, bh, an, bn = hh_rates(v)
        ai, ta, bi, tb = a_gates(v)
        ion = G_NA * m**3 * h * (v - E_NA) + G_K * n**4 * (v - E_K) + G_L * (v - E_L) + ga * a**3 * b * (v - E_A)
        return [amp - ion, am * (1 - m) - bm * m, ah * (1 - h) - bh * h, an * (1 - n) - bn * n,
                (ai - a) / ta, (bi - b) / tb]

    def up(t, y, amp):
        return y[0]
    up.direction = 1.0
    y, spikes = start(a_gates), []
    for s, e, amp in ((0.0, T0, 0.0), (T0, T1, AMP), (T1, T_END, 0.0)):
        sol = solve_ivp(f, (s, e), y, args=(amp,), method='DOP853', rtol=1e-12, atol=1e-12, events=up)
        spikes += list(sol.t_events[0])
        y = sol.y[:, -1]
    return np.array(spikes)


def rl(x, xinf, rate, dt):
    return xinf + (x - xinf) * math.exp(-rate * dt)


def scheme_run(kind, dt, ga):
    steps = int(round(T_END / dt))
    v, m, h, n, a, b = start(a_gates_da)
    vs = np.empty(steps + 1)
    vs[0] = v
    for k in range(1, steps + 1):
        i_stim = stim(k * dt)
        if kind == 'forward-euler':
            am, bm, ah, bh, an, bn = hh_rates(v)
            ai, ta, bi, tb = a_gates_da(v)
            ion = G_NA * m**3 * h * (v - E_NA) + G_K * n**4 * (v - E_K) + G_L * (v - E_L) + ga * a**3 * b * (v - E_A)
            v, m, h, n, a, b = (v + (i_stim - ion) * dt, m + (am * (1 - m) - bm * m) * dt,
                                h + (ah * (1 - h) - bh * h) * dt, n + (an * (1 - n) - bn * n) * dt,
                                a + (ai - a) / ta * dt, b + (bi - b) / tb * dt)
        else:
            gna, gk, gA = G_NA * m**3 * h, G_K * n**4, ga * a**3 * b
            g = gna + gk + G_L + gA
            ge = gna * E_NA + gk * E_K + G_L * E_L + gA * E_A
            if kind == 'exponential-euler':
                vnew = (ge + i_stim) / g + (v - (ge + i_stim) / g) * math.exp(-g * dt)
                vg = v                                  # gates' rates at the old v
            elif kind == 'backward-euler':
                vnew = (v / dt + ge + i_stim) / (1.0 / dt + g)
                vg = vnew
            else:                                       # crank-nicolson: BE half step, then v_k = 2 v_half - v_{k-1}
                vhalf = (v / (dt / 2) + ge + i_stim) / (1.0 / (dt / 2) + g)
                vnew = 2.0 * vhalf - v
                vg = vnew                               # gates from t_k - dt/2 to t_k + dt/2 at v_k
            am, bm, ah, bh, an, bn = hh_rates(vg)
            ai, ta, bi, tb = a_gates_da(vg)
            m = rl(m, am / (am + bm), am + bm, dt)
            h = rl(h, ah / (ah + bh), ah + bh, dt)
            n = rl(n, an / (an + bn), an + bn, dt)
            a = rl(a, ai, 1.0 / ta, dt)
            b = rl(b, bi, 1.0 / tb, dt)
            v = vnew
        vs[k] = v
    return crossings(np.arange(steps + 1) * dt, vs)


def reference(key):
    with open(os.path.join(HERE, f'{key}_spikes.csv')) as f:
        return np.array([float(r['t_ms']) for r in csv.DictReader(f)])


def diff(s, ref):
    return f'{np.max(np.abs(s - ref)):.3g}' if len(s) == len(ref) else f'{len(s)} spikes vs {len(ref)}'


def main():
    for ga, key in ((20.0, 'hh_plus_a'), (0.0, 'hh_only')):
        ref = reference(key)
        print(f'== {key} (gA {ga:g}), {len(ref)} reference spikes')
        print(f'  scipy DOP853 rtol 1e-12, exact events: max |t - t_ref| = {diff(dop853(ga, a_gates_da), ref)} ms')
        if ga:
            print(f'  alternative constants (/31.84 ...): max |t - t_ref| = {diff(dop853(ga, a_gates_cwm), ref)} ms')
        for kind in ('forward-euler', 'exponential-euler', 'backward-euler', 'crank-nicolson'):
            cells = [f'dt {dt:g}: {diff(scheme_run(kind, dt, ga), ref)}' for dt in (0.01, 0.005, 0.0025, 0.00125)]
            print(f'  {kind:<18} max |t - t_ref| (ms)  ' + ';  '.join(cells), flush=True)


if __name__ == '__main__':
    main()
