#!/usr/bin/python3
"""Builds the fixed-seed, randomly initialised CNN the Sim2Real statistics use
as their default feature space ("random-cnn-features").

Run with Debian's torch (it is under /usr/bin/python3, not the pyenv python):

    /usr/bin/python3 assets/models/random-cnn-features/make_model.py

It writes, beside this script:
  model.onnx              the network (opset 13, dynamic batch), weights from
                          torch.manual_seed(SEED) and Kaiming-normal init
  manifest.json           the "features" manifest workers/sim2real reads
                          (input name, size, normalisation, output, sha256)
  reference-outputs.json  the network's outputs on a fixed input, computed by
                          PyTorch, that tests/sim2real/features.test.ts
                          compares onnxruntime-web's outputs with

The network is never trained: random convolutional features are a known,
dataset-independent baseline feature space (no ImageNet download, same
numbers on every machine). Its input is an RGB image, NCHW float32, 128x128,
normalised as (pixel / 255 - 0.5) / 0.25; its output is 192 numbers per
image: the spatial means of the ReLU maps of three blocks (32 + 64 + 96
channels), so the features mix colour, texture and shape at three scales.
"""
import hashlib
import json
import math
import os

import torch
from torch import nn

SEED = 20240608
SIZE = 128
HERE = os.path.dirname(os.path.abspath(__file__))


class RandomFeatures(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 5, stride=2, padding=2), nn.ReLU())
        self.block2 = nn.Sequential(nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU())
        self.block3 = nn.Sequential(nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.ReLU())
        self.block4 = nn.Sequential(nn.Conv2d(64, 96, 3, stride=2, padding=1), nn.ReLU())
        for module in self.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
                nn.init.normal_(module.bias, std=0.1)

    def forward(self, x):
        x = self.stem(x)
        a = self.block2(x)
        b = self.block3(a)
        c = self.block4(b)
        return torch.cat([a.mean(dim=(2, 3)), b.mean(dim=(2, 3)), c.mean(dim=(2, 3))], dim=1)


def fixed_input():
    """Two 128x128 RGB images with pixel values (0..255) given by a formula the test repeats."""
    pixels = torch.zeros(2, 3, SIZE, SIZE)
    for n in range(2):
        for c in range(3):
            for y in range(SIZE):
                for x in range(SIZE):
                    pixels[n, c, y, x] = (x * (c + 1) * 7 + y * (n + 2) * 5 + ((x * y) % 17) * 3) % 256
    return pixels


def main():
    torch.manual_seed(SEED)
    model = RandomFeatures().eval()
    example = torch.zeros(1, 3, SIZE, SIZE)
    onnx_path = os.path.join(HERE, "model.onnx")
    torch.onnx.export(
        model,
        example,
        onnx_path,
        opset_version=13,
        input_names=["images"],
        output_names=["features"],
        dynamic_axes={"images": {0: "batch"}, "features": {0: "batch"}},
    )
    pixels = fixed_input()
    with torch.no_grad():
        features = model((pixels / 255.0 - 0.5) / 0.25)
    reference = {
        "input": "pixel[n,c,y,x] = (x*(c+1)*7 + y*(n+2)*5 + ((x*y) % 17)*3) % 256, n in 0..1, 128x128, normalised as the manifest says",
        "seed": SEED,
        "torch": torch.__version__,
        "shape": list(features.shape),
        "features": [[round(float(v), 7) for v in row] for row in features],
    }
    with open(os.path.join(HERE, "reference-outputs.json"), "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")
    size = os.path.getsize(onnx_path)
    with open(onnx_path, "rb") as f:
        sha256 = hashlib.sha256(f.read()).hexdigest()
    manifest = {
        "version": 1,
        "kind": "features",
        "name": "random-cnn-features",
        "description": "Fixed-seed, randomly initialised (untrained) CNN: spatial means of three ReLU blocks (32 + 64 + 96 channels) of a 4-layer strided conv net at 128x128. A dataset-independent baseline feature space; not Inception.",
        "file": "model.onnx",
        "sizeBytes": size,
        "sha256": sha256,
        "input": {"name": "images", "layout": "NCHW", "height": SIZE, "width": SIZE, "scale": 1 / 255, "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25]},
        "output": {"name": "features", "dims": int(features.shape[1])},
        "license": "Apache-2.0",
        "source": f"assets/models/random-cnn-features/make_model.py (torch {torch.__version__}, seed {SEED})",
    }
    with open(os.path.join(HERE, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"wrote {onnx_path} ({size} bytes), features {tuple(features.shape)}, mean {features.mean():.4f}")
    assert math.isfinite(float(features.sum()))


if __name__ == "__main__":
    main()
