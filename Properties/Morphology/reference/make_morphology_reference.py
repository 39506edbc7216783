"""NEURON 8.2.2 references for HHFunctional's SWC reader and discretisation.

Usage (a Python whose `neuron` is NEURON 8.2.2, e.g. Debian's python3-neuron with /usr/bin/python3):

    /usr/bin/python3 make_morphology_reference.py DATADIR

DATADIR holds pyramid.swc. Writes, into DATADIR:
  pyramid_dlambda.csv      per section of pyramid.swc: lambda_f(100) (um) and CellBuilder's d_lambda nseg
  pyramid_impedance0.csv   passive pyramid (pas 5e-5 S/cm2, Ra 100): NEURON's Impedance at 0 Hz, input and transfer
                           from soma(0.5), MOhm, at nseg 1, 3 and 1 + 2 floor(L/40)
  pyramid_segments.csv     per segment of pyramid.swc at nseg 1 and 3: area (um2) and ri (MOhm) as
                           NEURON's seg.area() and seg.ri() give them, plus ri of the 1-end node
  swc_cases/*.swc          small SWC files for Import3d's special cases and random trees (made here)
  swc_cases.json           NEURON's import of each: per section name, parent, parent_x, L, area, the pt3d
                           points (float32 values as doubles) and, at nseg 3, each segment's area and ri

Each file is imported in its own NEURON process (Import3d creates top-level sections).
Tests never run this script; it documents how the committed files were made.
"""
import json
import os
import random
import subprocess
import sys

def nrn():
    from neuron import h
    h.load_file("stdrun.hoc")
    h.load_file("import3d.hoc")
    return h


def import_swc(h, path):
    r = h.Import3d_SWC_read()
    r.quiet = 1
    r.input(path)
    h.Import3d_GUI(r, 0).instantiate(None)
    return list(h.allsec())


def table(h, secs, nseg):
    out = []
    for s in secs:
        s.nseg = nseg
    for s in secs:
        sr = h.SectionRef(sec=s)
        par = sr.parent.name() if sr.has_parent() else None
        segs = [dict(x=seg.x, area=seg.area(), ri=seg.ri()) for seg in s]
        out.append(dict(
            name=s.name(), parent=par, parent_x=s.parentseg().x if par else None,
            n3d=int(s.n3d()), L=s.L,
            points=[[s.x3d(i), s.y3d(i), s.z3d(i), s.diam3d(i)] for i in range(int(s.n3d()))],
            segments=segs, ri_end=s(1).ri()))
    return out


def dlambda(path):
    """lambda_f(100) (stdlib.hoc) per section and CellBuilder's d_lambda nseg (celgeom.hoc) for two (Ra, cm, d_lambda)."""
    h = nrn()
    secs = import_swc(h, path)
    rows = []
    for ra, cm, dl in ((100.0, 1.0, 0.1), (35.4, 2.0, 0.3)):
        for s in secs:
            s.Ra, s.cm = ra, cm
            lam = h.lambda_f(100, sec=s)
            rows.append(dict(ra=ra, cm=cm, d_lambda=dl, name=s.name(), lambda_um=lam,
                             nseg=int((s.L / (dl * lam) + .999) / 2) * 2 + 1))
    print(json.dumps(rows))


