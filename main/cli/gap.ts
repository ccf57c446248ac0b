/**
 * npm run gap -- --synthetic PATH --real PATH [--out DIR] [--policies CSV] [--backbone DIR]...
 * Sim2Real gap statistics between a synthetic dataset (raw renders and the
 * world model's variations) and a real reference; writes sim2real.json and
 * sim2real.html (atomically) into the dataset's meta/ or --out.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicyCsv, PolicyCsvError } from '../../exporters/sim2real/policy-csv';
import { intOption, parse } from './args';
import { CliError, EXIT, runCommand } from './exit-codes';
import { GAP_RUN_DEFAULTS, runGap } from './gap/run-gap';
import { detectSource } from './gap/source';

const HELP = `Usage: npm run gap -- --synthetic PATH --real PATH [options]

Measures how far a synthetic dataset is from real data, for the raw renders
and, separately, for the world model's variations, and says statistic by
statistic whether the variations reduced the gap. Writes sim2real.json
(machine-readable) and sim2real.html (self-contained, with plots).

Either side may be a LeRobot v3.0 dataset folder (meta/info.json), a
robomimic .hdf5 file (or a folder with robomimic.hdf5), a video file, or a
folder of images and/or videos (subfolders are clips; a video is cut into
clips). Episodes and clips are the groups the classifier test splits by.
Variations are the LeRobot video features whose info has "variation.of".

Options:
  --synthetic PATH        the synthetic data (required)
  --real PATH             the real reference (required)
  --out DIR               where to write (default: the synthetic dataset's meta/)
  --policies CSV          per-policy success counts in sim and real:
                          policy,sim_successes,sim_trials,real_successes,real_trials
                          (or <side>_success_rate instead of <side>_successes)
  --backbone DIR          an extra feature backbone: a folder with a "features"
                          manifest.json and its ONNX file (repeatable; the bundled
                          random-cnn-features is always used)
  --camera NAME           synthetic camera (e.g. front or observation.images.front; default: the first)
  --real-camera NAME      real camera or robomimic image key (default: the first)
  --seed S                seed of every random choice (default 0)
  --size N                analysis size in pixels, a power of two (default 128)
  --max-frames N          frames per image set at most (default 400)
  --frames-per-group N    frames per episode or clip at most (default 16)
  --clip-frames N         frames per clip when a video is cut into clips (default 60)
  --debug                 print stack traces of internal errors
  -h, --help              show this help

Exit codes:
  0    success
  1    internal error (a bug; please report it with --debug output)
  2    bad arguments, a missing path, or a bad --policies CSV or backbone manifest
       (the message names the file, field and value)
  4    the output folder cannot be written
  5    an input dataset or file is damaged or unreadable (the message names the file)
  6    ffmpeg or ffprobe is missing`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    help: { type: 'boolean', short: 'h' },
    synthetic: { type: 'string' },
    real: { type: 'string' },
    out: { type: 'string' },
    policies: { type: 'string' },
    backbone: { type: 'string', multiple: true },
    camera: { type: 'string' },
    'real-camera': { type: 'string' },
    seed: { type: 'string' },
    size: { type: 'string' },
    'max-frames': { type: 'string' },
    'frames-per-group': { type: 'string' },
    'clip-frames': { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length) throw new CliError(EXIT.usage, `unexpected argument "${positionals[0]}" (see --help)`);
  if (!values.synthetic || !values.real) throw new CliError(EXIT.usage, `--synthetic and --real are required (see --help)`);
  const seed = intOption('seed', values.seed, GAP_RUN_DEFAULTS.seed, 0, 2 ** 31 - 1);
  const size = intOption('size', values.size, GAP_RUN_DEFAULTS.size, 16, 1024);
  if (size & (size - 1)) throw new CliError(EXIT.usage, `--size: expected a power of two (the spectrum uses an FFT), got "${values.size}"`);
  const sampling = {
    maxFrames: intOption('max-frames', values['max-frames'], GAP_RUN_DEFAULTS.sampling.maxFrames, 10, 100_000),
    perGroup: intOption('frames-per-group', values['frames-per-group'], GAP_RUN_DEFAULTS.sampling.perGroup, 1, 100_000),
  };
  const clipFrames = intOption('clip-frames', values['clip-frames'], GAP_RUN_DEFAULTS.clipFrames, 1, 1_000_000);
  const synthetic = detectSource(values.synthetic, '--synthetic');
  detectSource(values.real, '--real');
  const out = values.out ?? (synthetic.kind === 'lerobot' ? join(values.synthetic, 'meta') : undefined);
  if (!out) throw new CliError(EXIT.usage, `--out is needed: the synthetic side is ${synthetic.kind === 'images' ? 'a folder of images' : `a ${synthetic.kind} file`}, not a LeRobot dataset with a meta/ folder`);
  if (existsSync(out) && !statSync(out).isDirectory()) throw new CliError(EXIT.output, `--out ${out}: exists and is not a folder`);
  const policies = values.policies ? readPolicies(values.policies) : null;
  const lines = await runGap({
    synthetic: values.synthetic, real: values.real, out, policies, backbones: values.backbone ?? [],
    camera: values.camera, realCamera: values['real-camera'], seed, size, sampling, clipFrames,
  });
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

function readPolicies(file: string) {
  if (!existsSync(file) || !statSync(file).isFile()) throw new CliError(EXIT.usage, `--policies ${file}: no such file`);
  try {
    return parsePolicyCsv(readFileSync(file, 'utf8'));
  } catch (error) {
    if (error instanceof PolicyCsvError) throw new CliError(EXIT.usage, `${file}: ${error.message}`);
    throw error;
  }
}

await runCommand('gap', main);
