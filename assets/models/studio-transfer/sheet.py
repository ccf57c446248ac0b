"""The contact sheet samples.png: held-out triplets, one per row."""
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw

import evaluate as ev

TILE = 128
COLUMNS = ['sim rgb (structure)', 'depth', 'edges', 'reference', 'histogram match', 'network output', 'target']


def pick_rows(data, idx, count):
    """`count` triplets spread over the presets and groups of `idx`."""
    presets = [data.presets[n] for n in idx[:, 0]]
    order = sorted(set(presets))
    rows, used = [], set()
    for k in range(count):
        p = order[k % len(order)]
        candidates = [i for i, q in enumerate(presets) if q == p and idx[i, 0] not in used] or [i for i, q in enumerate(presets) if q == p]
        i = candidates[(k * 7) % len(candidates)]
        used.add(idx[i, 0])
        rows.append(idx[i])
    return np.array(rows)


def _tile(t):
    """[C,H,W] in [0,1] -> TILE x TILE RGB uint8 (nearest upscaling, so pixels stay visible)."""
    if t.shape[0] == 1:
        t = t.repeat(3, 1, 1)
    t = F.interpolate(t[None], size=(TILE, TILE), mode='nearest')[0]
    return (t.clamp(0, 1).permute(1, 2, 0).numpy() * 255 + 0.5).astype(np.uint8)


def contact_sheet(model, sets, path):
    """sets: [(Groups, triplet rows)]; writes a PNG with a header line and one row per triplet."""
    rows = []
    for data, idx in sets:
        if data is None or len(idx) == 0:
            continue
        s, r, t, sim = data.triplets(idx)
        with torch.no_grad():
            out = model(s, r)
        hist = ev.histogram_match(sim, r)
        for i in range(len(idx)):
            depth = s[i, 3:4]
            depth = (depth - depth.min()) / (depth.max() - depth.min() + 1e-6)
            tiles = [sim[i], depth, s[i, 4:5], r[i], hist[i], out[i], t[i]]
            row = np.concatenate([_tile(x) for x in tiles], axis=1)
            label = f'{data.presets[idx[i, 0]]} {data.size}x{data.size}  L1 net {float(ev.l1(out[i:i+1], t[i:i+1])):.3f} hist {float(ev.l1(hist[i:i+1], t[i:i+1])):.3f}'
            band = Image.new('RGB', (row.shape[1], 14), (255, 255, 255))
            ImageDraw.Draw(band).text((4, 1), label, fill=(0, 0, 0))
            rows.append(np.concatenate([np.asarray(band), row], axis=0))
    header = Image.new('RGB', (TILE * len(COLUMNS), 16), (255, 255, 255))
    draw = ImageDraw.Draw(header)
    for k, name in enumerate(COLUMNS):
        draw.text((k * TILE + 4, 2), name, fill=(0, 0, 0))
    Image.fromarray(np.concatenate([np.asarray(header)] + rows, axis=0)).save(path, optimize=True)
