/**
 * Loading a scene document: JSON text -> migrated -> validated against the
 * schema -> cross-checked (assets, randomization). Returns the first problem
 * as a result; never throws for bad input.
 */
import { probeValues } from './distributions';
import { jsonSyntaxErrorOffset } from './json-syntax';
import { migrate, MIGRATIONS, type MigrationTable } from './migrations';
import { formatPointer, getAt, setAt } from './pointer';
import { formatValue, problemFromIssue, type SceneProblem } from './problems';
import { sample } from './sample';
import { SceneDoc } from './schema/scene';

export type LoadResult =
  | { ok: true; scene: SceneDoc; migratedFrom: number }
  | { ok: false; problem: SceneProblem };

export interface LoadOptions {
  /** Whether `assets/<path>` exists; asset references are not checked when absent. */
  assetExists?: (assetPath: string) => boolean;
  migrations?: MigrationTable;
}

/** Parses and validates a scene file's text. `file` is used only in messages. */
export function loadSceneText(text: string, file: string, options: LoadOptions = {}): LoadResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return fail({ file, path: '', message: `not valid JSON: ${jsonErrorWhere(error, text)}`, more: 0 });
  }
  return loadSceneValue(raw, file, options);
}

/** Validates an already-parsed JSON value as a scene document. */
export function loadSceneValue(raw: unknown, file: string, options: LoadOptions = {}): LoadResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail({ file, path: '', message: 'a scene must be a JSON object', value: raw, more: 0 });
  }
  const migrated = migrate(raw as Record<string, unknown>, options.migrations ?? MIGRATIONS);
  if (!migrated.ok) return fail({ file, path: '/schemaVersion', message: migrated.message, value: migrated.value, more: 0 });

  const parsed = SceneDoc.safeParse(migrated.doc);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    return fail(problemFromIssue(issues[0]!, migrated.doc, file, issues.length - 1));
  }
  const scene = parsed.data;
  const assetProblem = options.assetExists ? checkAssets(scene, file, options.assetExists) : undefined;
  if (assetProblem) return fail(assetProblem);
  const randomizationProblem = checkRandomization(scene, file);
  if (randomizationProblem) return fail(randomizationProblem);
  const combinationProblem = checkSampledEpisodes(scene, file);
  if (combinationProblem) return fail(combinationProblem);
  return { ok: true, scene, migratedFrom: migrated.from };
}

function fail(problem: SceneProblem): LoadResult {
  return { ok: false, problem };
}

/** "Unexpected token } in JSON at position 12" -> "... (line 2, column 5)"; finds the position itself when V8 names none. */
function jsonErrorWhere(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0] ?? message;
  if (/line \d+ column \d+/.test(firstLine)) return firstLine;
  const match = /position (\d+)/.exec(firstLine);
  const position = match ? Number(match[1]) : jsonSyntaxErrorOffset(text);
  if (position === undefined) return firstLine;
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `${firstLine} (line ${line}, column ${column})`;
}

function checkAssets(scene: SceneDoc, file: string, assetExists: (p: string) => boolean): SceneProblem | undefined {
  for (const [i, body] of scene.bodies.entries()) {
    if (body.shape.type === 'mesh' && !assetExists(body.shape.asset)) {
      return { file, path: formatPointer(['bodies', i, 'shape', 'asset']), message: 'no such file under assets/', value: body.shape.asset, more: 0 };
    }
    const texture = body.visual.texture;
    if (texture?.type === 'asset' && !assetExists(texture.path)) {
      return { file, path: formatPointer(['bodies', i, 'visual', 'texture', 'path']), message: 'no such file under assets/', value: texture.path, more: 0 };
    }
  }
  return undefined;
}

/**
 * Every randomization entry must name an existing leaf property of a fitting
 * type, and every value its distribution can produce must keep the scene
 * valid (checked at the support's ends and for choices at each value).
 */
function checkRandomization(scene: SceneDoc, file: string): SceneProblem | undefined {
  for (const [i, entry] of scene.randomization.entries()) {
    const at = getAt(scene, entry.path);
    if (!at.ok) {
      return { file, path: `/randomization/${i}/path`, message: `does not name a property of the scene: ${at.reason}`, value: entry.path, more: 0 };
    }
    if (entry.path.startsWith('/randomization') || entry.path === '/schemaVersion') {
      return { file, path: `/randomization/${i}/path`, message: 'cannot randomize the schema version or the randomization spec itself', value: entry.path, more: 0 };
    }
    if (entry.path.endsWith('/id')) {
      return { file, path: `/randomization/${i}/path`, message: 'cannot randomize an id: other entries and references name elements by it; randomize "enabled" or the reference instead', value: entry.path, more: 0 };
    }
    const current = at.value;
    if (typeof current === 'object' && current !== null) {
      return { file, path: `/randomization/${i}/path`, message: 'names an object or array; point at one number, string or boolean inside it', value: entry.path, more: 0 };
    }
    const numeric = entry.dist.type !== 'choice';
    if (numeric && typeof current !== 'number') {
      return { file, path: `/randomization/${i}/dist/type`, message: `a ${entry.dist.type} distribution needs a numeric property, but ${entry.path} is a ${typeof current}; use a choice`, value: entry.dist.type, more: 0 };
    }
    for (const probe of probeValues(entry.dist)) {
      if (entry.dist.type === 'choice' && typeof probe !== typeof current) {
        return { file, path: `/randomization/${i}/dist/values`, message: `${entry.path} is a ${typeof current}, but this choice offers a ${typeof probe}`, value: probe, more: 0 };
      }
      const trial = structuredClone(scene);
      setAt(trial, entry.path, probe);
      const reparsed = SceneDoc.safeParse(trial);
      if (!reparsed.success) {
        const issue = problemFromIssue(reparsed.error.issues[0]!, trial, file, 0);
        const integerHint = typeof probe === 'number' && !Number.isInteger(probe) && /expected int/.test(issue.message) ? ' (the property takes integers: use a choice)' : '';
        return {
          file,
          path: `/randomization/${i}/dist`,
          message: `the value ${String(probe)} would make ${issue.path} invalid: ${issue.message}${integerHint}`,
          value: entry.dist,
          more: 0,
        };
      }
    }
  }
  return undefined;
}

/** Episodes sampled at load time to catch randomized values that are invalid only in combination. */
export const COMBINATION_CHECK_EPISODES = 16;

/**
 * Entries are checked one at a time above; values that are valid alone can
 * clash together (a lidar rangeMin above its rangeMax). Sample a few
 * episodes and validate each resolved scene.
 */
function checkSampledEpisodes(scene: SceneDoc, file: string): SceneProblem | undefined {
  if (scene.randomization.length < 2) return undefined;
  for (let i = 0; i < COMBINATION_CHECK_EPISODES; i++) {
    const spec = sample(scene, 0, i);
    const reparsed = SceneDoc.safeParse(spec.scene);
    if (!reparsed.success) {
      const issue = problemFromIssue(reparsed.error.issues[0]!, spec.scene, file, 0);
      const drawn = spec.resolved.map((r) => `${r.path}=${formatValue(r.value)}`).join(', ');
      return {
        file,
        path: '/randomization',
        message: `randomized values clash: episode ${i} of seed 0 makes ${issue.path} invalid: ${issue.message} (drawn: ${drawn.length > 300 ? `${drawn.slice(0, 297)}...` : drawn})`,
        more: 0,
      };
    }
  }
  return undefined;
}
