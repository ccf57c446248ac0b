"""Reading the rendered groups (tests/tools/worldmodel-data/make-data.ts) and
forming structure / reference / target triplets from them.

A group holds G geometries (episodes seen from their own cameras) of one
preset rendered under A appearances. A triplet (n, g1, g2, a, b) is:
  structure = sim rgb of (g1, a) with imaging, depth and edges of g1
  reference = rgb of (g2, b) with imaging (g2 != g1: another episode and camera)
  target    = rgb of (g1, b) with exposure only (no blur, no noise)
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F


def is_held_out(n):
    """Held-out groups: one round of the five presets in ten (every preset appears)."""
    return (n // 5) % 10 == 7


class Groups:
    def __init__(self, folder):
        with open(os.path.join(folder, 'meta.json')) as f:
            self.meta = json.load(f)
        def load(name):
            a = np.load(os.path.join(folder, name))
            return torch.from_numpy(a.astype(np.int32) if a.dtype == np.uint16 else a)  # torch 1.13 has no uint16
        self.clean = load('rgb_clean.npy')      # [N,G,A,S,S,3] uint8
        self.full = load('rgb_full.npy')        # [N,G,A,S,S,3] uint8
        self.depth = load('depth.npy')          # [N,G,S,S] uint16 as int32
        self.edges = load('edges.npy')          # [N,G,S,S] uint8
        self.n, self.g, self.a, self.size = self.clean.shape[:4]
        self.presets = [p['preset'] for p in self.meta['perGroup']]
        self.train_groups = np.array([n for n in range(self.n) if not is_held_out(n)])
        self.held_groups = np.array([n for n in range(self.n) if is_held_out(n)])

    def triplets(self, idx):
        """idx: int array [B, 5] of (n, g1, g2, a, b) -> structure [B,5,S,S], reference [B,3,64,64], target [B,3,S,S], sim rgb [B,3,S,S] (float32, 0..1)."""
        n, g1, g2, a, b = (torch.from_numpy(idx[:, k]).long() for k in range(5))
        rgb = lambda t: t.permute(0, 3, 1, 2).float() / 255.0
        sim = rgb(self.full[n, g1, a])
        depth = (self.depth[n, g1].float() / 65535.0).unsqueeze(1)
        edges = self.edges[n, g1].float().unsqueeze(1)
        structure = torch.cat([sim, depth, edges], dim=1)
        reference = rgb(self.full[n, g2, b])
        if reference.shape[-1] != 64:
            reference = F.interpolate(reference, size=(64, 64), mode='area')
        target = rgb(self.clean[n, g1, b])
        return structure, reference, target, sim

    def random_triplets(self, rng, count, groups):
        """`count` random triplets from `groups` (g2 != g1; a and b independent, may be equal)."""
        n = rng.choice(groups, size=count)
        g1 = rng.integers(0, self.g, size=count)
        g2 = (g1 + rng.integers(1, self.g, size=count)) % self.g
        a = rng.integers(0, self.a, size=count)
        b = rng.integers(0, self.a, size=count)
        return np.stack([n, g1, g2, a, b], axis=1)

    def fixed_triplets(self, groups):
        """A fixed evaluation set: per group, for k < G: (g1=k, g2=k+1, a=k, b=k+1 mod A) and (g1=k, g2=k+2, a=k, b=k+2 mod A)."""
        rows = []
        for n in groups:
            for k in range(self.g):
                for s in (1, 2):
                    rows.append([n, k, (k + s) % self.g, k % self.a, (k + s) % self.a])
        return np.array(rows, dtype=np.int64)
