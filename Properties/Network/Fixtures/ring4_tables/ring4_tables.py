"""NEURON 8.2: the ring4 network of shared/reference/network/ring4 (ring4_nrn.py, its description in ring4.json next to
this script), run once more with NEURON's default hh rate tables (usetable_hh = 1) instead of the exact rates the
reference used. Writes ring4_tables_spikes.csv (cell,t_ms) and ring4_tables_v_soma_cells01.csv.gz.
Run: /usr/bin/python3 ring4_tables.py OUT_DIR   (with ring4_nrn.py from shared/reference/network/ring4 beside it)"""
import json
import os
import sys

import ring4_nrn as ring
from neuron import h


def main(out):
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "ring4.json")) as f:
        desc = json.load(f)
    net = ring.build(desc, here)
    h.usetable_hh = 1  # build() turned the tables off; this run is about them
    dt = desc["simulation"]["dt_ms"]
    soma = lambda g: net["cells"][g]["secs"]["soma"]
    rec = [("v_cell0_mV", lambda: soma(0)(0.5)._ref_v), ("v_cell1_mV", lambda: soma(1)(0.5)._ref_v)]
    spikes, traces, _, _ = ring.run(desc, net, dt, rec)
    ring.write_spikes(os.path.join(out, "ring4_tables_spikes.csv"), spikes)
    ring.write_traces(os.path.join(out, "ring4_tables_v_soma_cells01.csv.gz"), traces, ["v_cell0_mV", "v_cell1_mV"], dt)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
