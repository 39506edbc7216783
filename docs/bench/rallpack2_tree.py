#!/usr/bin/env python3
"""Writes rallpack2_tree.json: Rallpack 2's binary tree (Bhalla, Bilitch & Bower 1992) as an hhf JSON morphology.

10 levels, 1023 sections, breadth first (b0 the root, the 512 terminals last), as Properties/Reference/Rallpack2Tests.cs
builds it: the root 16 um x 32 um (diameter x length); each level further out diameter / 2^(2/3), length / 2^(1/3), so
the terminals are 0.25 um x 4 um and the tree obeys Rall's 3/2 power law. Run: python3 rallpack2_tree.py > rallpack2_tree.json
"""
import json

LEVELS = 10
sections = [{"name": "b0", "type": "dend", "parent": None, "length-um": 32.0, "diameter-um": 16.0}]
for level in range(2, LEVELS + 1):
    first, count = (1 << (level - 2)) - 1, 1 << (level - 2)
    d = 16.0 / 2 ** ((2.0 / 3) * (level - 1))
    l = 32.0 / 2 ** ((1.0 / 3) * (level - 1))
    for p in range(first, first + count):
        for _ in range(2):
            sections.append({"name": f"b{len(sections)}", "type": "dend", "parent": f"b{p}", "length-um": l, "diameter-um": d})
assert len(sections) == (1 << LEVELS) - 1
print(json.dumps({"sections": sections}, indent=None).replace("}, {", "},\n {"))
