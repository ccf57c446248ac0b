#!/usr/bin/python3
"""Reference values for the Sim2Real statistics (exporters/sim2real/),
computed with Debian's python3-scipy and python3-sklearn on fixed inputs.

    /usr/bin/python3 tests/sim2real/make_golden.py [--out DIR]

Writes tests/sim2real/golden/<statistic>.json (or into DIR), each holding its
inputs (drawn from numpy's seeded generator) and the expected outputs;
tests/sim2real/golden.test.ts feeds the same inputs to the TypeScript code.

Where scipy and scikit-learn have no function for a statistic, the
reference is numpy code written from the paper's definition and says so in
its "reference" field: KID (Binkowski et al. 2018, as torch-fidelity),
PRDC (Naeem et al. 2020, their reference code, with sklearn's
pairwise_distances), Holm's adjustment, MMRV (Li et al. 2024), Newcombe's
interval, the power-spectrum slope and Immerkaer's noise estimate.
"""
import argparse
import json
import math
import os

import numpy as np
import scipy
import sklearn
from scipy import signal, stats
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import pairwise_distances
from sklearn.metrics.pairwise import rbf_kernel

HERE = os.path.dirname(os.path.abspath(__file__))
VERSIONS = {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__}


def write(out, name, payload):
    payload = {"reference": payload.pop("reference"), "versions": VERSIONS, **payload}
    with open(os.path.join(out, f"{name}.json"), "w") as f:
        json.dump(payload, f, indent=None, separators=(",", ":"))
        f.write("\n")


def kid(out, rng):
    x = rng.normal(0.0, 1.0, (40, 8))
    y = rng.normal(0.3, 1.2, (50, 8))
    m = 20
    subsets = [{"x": rng.choice(40, m, replace=False).tolist(), "y": rng.choice(50, m, replace=False).tolist()} for _ in range(10)]
    d = x.shape[1]
    values = []
    for s in subsets:
        a, b = x[s["x"]], y[s["y"]]
        kxx = (a @ a.T / d + 1) ** 3
        kyy = (b @ b.T / d + 1) ** 3
        kxy = (a @ b.T / d + 1) ** 3
        within = (kxx.sum() - np.diag(kxx).sum() + kyy.sum() - np.diag(kyy).sum()) / (m * (m - 1))
        values.append(within - 2 * kxy.sum() / (m * m))
    write(out, "kid", {
        "reference": "numpy, Binkowski et al. 2018 unbiased MMD^2 with (x.y/d+1)^3 per subset; mean and np.std (ddof 0) over subsets, as torch-fidelity",
        "x": x.tolist(), "y": y.tolist(), "subsets": subsets,
        "expected": {"mean": float(np.mean(values)), "std": float(np.std(values))},
    })


def prdc_reference(real, fake, k):
    rr = pairwise_distances(real, real, metric="euclidean")
    ff = pairwise_distances(fake, fake, metric="euclidean")
    rf = pairwise_distances(real, fake, metric="euclidean")
    real_radii = np.sort(rr, axis=1)[:, k]
    fake_radii = np.sort(ff, axis=1)[:, k]
    precision = (rf < real_radii[:, None]).any(axis=0).mean()
    recall = (rf < fake_radii[None, :]).any(axis=1).mean()
    density = (1.0 / k) * (rf < real_radii[:, None]).sum(axis=0).mean()
    coverage = (rf.min(axis=1) < real_radii).mean()
    return {"precision": float(precision), "recall": float(recall), "density": float(density), "coverage": float(coverage)}


def prdc(out, rng):
    real = rng.normal(0.0, 1.0, (60, 5))
    fake = rng.normal(0.4, 0.8, (70, 5))
    write(out, "prdc", {
        "reference": "numpy + sklearn.metrics.pairwise_distances, as Naeem et al.'s reference code (clovaai/generative-evaluation-prdc)",
        "real": real.tolist(), "fake": fake.tolist(), "k": 5, "expected": prdc_reference(real, fake, 5),
    })


