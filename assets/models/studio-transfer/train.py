"""Trains and exports the bundled `transfer` world model (studio-transfer).

Debian's python3-torch 1.13 on CPU (/usr/bin/python3), two threads, fixed seeds:

  npx tsx tests/tools/worldmodel-data/make-data.ts --out .scratch/wm-data --groups 1500
  npx tsx tests/tools/worldmodel-data/make-data.ts --out .scratch/wm-data-128 --groups 60 --size 128 --seed 1
  nice -n 5 /usr/bin/python3 assets/models/studio-transfer/train.py train --data .scratch/wm-data
  /usr/bin/python3 assets/models/studio-transfer/train.py export --data .scratch/wm-data --data128 .scratch/wm-data-128

`train` writes a checkpoint per epoch (--ckpt folder; `--resume` goes on from
the last one) and appends to train-log.txt. `export` writes model.onnx
(opset 13), checks it in onnxruntime-web (check-onnx.mjs), and writes
metrics.json, samples.png and manifest.json next to this script.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ next to the model
from data import Groups  # noqa: E402
from model import TransferNet, parameter_count  # noqa: E402
import evaluate as ev  # noqa: E402
import sheet  # noqa: E402

SEED = 0
GRAD_WEIGHT = 0.25


def setup():
    torch.set_num_threads(2)
    torch.set_flush_denormal(True)
    torch.manual_seed(SEED)
    torch.use_deterministic_algorithms(True)


def gradient_l1(pred, target):
    dx = lambda t: t[..., :, 1:] - t[..., :, :-1]
    dy = lambda t: t[..., 1:, :] - t[..., :-1, :]
    return (dx(pred) - dx(target)).abs().mean() + (dy(pred) - dy(target)).abs().mean()


def predict(model, data, idx, batch=64):
    outs, targets, sims, refs = [], [], [], []
    with torch.no_grad():
        for i in range(0, len(idx), batch):
            s, r, t, sim = data.triplets(idx[i:i + batch])
            outs.append(model(s, r))
            targets.append(t)
            sims.append(sim)
            refs.append(r)
    return torch.cat(outs), torch.cat(targets), torch.cat(sims), torch.cat(refs)


def train(args):
    setup()
    data = Groups(args.data)
    model = TransferNet().to(memory_format=torch.channels_last)  # faster convolutions on CPU
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    steps_per_epoch = args.samples_per_epoch // args.batch
    total = steps_per_epoch * args.epochs
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 0.05 + 0.95 * 0.5 * (1 + np.cos(np.pi * min(s, total) / total)))
    os.makedirs(args.ckpt, exist_ok=True)
    last = os.path.join(args.ckpt, 'last.pt')
    start, elapsed = 0, 0.0
    if args.resume and os.path.exists(last):
        state = torch.load(last)
        model.load_state_dict(state['model'])
        opt.load_state_dict(state['opt'])
        sched.load_state_dict(state['sched'])
        torch.set_rng_state(state['torch_rng'])
        start, elapsed = state['epoch'], state['seconds']
    held = data.fixed_triplets(data.held_groups)[::3]  # per-epoch check: a third of the held-out set (export uses all)
    log = open(args.log, 'a' if start > 0 else 'w')
    if start == 0:
        meta = data.meta
        log.write(f'# studio-transfer training log (train.py, seed {SEED}, torch {torch.__version__}, {torch.get_num_threads()} threads)\n')
        log.write(f'# data: {meta["command"]} -> {meta["groups"]} groups x {meta["geometries"]} geometries x {meta["appearances"]} appearances at {meta["size"]}x{meta["size"]} ({meta["renders"]} renders, {meta["seconds"]} s)\n')
        log.write(f'# split: {len(data.train_groups)} training groups, {len(data.held_groups)} held-out groups (unseen episodes and cameras); per-epoch held-out figures on {len(held)} fixed triplets\n')
        log.write(f'# model: TransferNet, {parameter_count(model)} parameters; loss L1 + {GRAD_WEIGHT} x gradient L1; Adam lr {args.lr} cosine to 5%, batch {args.batch}, {args.samples_per_epoch} random triplets per epoch, {args.epochs} epochs\n')
        log.flush()
    deadline = time.time() + args.max_minutes * 60
    for epoch in range(start, min(args.epochs, args.stop_after or args.epochs)):
        t0 = time.time()
        model.train()
        rng = np.random.default_rng([SEED, epoch])
        idx = data.random_triplets(rng, steps_per_epoch * args.batch, data.train_groups)
        sum_loss = sum_l1 = 0.0
        for step in range(steps_per_epoch):
            s, r, t, _ = data.triplets(idx[step * args.batch:(step + 1) * args.batch])
            if rng.random() < 0.5:
                r = r.flip(-1)  # the reference's layout does not matter: mirror it half the time
            s, r = s.contiguous(memory_format=torch.channels_last), r.contiguous(memory_format=torch.channels_last)
            pred = model(s, r)
            l1 = (pred - t).abs().mean()
            loss = l1 + GRAD_WEIGHT * gradient_l1(pred, t)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            sum_loss += loss.item()
            sum_l1 += l1.item()
        model.eval()
        pred, target, _, _ = predict(model, data, held)
        m = ev.summarize(pred, target)
        elapsed += time.time() - t0
        line = (f'epoch {epoch + 1:3d}/{args.epochs} lr {sched.get_last_lr()[0]:.5f} train_loss {sum_loss / steps_per_epoch:.4f} '
                f'train_l1 {sum_l1 / steps_per_epoch:.4f} held_l1 {m["l1"]:.4f} held_psnr {m["psnr"]:.2f} held_ssim {m["ssim"]:.3f} seconds {elapsed:.0f}')
        print(line, flush=True)
        log.write(line + '\n')
        log.flush()
        state = {'model': model.state_dict(), 'opt': opt.state_dict(), 'sched': sched.state_dict(), 'torch_rng': torch.get_rng_state(), 'epoch': epoch + 1, 'seconds': elapsed}
        torch.save(state, last + '.partial')
        os.replace(last + '.partial', last)
        if time.time() > deadline:
            log.write(f'# stopped after epoch {epoch + 1}: --max-minutes {args.max_minutes} reached (to reproduce: --epochs {args.epochs} --stop-after {epoch + 1})\n')
            break
    log.close()


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def macs_per_pixel(model, size=128):
    """Multiply-adds of convolutions and linear layers per output pixel at size x size (batch 1)."""
    total = [0]

    def hook(mod, inp, out):
        if isinstance(mod, torch.nn.Conv2d):
            total[0] += out.numel() * mod.in_channels // mod.groups * mod.kernel_size[0] * mod.kernel_size[1]
        elif isinstance(mod, torch.nn.Linear):
            total[0] += out.numel() * mod.in_features
    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
    with torch.no_grad():
        model(torch.rand(1, 5, size, size), torch.rand(1, 3, 64, 64))
    for h in handles:
        h.remove()
    return round(total[0] / (size * size))


def evaluate_set(model, data, idx):
    pred, target, sim, ref = predict(model, data, idx)
    result = {
        'triplets': len(idx),
        'network': ev.summarize(pred, target),
        'baselines': {
            'identity (sim rgb)': ev.summarize(sim, target),
            'per-channel histogram matching': ev.summarize(ev.histogram_match(sim, ref), target),
            'per-channel mean/std transfer': ev.summarize(ev.mean_std_transfer(sim, ref), target),
        },
        'networkByPreset': {},
    }
    presets = np.array([data.presets[n] for n in idx[:, 0]])
    hist = ev.histogram_match(sim, ref)
    for p in sorted(set(presets)):
        mask = torch.from_numpy(presets == p)
        result['networkByPreset'][p] = {'network_l1': float(ev.l1(pred[mask], target[mask]).mean()), 'histogram_l1': float(ev.l1(hist[mask], target[mask]).mean()), 'triplets': int(mask.sum())}
    return result, (pred, target, sim, ref)


def export(args):
    setup()
    model = TransferNet()
    state = torch.load(args.ckpt)
    model.load_state_dict(state['model'])
    model.eval()
    onnx_path = os.path.join(HERE, 'model.onnx')
    s, r = torch.rand(2, 5, 64, 64), torch.rand(2, 3, 64, 64)
    torch.onnx.export(model, (s, r), onnx_path, opset_version=13, input_names=['structure', 'reference'], output_names=['frames'],
                      dynamic_axes={'structure': {0: 'batch', 2: 'height', 3: 'width'}, 'reference': {0: 'batch'}, 'frames': {0: 'batch', 2: 'height', 3: 'width'}},
                      do_constant_folding=True)
    data = Groups(args.data)
    metrics = {
        'model': {'parameters': parameter_count(model), 'macsPerPixel128': macs_per_pixel(model), 'onnxBytes': os.path.getsize(onnx_path), 'sha256': sha256(onnx_path)},
        'training': {'epochs': state['epoch'], 'seconds': round(state['seconds']), 'log': 'train-log.txt'},
        'data': {k: data.meta[k] for k in ('command', 'groups', 'geometries', 'appearances', 'size', 'renders', 'seconds')},
        'definitions': 'values in [0,1]; L1 = mean absolute error; PSNR in dB with peak 1, averaged per image; SSIM: 11x11 Gaussian window (sigma 1.5), mean over channels; target = the structure geometry rendered under the reference appearance with exposure only (no blur, no noise)',
    }
    metrics['heldOut64'], sets64 = evaluate_set(model, data, data.fixed_triplets(data.held_groups))
    batch_data, batch_idx = data, data.fixed_triplets(data.held_groups)[:8]
    data128 = None
    if args.data128:
        data128 = Groups(args.data128)
        all128 = data128.fixed_triplets(np.arange(data128.n))
        metrics['unseen128'], sets128 = evaluate_set(model, data128, all128)
        metrics['unseen128']['note'] = f'{data128.n} groups rendered at 128x128 with another seed, all unseen ({data128.meta["command"]}); references area-downsampled to 64x64'
        batch_data, batch_idx = data128, all128[:8]
    # onnxruntime-web against PyTorch on a batch, and its speed.
    bdir = os.path.join(args.ckpt_dir, 'ort-batch')
    os.makedirs(bdir, exist_ok=True)
    s, r, _, _ = batch_data.triplets(batch_idx)
    with torch.no_grad():
        f = model(s, r)
    for name, t in (('structure', s), ('reference', r), ('frames', f)):
        t.contiguous().numpy().astype('<f4').tofile(os.path.join(bdir, f'{name}.f32'))
    with open(os.path.join(bdir, 'batch.json'), 'w') as fh:
        json.dump({'structure': list(s.shape), 'reference': list(r.shape), 'frames': list(f.shape)}, fh)
    out = subprocess.run(['node', os.path.join(HERE, 'check-onnx.mjs'), onnx_path, bdir, '--threads', '1,2', '--sizes', '64,128,256', '--batch', '4'],
                         check=True, capture_output=True, text=True, cwd=os.path.dirname(os.path.dirname(os.path.dirname(HERE)))).stdout
    runs = [json.loads(line) for line in out.splitlines() if line.startswith('{')]
    metrics['onnxruntimeWeb'] = {
        'maxAbsDiffFromTorch': max(x['compared']['maxAbsDiff'] for x in runs),
        'comparedShape': runs[0]['compared']['shape'],
        'msPerFrameByThreads': {str(x['threads']): x['msPerFrame'] for x in runs},
        'note': 'onnxruntime-web 1.30 wasm in Node (check-onnx.mjs): median of 11 runs of a batch of 4 after 2 warm-up runs, divided by 4; the 2-core machine was shared with other jobs',
    }
    with open(os.path.join(HERE, 'metrics.json'), 'w') as fh:
        json.dump(metrics, fh, indent=2)
        fh.write('\n')
    rows64 = sheet.pick_rows(data, data.fixed_triplets(data.held_groups), 6)
    rows128 = sheet.pick_rows(data128, all128, 4) if data128 else []
    sheet.contact_sheet(model, [(data, rows64), (data128, rows128)], os.path.join(HERE, 'samples.png'))
    write_manifest(onnx_path, data.meta['command'])
    print(json.dumps(metrics, indent=2))


def write_manifest(onnx_path, data_command):
    manifest = {
        'manifestVersion': 1,
        'name': 'studio-transfer',
        'kind': 'transfer',
        'description': 'Re-renders simulated frames with the look of a reference frame (colours of floors, walls, tables and shelves; lighting; colour temperature; exposure) while keeping the simulation\'s geometry and object colours. Textures come out as flat average colours. Trained on the studio\'s own renders of its five presets.',
        'file': 'model.onnx',
        'sha256': sha256(onnx_path),
        'sizeBytes': os.path.getsize(onnx_path),
        'opset': 13,
        'inputs': [
            {'name': 'structure', 'dtype': 'float32', 'shape': ['batch', 5, 'height', 'width'],
             'channels': ['sim.r', 'sim.g', 'sim.b', 'depth', 'edges'], 'range': [0, 1],
             'normalisation': 'sim rgb = render/255; depth = metres / camera far, clamped to [0,1], no hit = 1; edges = 1 where the instance id differs from its right or lower neighbour, else 0'},
            {'name': 'reference', 'dtype': 'float32', 'shape': ['batch', 3, 64, 64],
             'channels': ['ref.r', 'ref.g', 'ref.b'], 'range': [0, 1],
             'normalisation': 'one reference frame, rgb/255, resized (area/bilinear) to 64x64; grayscale references are replicated to 3 channels'},
        ],
        'outputs': [{'name': 'frames', 'dtype': 'float32', 'shape': ['batch', 3, 'height', 'width'], 'channels': ['out.r', 'out.g', 'out.b'], 'range': [0, 1]}],
        'spatial': {'multipleOf': 8, 'min': 64, 'max': 512},
        'temporalWindow': 1,
        'conditioning': ['reference'],
        'postprocess': {'noiseAndBlurFromReference': True},
        'licence': 'Apache-2.0',
        'provenance': {'script': 'assets/models/studio-transfer/train.py', 'dataCommand': data_command, 'trainingLog': 'train-log.txt', 'metrics': 'metrics.json', 'seed': SEED},
    }
    with open(os.path.join(HERE, 'manifest.json'), 'w') as fh:
        json.dump(manifest, fh, indent=2)
        fh.write('\n')


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest='cmd', required=True)
    t = sub.add_parser('train')
    t.add_argument('--data', required=True)
    t.add_argument('--epochs', type=int, default=40)
    t.add_argument('--samples-per-epoch', type=int, default=8192)
    t.add_argument('--batch', type=int, default=32)
    t.add_argument('--lr', type=float, default=2e-3)
    t.add_argument('--max-minutes', type=float, default=45, help='stop after the epoch that passes this many minutes (logged)')
    t.add_argument('--stop-after', type=int, default=0, help='stop after this epoch (the schedule still spans --epochs)')
    t.add_argument('--ckpt', default='.scratch/worldmodel-training/ckpt')
    t.add_argument('--log', default=os.path.join(HERE, 'train-log.txt'))
    t.add_argument('--resume', action='store_true')
    e = sub.add_parser('export')
    e.add_argument('--data', required=True)
    e.add_argument('--data128')
    e.add_argument('--ckpt', default='.scratch/worldmodel-training/ckpt/last.pt')
    args = p.parse_args()
    if args.cmd == 'train':
        train(args)
    else:
        args.ckpt_dir = os.path.dirname(args.ckpt)
        export(args)


if __name__ == '__main__':
    main()