def impedance(path):
    """Passive pyramid (pas g 5e-5 S/cm2 everywhere, Ra 100, cm 1): NEURON's Impedance at 0 Hz (MOhm)."""
    h = nrn()
    secs = import_swc(h, path)
    byname = {s.name(): s for s in secs}
    rows = []
    for rule in ("nseg1", "dx40", "nseg3"):
        for s in secs:
            s.nseg = 1 if rule == "nseg1" else 3 if rule == "nseg3" else 1 + 2 * int(s.L // 40)
            s.Ra, s.cm = 100.0, 1.0
            s.insert("pas")
            for seg in s:
                seg.pas.g, seg.pas.e = 5e-5, 0.0
        soma = byname["soma[0]"]
        imp = h.Impedance()
        imp.loc(0.5, sec=soma)
        imp.compute(0)
        for name, x in (("soma[0]", 0.5), ("dend[29]", 1.0), ("dend[29]", 0.5), ("dend[0]", 1.0), ("dend[77]", 0.3)):
            rows.append(dict(rule=rule, site="%s(%g)" % (name, x), input_megohm=imp.input(x, sec=byname[name]),
                             transfer_from_soma_megohm=imp.transfer(x, sec=byname[name])))
    print(json.dumps(rows))


def one(path, nseg):
    h = nrn()
    secs = import_swc(h, path)
    print(json.dumps(table(h, secs, nseg)))


# ---------------------------------------------------------------------------
# hand-made cases: each names the Import3d rule it exercises
CASES = {
    # neuromorpho.org three-point soma: uniform diameter, middle point root, length = diameter
    "three_point_soma": """
1 1 0 0 0 5 -1
2 1 0 -5 0 5 1
3 1 0 5 0 5 1
4 3 0 -5 0 1 2
5 3 0 -20 0 0.8 4
6 2 0 5 0 0.5 3
7 2 0 30 0 0.4 6
8 3 5 0 0 1 1
9 3 20 0 0 1 8
""",
    # the same with no child on samples 2 and 3: Import3d's sphere (one point drawn as a cylinder L = diam)
    "three_point_soma_sphere": """
1 1 0 0 0 5 -1
2 1 0 -5 0 5 1
3 1 0 5 0 5 1
4 3 5 0 0 1 1
5 3 20 0 0 1 4
6 2 -5 0 0 0.5 1
7 2 -30 0 0 0.4 6
""",
    # single-point soma: a sphere drawn as a 3-point cylinder, children wired to soma(0.5)
    "one_point_soma": """
1 1 0 0 0 6 -1
2 3 8 0 0 1.5 1
3 3 30 0 0 1 2
4 3 40 10 0 0.7 3
5 3 40 -10 0 0.7 3
6 2 -6 0 0 1 1
7 2 -50 0 0 0.5 6
8 4 0 6 0 2 1
9 4 0 9 0 1.8 8
10 4 0 40 0 1.2 9
""",
    # soma chain with children on its first, an interior and its last sample; a soma child has a
    # single own sample (no wire); the dendrite on the last point tapers from its second diameter
    "soma_chain_ends": """
1 1 0 0 0 2 -1
2 1 2 0 0 4 1
3 1 4 0 0 5 2
4 1 6 0 0 4 3
5 1 8 0 0 2 4
6 3 -10 0 0 1 1
7 3 -30 0 0 0.8 6
8 3 4 10 0 1 3
9 3 4 30 0 0.8 8
10 3 18 0 0 1.2 5
11 3 40 0 0 1 10
12 2 4 -10 0 0.6 3
""",
    # type changes inside an unbranched run end sections; custom types 5 and 7
    "type_changes": """
1 1 0 0 0 5 -1
2 1 5 0 0 5 1
3 1 10 0 0 5 2
4 2 15 0 0 1 3
5 2 25 0 0 0.9 4
6 5 35 0 0 0.8 5
7 5 45 0 0 0.7 6
8 7 55 0 0 0.6 7
9 2 65 0 0 0.5 8
10 2 75 0 0 0.5 9
""",
    # a branch on the proximal (first) sample of a dendrite wired to the soma: connected to its 0-end
    "connect_to_proximal": """
1 1 0 0 0 4 -1
2 1 0 4 0 6 1
3 1 0 8 0 4 2
4 3 10 4 0 1 2
5 3 30 4 0 1 4
6 3 50 4 0 1 5
7 3 10 20 0 0.7 4
8 3 10 40 0 0.6 7
""",
    # no soma: a dendrite-only tree rooted at a dendrite sample
    "no_soma": """
1 3 0 0 0 2 -1
2 3 10 0 0 1.8 1
3 3 20 0 0 1.6 2
4 3 30 5 0 1 3
5 3 40 10 0 1 4
6 3 30 -5 0 1 3
7 3 40 -10 0 0.9 6
8 3 -10 0 0 1.5 1
""",
    # a branched soma: a soma sample with two soma children
    "branched_soma": """
1 1 0 0 0 3 -1
2 1 3 0 0 4 1
3 1 6 0 0 4 2
4 1 9 2 0 3 3
5 1 12 4 0 2 4
6 1 9 -2 0 3 3
7 1 12 -4 0 2 6
8 3 20 6 0 1 5
9 3 30 8 0 0.8 8
10 3 20 -6 0 1 7
""",
    # ids with gaps, a comment and a blank line (NEURON 8.2.2 cannot read lines out of id order: its
    # check_pid sorts with an undefined `diam` and fails; our reader sorts them)
    "id_gaps": """
# comment line
10 1 0 0 0 4 -1
15 1 4 0 0 4 10

20 3 10 0 0 1 15
30 3 20 0 0 1 20
40 3 20 10 0 0.8 30
50 3 20 -10 0 0.8 30
""",
    # a zero-length two-point section (Import3d removes it and reattaches its children)
    "zero_length_section": """
1 1 0 0 0 5 -1
2 1 5 0 0 5 1
3 1 10 0 0 5 2
4 3 10 0 0 1 3
5 3 20 0 0 1 4
6 3 30 5 0 1 5
7 3 30 -5 0 1 5
8 3 20 0 0 1 4
""",
    # a one-sample section at its parent's position: two equal points, removed; its children move to its parent
    "zero_length_removed": """
1 1 0 0 0 5 -1
2 1 5 0 0 5 1
3 3 10 0 0 1 2
4 3 20 0 0 1 3
5 3 20 0 0 1 4
6 3 30 5 0 1 5
7 3 30 -5 0 1 5
8 3 30 0 0 1 4
""",
    # digits that float32 and %.8g round: NEURON's single precision
    "precision": """
1 1 1000.00006 0.1 -0.3 3.3333333 -1
2 1 1003.00006 0.2 -0.3 3.3333333 1
3 1 1006.00006 0.3 -0.3 3.3333333 2
4 3 1010.123456789 1.000000119 1e-3 0.123456789 3
5 3 1033.987654321 2.5e-1 7.77777777 0.111111111 4
6 3 1077.5555555 13.3333333 9.99999999 0.1000001 5
""",
}


def random_swc(rng, n):
    """A random SWC tree: a soma of 1, 3 or a chain of samples, then samples attached anywhere before them."""
    lines = []
    form = rng.choice(["one", "three", "chain"])
    pts = []  # (type, x, y, z, r, parent index or -1)
    if form == "one":
        pts.append((1, 0.0, 0.0, 0.0, rng.uniform(3, 8), -1))
    elif form == "three":
        r = rng.uniform(3, 8)
        pts += [(1, 0.0, 0.0, 0.0, r, -1), (1, 0.0, -r, 0.0, r, 0), (1, 0.0, r, 0.0, r, 0)]
    else:
        m = rng.randint(2, 6)
        for i in range(m):
            pts.append((1, 2.0 * i, rng.uniform(-1, 1), 0.0, rng.uniform(1, 6), i - 1))
    while len(pts) < n:
        p = rng.randrange(len(pts)) if rng.random() < 0.3 else len(pts) - 1
        pt = pts[p]
        t = pt[0] if pt[0] != 1 and rng.random() < 0.9 else rng.choice([2, 3, 3, 4, 6])
        x = pt[1] + rng.uniform(-15, 15)
        y = pt[2] + rng.uniform(-15, 15)
        z = pt[3] + rng.uniform(-5, 5)
        pts.append((t, round(x, 4), round(y, 4), round(z, 4), round(rng.uniform(0.2, 2.5), 4), p))
    for i, (t, x, y, z, r, p) in enumerate(pts):
        lines.append("%d %d %s %s %s %s %d" % (i + 1, t, repr(x), repr(y), repr(z), repr(r), p + 1 if p >= 0 else -1))
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "--impedance":
        impedance(sys.argv[2])
        return
    if len(sys.argv) >= 3 and sys.argv[1] == "--dlambda":
        dlambda(sys.argv[2])
        return
    if len(sys.argv) >= 4 and sys.argv[1] == "--one":
        one(sys.argv[2], int(sys.argv[3]))
        return
    data = os.path.abspath(sys.argv[1])
    me = os.path.abspath(__file__)

    def run(path, nseg):
        out = subprocess.run([sys.executable, me, "--one", path, str(nseg)], check=True,
                             capture_output=True, text=True).stdout
        return json.loads(out.strip().splitlines()[-1])

    # pyramid: per segment at nseg 1 and 3
    with open(os.path.join(data, "pyramid_segments.csv"), "w") as f:
        f.write("nseg,name,seg,x,area_um2,ri_megohm,ri_end_megohm\n")
        for nseg in (1, 3):
            for s in run(os.path.join(data, "pyramid.swc"), nseg):
                for k, seg in enumerate(s["segments"]):
                    f.write("%d,%s,%d,%r,%r,%r,%r\n" % (nseg, s["name"], k, seg["x"], seg["area"],
                                                        seg["ri"], s["ri_end"]))

    out = subprocess.run([sys.executable, me, "--dlambda", os.path.join(data, "pyramid.swc")], check=True,
                         capture_output=True, text=True).stdout
    with open(os.path.join(data, "pyramid_dlambda.csv"), "w") as f:
        f.write("ra_ohm_cm,cm_uf_per_cm2,d_lambda,name,lambda100_um,nseg\n")
        for r in json.loads(out.strip().splitlines()[-1]):
            f.write("%r,%r,%r,%s,%r,%d\n" % (r["ra"], r["cm"], r["d_lambda"], r["name"], r["lambda_um"], r["nseg"]))

    out = subprocess.run([sys.executable, me, "--impedance", os.path.join(data, "pyramid.swc")], check=True,
                         capture_output=True, text=True).stdout
    with open(os.path.join(data, "pyramid_impedance0.csv"), "w") as f:
        f.write("rule,site,input_megohm,transfer_from_soma_megohm\n")
        for r in json.loads(out.strip().splitlines()[-1]):
            f.write("%s,%s,%r,%r\n" % (r["rule"], r["site"], r["input_megohm"], r["transfer_from_soma_megohm"]))

    cases_dir = os.path.join(data, "swc_cases")
    os.makedirs(cases_dir, exist_ok=True)
    rng = random.Random(17)
    files = dict((k, v.lstrip("\n")) for k, v in CASES.items())
    for i in range(24):
        files["random_%02d" % i] = random_swc(rng, rng.randint(4, 60))
    result = {}
    for name, text in sorted(files.items()):
        path = os.path.join(cases_dir, name + ".swc")
        with open(path, "w") as f:
            f.write(text)
        result[name] = run(path, 3)
    with open(os.path.join(data, "swc_cases.json"), "w") as f:
        json.dump(dict(neuron="8.2.2", reader="Import3d_SWC_read + Import3d_GUI(r, 0).instantiate(None)",
                       nseg=3, cases=result), f, indent=0)


if __name__ == "__main__":
    main()
