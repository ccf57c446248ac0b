/**
 * The JSON Schema of scene files, generated from the zod SceneDoc, for
 * editors and other tools. It describes the file as written (defaults
 * optional); cross-field rules (unique ids, references, randomization
 * checks) exist only in the studio's own validation.
 */
import { z } from 'zod';
import { SCENE_SCHEMA_VERSION, SceneDoc } from '../../scenes/schema/scene';

/** Where the generated schema is committed, relative to the repository root. */
export const SCENE_JSON_SCHEMA_PATH = 'scenes/scene.schema.json';

export function sceneJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(SceneDoc, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
  return {
    $schema: schema.$schema,
    title: `Scene document, schema version ${SCENE_SCHEMA_VERSION}`,
    description: 'A robot-learning scene: bodies, lights, cameras, robots, a task and its randomization. Units: metres, kilograms, seconds, newtons; angles in degrees; Z is up.',
    ...schema,
  };
}

/** The schema file's text: two-space JSON and a final newline. */
export function sceneJsonSchemaText(): string {
  return `${JSON.stringify(sceneJsonSchema(), null, 2)}\n`;
}
