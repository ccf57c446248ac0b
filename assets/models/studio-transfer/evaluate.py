"""Image metrics and the baselines the network is compared with."""
import numpy as np
import torch
import torch.nn.functional as F


def l1(x, y):
    """Mean absolute error per image, values in [0, 1]: [B]."""
    return (x - y).abs().flatten(1).mean(1)


def psnr(x, y):
    """Peak signal-to-noise ratio per image, decibels (peak 1): [B]."""
    mse = ((x - y) ** 2).flatten(1).mean(1).clamp_min(1e-10)
    return 10 * torch.log10(1 / mse)


def _gauss(size=11, sigma=1.5):
    t = torch.arange(size, dtype=torch.float32) - (size - 1) / 2
    g = torch.exp(-t * t / (2 * sigma * sigma))
    g = g / g.sum()
    return (g[:, None] * g[None, :])[None, None]


def ssim(x, y):
    """Structural similarity per image (11x11 Gaussian window, sigma 1.5, mean over colour channels, valid region): [B]."""
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    b, c, h, w = x.shape
    k = _gauss().repeat(c, 1, 1, 1)
    f = lambda t: F.conv2d(t, k, groups=c)
    mx, my = f(x), f(y)
    sxx = f(x * x) - mx * mx
    syy = f(y * y) - my * my
    sxy = f(x * y) - mx * my
    s = ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx * mx + my * my + c1) * (sxx + syy + c2))
    return s.flatten(1).mean(1)


def histogram_match(sim, ref):
    """Per-channel histogram matching of each sim image [B,3,H,W] to its reference [B,3,h,w] (256 levels)."""
    out = torch.empty_like(sim)
    levels = np.arange(256) / 255.0
    for i in range(sim.shape[0]):
        for c in range(3):
            s = np.round(sim[i, c].numpy() * 255).astype(np.int64)
            r = np.round(ref[i, c].numpy() * 255).astype(np.int64)
            s_cdf = np.cumsum(np.bincount(s.ravel(), minlength=256)) / s.size
            r_cdf = np.cumsum(np.bincount(r.ravel(), minlength=256)) / r.size
            lut = np.interp(s_cdf, r_cdf, levels)
            out[i, c] = torch.from_numpy(lut[s].astype(np.float32))
    return out


def mean_std_transfer(sim, ref):
    """Per-channel mean and standard deviation of the sim image set to the reference's (Reinhard-style, in RGB)."""
    sm, ss = sim.mean((2, 3), keepdim=True), sim.std((2, 3), keepdim=True) + 1e-6
    rm, rs = ref.mean((2, 3), keepdim=True), ref.std((2, 3), keepdim=True)
    return ((sim - sm) / ss * rs + rm).clamp(0, 1)


def summarize(pred, target):
    """Mean L1, PSNR and SSIM of a set of predictions."""
    return {'l1': float(l1(pred, target).mean()), 'psnr': float(psnr(pred, target).mean()), 'ssim': float(ssim(pred, target).mean())}
