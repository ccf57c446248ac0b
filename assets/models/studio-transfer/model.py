"""The studio-transfer network: a small U-Net over the simulation's structure
(sim rgb, depth, instance edges) whose features are modulated (FiLM) by a
style vector of a reference frame, with one cross-attention step from the
structure's coarsest features to the reference's 8x8 feature grid.

Fully convolutional: any height and width that are multiples of 8; the
reference is always 64x64. About 6.0k multiply-adds per output pixel at 128x128
(176k parameters).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

STYLE = 64


def conv(cin, cout, k=3, stride=1):
    return nn.Conv2d(cin, cout, k, stride=stride, padding=(k - 1) // 2 if stride == 1 or k == 3 else 0)


class Film(nn.Module):
    """Per-channel scale and shift from the style vector: x * (1 + gamma) + beta."""

    def __init__(self, channels):
        super().__init__()
        self.proj = nn.Linear(STYLE, 2 * channels)
        nn.init.zeros_(self.proj.weight)
        nn.init.zeros_(self.proj.bias)

    def forward(self, x, style):
        gamma, beta = self.proj(style).unsqueeze(-1).unsqueeze(-1).chunk(2, dim=1)
        return x * (1 + gamma) + beta


class ReferenceEncoder(nn.Module):
    """64x64 reference -> style vector (STYLE) and an 8x8 grid of 64-d feature tokens."""

    def __init__(self):
        super().__init__()
        self.c1 = conv(3, 16, 3, 2)
        self.c2 = conv(16, 32, 3, 2)
        self.c3 = conv(32, 64, 3, 2)
        self.c4 = nn.Conv2d(64, 64, 1)
        self.mlp = nn.Sequential(nn.Linear(2 * 64 + 6, STYLE), nn.ReLU(), nn.Linear(STYLE, STYLE), nn.ReLU())

    def forward(self, ref):
        x = F.relu(self.c1(ref))
        x = F.relu(self.c2(x))
        x = F.relu(self.c3(x))
        x = F.relu(self.c4(x))
        mean = x.mean(dim=(2, 3))
        std = (x.var(dim=(2, 3), unbiased=False) + 1e-6).sqrt()
        rgb_mean = ref.mean(dim=(2, 3))
        rgb_std = (ref.var(dim=(2, 3), unbiased=False) + 1e-6).sqrt()
        style = self.mlp(torch.cat([mean, std, rgb_mean, rgb_std], dim=1))
        return style, x.flatten(2).transpose(1, 2)  # [B, 64 tokens, 64]


class CrossAttention(nn.Module):
    """Each coarse structure cell attends over the reference's feature tokens (residual)."""

    def __init__(self, channels, key=32):
        super().__init__()
        self.q = nn.Conv2d(channels, key, 1)
        self.k = nn.Linear(64, key)
        self.v = nn.Linear(64, channels)
        self.out = nn.Conv2d(channels, channels, 1)
        self.scale = key ** -0.5

    def forward(self, x, tokens):
        b, c, h, w = x.shape
        q = self.q(x).flatten(2).transpose(1, 2)  # [B, HW, key]
        att = torch.softmax(torch.bmm(q, self.k(tokens).transpose(1, 2)) * self.scale, dim=-1)  # [B, HW, T]
        y = torch.bmm(att, self.v(tokens)).transpose(1, 2).reshape(b, c, h, w)
        return x + self.out(y)


class TransferNet(nn.Module):
    """structure [B,5,H,W] in [0,1], reference [B,3,64,64] in [0,1] -> frames [B,3,H,W] in [0,1]."""

    def __init__(self, c1=16, c2=32, c3=48):
        super().__init__()
        self.ref = ReferenceEncoder()
        self.e1a = conv(5, c1, 2, 2)        # H/2 (2x2 cells: no pixel is skipped)
        self.e1b = conv(c1, c1)
        self.f1 = Film(c1)
        self.e2a = conv(c1, c2, 3, 2)       # H/4
        self.e2b = conv(c2, c2)
        self.f2 = Film(c2)
        self.e3a = conv(c2, c3, 3, 2)       # H/8
        self.e3b = conv(c3, c3)
        self.f3a = Film(c3)
        self.att = CrossAttention(c3)
        self.e3c = conv(c3, c3)
        self.f3b = Film(c3)
        self.r3 = nn.Conv2d(c3, c2, 1)
        self.d2 = conv(2 * c2, c2)          # H/4
        self.fd2 = Film(c2)
        self.r2 = nn.Conv2d(c2, c1, 1)
        self.d1 = conv(2 * c1, c1)          # H/2
        self.fd1 = Film(c1)
        self.head = conv(c1 + 20, 12)       # H/2 -> 12 = 3 colours x 2x2 sub-pixels

    def forward(self, structure, reference):
        style, tokens = self.ref(reference)
        b, _, h, w = structure.shape
        cells = F.pixel_unshuffle(structure, 2)  # [B, 20, H/2, W/2]
        x1 = F.relu(self.f1(self.e1b(F.relu(self.e1a(structure))), style))
        x2 = F.relu(self.f2(self.e2b(F.relu(self.e2a(x1))), style))
        x3 = F.relu(self.f3a(self.e3b(F.relu(self.e3a(x2))), style))
        x3 = self.att(x3, tokens)
        x3 = F.relu(self.f3b(self.e3c(x3), style))
        u2 = F.interpolate(self.r3(x3), scale_factor=2.0, mode='nearest')
        y2 = F.relu(self.fd2(self.d2(torch.cat([u2, x2], dim=1)), style))
        u1 = F.interpolate(self.r2(y2), scale_factor=2.0, mode='nearest')
        y1 = F.relu(self.fd1(self.d1(torch.cat([u1, x1], dim=1)), style))
        out = F.pixel_shuffle(self.head(torch.cat([y1, cells], dim=1)), 2)
        return torch.sigmoid(out)


def parameter_count(model):
    return sum(p.numel() for p in model.parameters())
