#!/usr/bin/env python3
"""Writes tests/scenes/golden/portable-math.json: reference values of glibc's
libm (each < 1 ulp from exact; sin, cos, asin, acos, atan, atan2 correctly
rounded in practice) for ~2000 arguments per function, against which
scenes/portable-math.ts is checked, and the correctly rounded value
(mpmath at 2400 bits) wherever it differs from glibc's: glibc is not always
within 1 ulp (cos and tan of 6381956970095103·2^797, the double closest to a
multiple of pi/2, are 8 and 14 ulps off in glibc 2.36).

libm is called through ctypes rather than the math module because math
raises on the IEEE special cases (log(0), exp(1000), sin(inf), asin(2)),
and those are exactly the cases whose C99 Annex F values are checked too.

Doubles are written as 16 hex digits of their IEEE 754 bits, so NaN, -0 and
infinities survive JSON. Arguments are drawn from a fixed seed; run
`python3 tests/scenes/make_portable_math_golden.py` to regenerate.
"""
import ctypes
import ctypes.util
import json
import math
import os
import platform
import random
import struct

import mpmath

PER_FUNCTION = 2000
INF = math.inf
NAN = math.nan
SPECIALS = [0.0, -0.0, INF, -INF, NAN]
SUBNORMALS = [5e-324, -5e-324, 2.2250738585072009e-308, -1e-310, 3e-320]

libm = ctypes.CDLL(ctypes.util.find_library('m'))
for name in ['exp', 'log', 'sin', 'cos', 'tan', 'atan', 'asin', 'acos']:
    getattr(libm, name).restype = ctypes.c_double
    getattr(libm, name).argtypes = [ctypes.c_double]
libm.atan2.restype = ctypes.c_double
libm.atan2.argtypes = [ctypes.c_double, ctypes.c_double]

rng = random.Random(20250611)


def bits(x):
    return struct.pack('>d', x).hex()


def from_bits(n):
    return struct.unpack('>d', n.to_bytes(8, 'big'))[0]


def next_after(x, steps):
    """The double `steps` ulps away from finite x (toward +inf for steps > 0)."""
    for _ in range(abs(steps)):
        x = math.nextafter(x, INF if steps > 0 else -INF)
    return x


def around(x, spread=3):
    return [next_after(x, k) for k in range(-spread, spread + 1)]


def random_bits(positive=False):
    x = from_bits(rng.getrandbits(64))
    while math.isnan(x) or math.isinf(x):
        x = from_bits(rng.getrandbits(64))
    return abs(x) if positive else x


def uniform(lo, hi, n):
    return [rng.uniform(lo, hi) for _ in range(n)]


def log_uniform(lo_exp, hi_exp, n, signed=True):
    out = []
    for _ in range(n):
        x = 2.0 ** rng.uniform(lo_exp, hi_exp) * (1 + rng.random())
        out.append(-x if signed and rng.random() < 0.5 else x)
    return out


def fill(fixed, make_random):
    """`fixed` cases first, then random ones up to PER_FUNCTION."""
    args = list(fixed)
    while len(args) < PER_FUNCTION:
        args.append(make_random())
    return args[:PER_FUNCTION]


def near_multiples_of_pio2():
    out = []
    for k in list(range(1, 130)) + [1000, 12345, 2 ** 19, 2 ** 20, 2 ** 21, 10 ** 6, 10 ** 9]:
        out += around(k * math.pi / 2, 2)
    # The double closest to a multiple of pi/2 (J.-M. Muller, Elementary Functions, ch. 11).
    out += [6381956970095103 * 2.0 ** 797]
    return out + [-x for x in out[::3]]


def trig_args():
    fixed = SPECIALS + SUBNORMALS + [1e-30, -1e-20, 7.450580596923828e-09, 3.725290298461914e-09, 1.0, -1.0]
    fixed += around(math.pi / 4, 3) + around(0.6744, 3) + around(9 * math.pi / 4, 2) + around(2 ** 20 * math.pi / 2, 3)
    fixed += near_multiples_of_pio2()
    fixed += [1e300, -1e300, 1.7976931348623157e308, -1.7976931348623157e308, 2.0 ** 1023, 1e22, 1e100]
    ranges = [(-math.pi, math.pi), (-10, 10), (-1e3, 1e3), (-1e6, 1e6), (-1e7, 1e7)]

    def make():
        r = rng.random()
        if r < 0.6:
            return rng.uniform(*ranges[rng.randrange(len(ranges))])
        if r < 0.8:
            return log_uniform(20, 1022, 1)[0]
        return random_bits()
    return fill(fixed, make)


def exp_args():
    fixed = SPECIALS + SUBNORMALS + [1e-30, -1e-30, 3.725290298461914e-09, 1.0, -1.0, 0.5, 2.0, 100.0, -100.0]
    fixed += around(709.782712893384, 4) + around(-745.1332191019411, 4) + around(-708.3964185322641, 3) + around(-744.44007192138126, 3)
    fixed += around(0.5 * math.log(2), 3) + around(1.5 * math.log(2), 3) + around(709.0895657128241, 2)
    fixed += [710.0, -746.0, 1000.0, -1000.0, 1e300, -1e300]

    def make():
        r = rng.random()
        if r < 0.3:
            return rng.uniform(-1, 1)
        if r < 0.6:
            return rng.uniform(-20, 20)
        if r < 0.9:
            return rng.uniform(-745.2, 709.8)
        return log_uniform(-60, 10, 1)[0]
    return fill(fixed, make)


