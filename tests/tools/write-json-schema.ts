/**
 * Writes scenes/scene.schema.json from the zod schema. Run after changing
 * scenes/schema: `npx tsx tests/tools/write-json-schema.ts`.
 * (It lives here because scenes/ may not import node builtins.)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SCENE_JSON_SCHEMA_PATH, sceneJsonSchemaText } from './scene-json-schema';

const target = fileURLToPath(new URL(`../../${SCENE_JSON_SCHEMA_PATH}`, import.meta.url));
writeFileSync(target, sceneJsonSchemaText());
console.log(`wrote ${SCENE_JSON_SCHEMA_PATH}`);