def c2st(out, rng):
    a = rng.normal(0.0, 1.0, (60, 6))
    b = rng.normal(0.0, 1.0, (60, 6)) + np.array([0.6, 0, 0, -0.4, 0, 0.2])
    x = np.vstack([a, b])
    labels = np.array([0] * 60 + [1] * 60)
    groups = np.array([i // 6 for i in range(60)] + [10 + i // 6 for i in range(60)])
    folds = np.array([g % 3 for g in groups])
    models, predictions = [], np.zeros(120, dtype=int)
    for f in range(3):
        train, test = folds != f, folds == f
        mean, std = x[train].mean(axis=0), x[train].std(axis=0)
        model = LogisticRegression(C=1.0, tol=1e-12, max_iter=100000).fit((x[train] - mean) / std, labels[train])
        models.append({"weights": model.coef_[0].tolist(), "intercept": float(model.intercept_[0])})
        predictions[test] = model.predict((x[test] - mean) / std)
    correct = int((predictions == labels).sum())
    ci = stats.binomtest(correct, 120).proportion_ci(confidence_level=0.95, method="wilson")
    write(out, "c2st", {
        "reference": "sklearn LogisticRegression(C=1) per fold on features standardised with the training fold's mean and std; scipy binomtest(...).proportion_ci(method='wilson')",
        "x": x.tolist(), "labels": labels.tolist(), "folds": folds.tolist(),
        "expected": {"models": models, "predictions": predictions.tolist(), "correct": correct, "wilson95": [ci.low, ci.high]},
    })


def ks(out, rng):
    cases = []
    pairs = [
        (rng.normal(0, 1, 50), rng.normal(0.5, 1, 50)),
        (rng.normal(0, 1, 37), rng.normal(0.2, 1.5, 53)),
        (np.round(rng.normal(0, 1, 120), 1), np.round(rng.normal(0.1, 1, 90), 1)),
        (rng.normal(0, 1, 800), rng.normal(0.05, 1, 1200)),
        (rng.exponential(1.0, 300), rng.exponential(1.3, 450)),
        (rng.normal(0, 1, 25), rng.normal(3, 1, 40)),
    ]
    for u, v in pairs:
        r = stats.ks_2samp(u, v)  # method='auto': exact for sizes <= 10000
        cases.append({"u": u.tolist(), "v": v.tolist(), "statistic": float(r.statistic), "pvalue": float(r.pvalue),
                      "w1": float(stats.wasserstein_distance(u, v))})
    write(out, "ks", {"reference": "scipy.stats.ks_2samp (default method 'auto' = 'exact' here) and scipy.stats.wasserstein_distance", "cases": cases})


def holm(out, rng):
    p = np.concatenate([rng.uniform(0, 0.05, 4), rng.uniform(0, 1, 8), [0.01, 0.01]])
    m = len(p)
    order = np.argsort(p, kind="stable")
    adjusted_sorted = np.maximum.accumulate(np.minimum(1.0, (m - np.arange(m)) * p[order]))
    adjusted = np.empty(m)
    adjusted[order] = adjusted_sorted
    write(out, "holm", {"reference": "numpy, Holm (1979) step-down (scipy has no Holm adjustment)", "p": p.tolist(), "expected": adjusted.tolist()})


def mmd(out, rng):
    x = rng.normal(0, 1, (30, 4))
    y = rng.normal(0.3, 1.1, (35, 4))
    pooled = np.vstack([x, y])
    n, n1 = 65, 30
    dist = pairwise_distances(pooled)
    sigma = float(np.median(dist[np.triu_indices(n, 1)]))
    gamma = 1.0 / (2 * sigma ** 2)
    k = rbf_kernel(pooled, pooled, gamma=gamma)

    def mmd2(order):
        kk = k[np.ix_(order, order)]
        kxx, kyy, kxy = kk[:n1, :n1], kk[n1:, n1:], kk[:n1, n1:]
        n2 = n - n1
        return (kxx.sum() - np.trace(kxx)) / (n1 * (n1 - 1)) + (kyy.sum() - np.trace(kyy)) / (n2 * (n2 - 1)) - 2 * kxy.sum() / (n1 * n2)

    observed = mmd2(np.arange(n))
    perms = [rng.permutation(n).tolist() for _ in range(40)]
    at_least = sum(mmd2(np.array(p)) >= observed for p in perms)
    write(out, "mmd", {
        "reference": "sklearn rbf_kernel with gamma = 1/(2 median^2) (median of pairwise_distances over i<j), unbiased MMD^2 (Gretton et al. 2012), permutation p = (1+#>=)/(1+P)",
        "x": x.tolist(), "y": y.tolist(), "permutations": perms,
        "expected": {"sigma": sigma, "gamma": gamma, "mmd2": float(observed), "pValue": (1 + at_least) / (1 + len(perms))},
    })


def policy(out, rng):
    rows = []
    for i in range(7):
        st, rt = int(rng.integers(20, 60)), int(rng.integers(10, 30))
        rows.append({"policy": f"p{i}", "sim": {"successes": int(rng.integers(0, st + 1)), "trials": st},
                     "real": {"successes": int(rng.integers(0, rt + 1)), "trials": rt}})
    rows[3]["real"]["successes"] = 0
    s = np.array([r["sim"]["successes"] / r["sim"]["trials"] for r in rows])
    r_ = np.array([r["real"]["successes"] / r["real"]["trials"] for r in rows])
    expected = []
    for row in rows:
        k1, n1, k2, n2 = row["sim"]["successes"], row["sim"]["trials"], row["real"]["successes"], row["real"]["trials"]
        c1 = stats.binomtest(k1, n1).proportion_ci(method="wilson")
        c2 = stats.binomtest(k2, n2).proportion_ci(method="wilson")
        p1, p2 = k1 / n1, k2 / n2
        d = p1 - p2
        gap = [d - math.sqrt((p1 - c1.low) ** 2 + (c2.high - p2) ** 2), d + math.sqrt((c1.high - p1) ** 2 + (p2 - c2.low) ** 2)]
        expected.append({"sim95": [c1.low, c1.high], "real95": [c2.low, c2.high], "gap": d, "gap95": gap})
    resamples = [rng.integers(0, 7, 7).tolist() for _ in range(150)]
    boot = []
    for idx in resamples:
        a, b = s[idx], r_[idx]
        if np.ptp(a) > 0 and np.ptp(b) > 0:
            boot.append(stats.pearsonr(a, b)[0])
    n = len(rows)
    mmrv = np.mean([max([abs(r_[i] - r_[j]) * ((s[i] < s[j]) != (r_[i] < r_[j])) for j in range(n)]) for i in range(n)])
    write(out, "policy", {
        "reference": "scipy binomtest(...).proportion_ci(method='wilson'), scipy.stats.pearsonr, numpy percentile (linear) of the bootstrap; Newcombe (1998) method 10 and MMRV (Li et al. 2024) in numpy",
        "rows": rows, "resamples": resamples,
        "expected": {"policies": expected, "srcc": float(stats.pearsonr(s, r_)[0]), "srcc95": [float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5))],
                     "used": len(boot), "mmrv": float(mmrv)},
    })


