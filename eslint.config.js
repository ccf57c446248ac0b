// ESLint flat config. The layering of DESIGN.md is enforced here as errors:
// each top-level folder may import only the folders listed for it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const OUR_FOLDERS = ['main', 'renderer', 'workers', 'scenes', 'exporters', 'assets', 'tests'];

/**
 * Builds a no-restricted-imports rule that forbids relative imports reaching
 * any of our top-level folders not in `allowed`, plus the listed packages.
 */
function layer(folder, allowed, forbiddenPackages = [], exceptions = {}) {
  // A forbidden folder may still allow named files (e.g. renderer/ may import main/bridge/contract).
  const forbidden = OUR_FOLDERS.filter((f) => f !== folder && !allowed.includes(f)).map((f) =>
    exceptions[f] ? `${f}(?!/(${exceptions[f].join('|')})(\\.ts)?$)` : f,
  );
  const patterns = [
    {
      regex: `^(\\.\\./)+(${forbidden.join('|')})(/|$)`,
      message: `${folder}/ may import only ${allowed.length ? allowed.join(', ') : 'nothing of ours'} (DESIGN.md, layering).`,
    },
  ];
  if (forbiddenPackages.length) {
    patterns.push({
      regex: `^(${forbiddenPackages.join('|')})(/|$)`,
      message: `${folder}/ must not depend on this runtime (DESIGN.md, layering).`,
    });
  }
  // no-restricted-imports does not see import(): forbid the same folders there.
  const dynamicImport = {
    selector: `ImportExpression > Literal[value=/^(\\.\\.\\/)+(${forbidden.join('|').replaceAll('/', '\\/')})(\\/|$)/]`,
    message: patterns[0].message,
  };
  return {
    files: [`${folder}/**/*.{ts,tsx,js,mjs}`],
    rules: {
      'no-restricted-imports': ['error', { patterns }],
      'no-restricted-syntax': ['error', dynamicImport],
    },
  };
}

/** Same layer rule for a subfolder (or the files `files`), with one more forbidden pattern. */
function withExtraPattern(base, subfolder, pattern, files = [`${subfolder}/**/*.{ts,tsx,js,mjs}`]) {
  const [level, options] = base.rules['no-restricted-imports'];
  return {
    files,
    rules: { ...base.rules, 'no-restricted-imports': [level, { patterns: [...options.patterns, pattern] }] },
  };
}

const NODE_BUILTINS = 'node:.*|fs|path|os|child_process|worker_threads|crypto|url|stream|util';

const NO_MATH_RANDOM = { object: 'Math', property: 'random', message: 'Use the seeded generator in scenes/rng.ts (DESIGN.md, determinism).' };
// Math's transcendental functions are implementation-approximated: Node and Chromium differ in the last bit.
const NOT_PORTABLE = ['exp', 'log', 'sin', 'cos', 'tan', 'atan', 'atan2', 'asin', 'acos', 'pow'].map((property) => ({
  object: 'Math',
  property,
  message: `Math.${property} gives different bits in Node and Chromium: use the fdlibm port in scenes/portable-math.ts${property === 'pow' ? ' (or multiply)' : ''} (DESIGN.md, determinism).`,
}));

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'tests/fixtures/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', NO_MATH_RANDOM],
    },
  },
  // Data paths (the sampler and the engines) must give the same bits in the CLI and the window.
  // A later config's options replace earlier ones for the same rule, so Math.random is repeated.
  {
    files: ['scenes/**/*.{ts,tsx,js,mjs}', 'workers/{grasp,nav,physics,rollout,pool,pipeline}/**/*.{ts,tsx,js,mjs}'],
    rules: { 'no-restricted-properties': ['error', NO_MATH_RANDOM, ...NOT_PORTABLE] },
  },
  layer('scenes', [], [NODE_BUILTINS, 'electron', 'three', 'react', 'react-dom', 'zustand', 'comlink', '@dimforge/.*', 'onnxruntime-.*']),
  layer('exporters', ['scenes'], ['electron', 'three', 'react', 'react-dom', 'zustand', '@dimforge/.*']),
  layer('workers', ['scenes', 'exporters'], ['electron', 'react', 'react-dom', 'zustand']),
  // The bridge contract is declared once in main/bridge and typed by the renderer's hosts.
  layer('renderer', ['scenes', 'exporters', 'workers'], [NODE_BUILTINS, 'electron'], { main: ['bridge/contract'] }),
  layer('main', ['scenes', 'exporters', 'workers'], ['react', 'react-dom', 'three', 'zustand']),
  layer('assets', []),
  withExtraPattern(layer('main', ['scenes', 'exporters', 'workers'], ['react', 'react-dom', 'three', 'zustand']), 'main/cli', {
    regex: '^electron(/|$)',
    message: 'main/cli is Node only and never imports electron (DESIGN.md).',
  }),
  // The contract is bundled into the renderer and the sandboxed preload: no Electron, no Node.
  withExtraPattern(
    layer('main', ['scenes'], ['react', 'react-dom', 'three', 'zustand']),
    'main/bridge',
    { regex: `^(electron|${NODE_BUILTINS})(/|$)`, message: 'main/bridge/contract.ts is bundled into the renderer and the preload: no electron, no Node built-ins.' },
    ['main/bridge/contract.ts'],
  ),
);
