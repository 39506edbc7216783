#!/usr/bin/python3
# The coefficients of Core/Engine/ExpVector.cs's polynomial: e^r on [-ln2/32, ln2/32] (the reduced argument), degree 6,
# fitted by mpmath's Chebyshev fit, rounded to double. Prints them (lowest degree first) and their worst relative error.
# Usage: /usr/bin/python3 docs/exp_polynomial.py   (Debian: python3-mpmath)
import mpmath as mp

mp.mp.dps = 40
half_width = mp.log(2) / 32
poly = mp.chebyfit(mp.exp, [-half_width, half_width], 7)[::-1]
coefficients = [float(c) for c in poly]
print("\n".join(repr(c) for c in coefficients))
def value(x):
    s = mp.mpf(0)
    for c in reversed(coefficients):
        s = s * x + mp.mpf(c)
    return s
samples = (-half_width + 2 * half_width * k / 20000 for k in range(20001))
print("worst relative error", mp.nstr(max(abs(value(x) / mp.exp(x) - 1) for x in samples), 3))