def image(rng, size, blur, noise):
    base = rng.uniform(0, 255, (size // 4, size // 4, 3))
    img = np.kron(base, np.ones((4, 4, 1)))
    if blur:
        kernel = np.ones((3, 3)) / 9
        img = np.stack([signal.convolve2d(img[:, :, c], kernel, mode="same", boundary="symm") for c in range(3)], axis=2)
    img = img + rng.normal(0, noise, img.shape)
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def lowlevel(out, rng):
    size = 32
    set_a = [image(rng, size, False, 3.0) for _ in range(3)]
    set_b = [image(rng, size, True, 8.0) for _ in range(2)]
    per_image = []
    for img in set_a + set_b:
        g = 0.299 * img[:, :, 0] + 0.587 * img[:, :, 1] + 0.114 * img[:, :, 2]
        w = np.hanning(size)
        f = np.fft.fft2((g - g.mean()) * np.outer(w, w))
        power = np.abs(f) ** 2
        freq = np.fft.fftfreq(size) * size
        r = np.rint(np.sqrt(freq[None, :] ** 2 + freq[:, None] ** 2)).astype(int)
        radial = np.array([power[r == k].mean() for k in range(1, size // 2)])
        slope = np.polyfit(np.log10(np.arange(1, size // 2)), np.log10(radial), 1)[0]
        lap = signal.convolve2d(g, np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]]), mode="valid")
        m = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]])
        noise = math.sqrt(math.pi / 2) * np.abs(signal.convolve2d(g, m, mode="valid")).sum() / (6 * (size - 2) * (size - 2))
        per_image.append({"spectrumSlope": float(slope), "sharpness": float(lap.var()), "noise": float(noise)})
    w1 = []
    for c in range(3):
        ha = np.bincount(np.concatenate([i[:, :, c].ravel() for i in set_a]), minlength=256)
        hb = np.bincount(np.concatenate([i[:, :, c].ravel() for i in set_b]), minlength=256)
        w1.append(float(stats.wasserstein_distance(np.arange(256), np.arange(256), ha, hb)))
    depth = rng.integers(0, 4, (16, 16)) * 300
    write(out, "lowlevel", {
        "reference": "scipy.stats.wasserstein_distance on 0..255 weighted by the histograms; numpy.fft.fft2 + np.polyfit for the spectrum slope; scipy.signal.convolve2d (valid) for the Laplacian variance and Immerkaer's noise estimate",
        "size": size, "a": [i.ravel().tolist() for i in set_a], "b": [i.ravel().tolist() for i in set_b],
        "depth": depth.ravel().tolist(),
        "expected": {"perImage": per_image, "histogramW1": w1, "depthHoleRatio": float((depth == 0).mean())},
    })


def pca(out, rng):
    x = rng.normal(0, 1, (50, 6)) @ rng.normal(0, 1, (6, 6))
    model = PCA(n_components=2).fit(x)
    write(out, "pca", {"reference": "sklearn.decomposition.PCA(n_components=2); components compared up to sign", "x": x.tolist(),
                       "expected": {"components": model.components_.tolist(), "explainedVarianceRatio": model.explained_variance_ratio_.tolist()}})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.path.join(HERE, "golden"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for i, make in enumerate([kid, prdc, c2st, ks, holm, mmd, policy, lowlevel, pca]):
        make(args.out, np.random.default_rng(20240600 + i))
    print(f"wrote golden files to {args.out}")


if __name__ == "__main__":
    main()