def log_args():
    eps = 2.220446049250313e-16
    fixed = SPECIALS + SUBNORMALS + [1.0, 2.0, 0.5, 10.0, math.e, 1e-300, 1e300, 1.7976931348623157e308, -1.0, -1e-10]
    fixed += [1 + k * eps for k in range(1, 40)] + [1 - k * eps / 2 for k in range(1, 40)]
    fixed += [1 + k * 1e-7 for k in range(-20, 21)] + around(math.sqrt(2), 3) + around(math.sqrt(0.5), 3)
    fixed += [2.0 ** k for k in range(-1074, 1024, 37)]

    def make():
        r = rng.random()
        if r < 0.3:
            return rng.uniform(0.5, 2)
        if r < 0.5:
            return rng.uniform(0, 100)
        return random_bits(positive=True)
    return fill(fixed, make)


def atan_args():
    fixed = SPECIALS + SUBNORMALS + [1e-30, 1.862645149230957e-09, 1.0, -1.0, 2.0 ** 66, -(2.0 ** 66), 1e300]
    for b in [0.4375, 0.6875, 1.1875, 2.4375]:
        fixed += around(b, 2) + around(-b, 2)

    def make():
        r = rng.random()
        if r < 0.4:
            return rng.uniform(-3, 3)
        if r < 0.7:
            return log_uniform(-40, 80, 1)[0]
        return random_bits()
    return fill(fixed, make)


def arcsin_args():
    eps = 2.220446049250313e-16
    fixed = SPECIALS + SUBNORMALS + [1.0, -1.0, 1.5, -2.0, 1e-20, 1e-17, 7.450580596923828e-09, 1.3877787807814457e-17]
    fixed += [1 - k * eps / 2 for k in range(1, 30)] + [-1 + k * eps / 2 for k in range(1, 30)]
    for b in [0.5, 0.975]:
        fixed += around(b, 2) + around(-b, 2)

    def make():
        r = rng.random()
        if r < 0.7:
            return rng.uniform(-1, 1)
        if r < 0.9:
            return (1 - 2.0 ** rng.uniform(-52, -1)) * (1 if rng.random() < 0.5 else -1)
        return log_uniform(-60, -1, 1)[0]
    return fill(fixed, make)


def atan2_args():
    values = [0.0, -0.0, 1.0, -1.0, 2.5, -3.0, INF, -INF, NAN, 5e-324, 1e300]
    fixed = [(y, x) for y in values for x in values]
    fixed += [(1e300, 1e-300), (-1e300, 1e-300), (1e-300, -1e300), (-1e-300, -1e300), (1.0, 2.0 ** 61), (2.0 ** 61, -1.0)]

    def make():
        r = rng.random()
        if r < 0.5:
            return (rng.uniform(-10, 10), rng.uniform(-10, 10))
        if r < 0.8:
            return (log_uniform(-80, 80, 1)[0], log_uniform(-80, 80, 1)[0])
        return (random_bits(), random_bits())
    return fill(fixed, make)


MP_FUNCTIONS = {'exp': mpmath.exp, 'log': mpmath.log, 'sin': mpmath.sin, 'cos': mpmath.cos, 'tan': mpmath.tan,
                'atan': mpmath.atan, 'asin': mpmath.asin, 'acos': mpmath.acos, 'atan2': mpmath.atan2}
mpmath.mp.prec = 2400  # enough for exact reduction of any double by pi/2


def correctly_rounded(value):
    """value (an mpf) rounded once to the nearest double, subnormals included."""
    if abs(value) < mpmath.mpf(2) ** -1022:
        return float(mpmath.nint(value * mpmath.mpf(2) ** 1074)) * 2.0 ** -1074
    return float(value)


def corrections(name, args, glibc):
    """{index: bits} where the correctly rounded result differs from glibc's (finite, nonzero cases only)."""
    out = {}
    for i, (a, g) in enumerate(zip(args, glibc)):
        a = a if isinstance(a, tuple) else (a,)
        if not all(math.isfinite(v) and v != 0 for v in a) or not math.isfinite(g) or g == 0:
            continue
        exact = correctly_rounded(MP_FUNCTIONS[name](*[mpmath.mpf(v) for v in a]))
        if bits(exact) != bits(g):
            out[str(i)] = bits(exact)
    return out


def main():
    functions = {}
    for name, args in [('exp', exp_args()), ('log', log_args()), ('sin', trig_args()), ('cos', trig_args()),
                       ('tan', trig_args()), ('atan', atan_args()), ('asin', arcsin_args()), ('acos', arcsin_args())]:
        glibc = [getattr(libm, name)(a) for a in args]
        functions[name] = {'args': [bits(a) for a in args], 'glibc': [bits(v) for v in glibc], 'correctlyRounded': corrections(name, args, glibc)}
    pairs = atan2_args()
    glibc = [libm.atan2(y, x) for y, x in pairs]
    functions['atan2'] = {'args': [[bits(y), bits(x)] for y, x in pairs], 'glibc': [bits(v) for v in glibc],
                          'correctlyRounded': corrections('atan2', pairs, glibc)}
    out = {
        'about': 'glibc libm values for scenes/portable-math.ts, and the correctly rounded value by index where it differs; doubles as IEEE 754 bits in hex; made by tests/scenes/make_portable_math_golden.py',
        'libc': ' '.join(platform.libc_ver()),
        'functions': functions,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'golden', 'portable-math.json')
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
        f.write('\n')
    os.replace(tmp, path)
    print(path, {k: (len(v['args']), len(v['correctlyRounded'])) for k, v in functions.items()})


if __name__ == '__main__':
    main()
