/**
 * npm run validate -- <scene.json | preset name>...
 * Checks scene files against the schema and prints one line per file.
 */
import { parse } from './args';
import { CliError, EXIT, EXIT_CODES_HELP, runCommand } from './exit-codes';
import { readSceneFile, resolveSceneArg, presetNames } from './scene-file';

const HELP = `Usage: npm run validate -- <scene.json | preset>... 

Validates scene files: JSON syntax, the schema (types, ranges, unknown
fields), references between objects, asset files and the randomization spec.
Prints "ok" per valid file, or one line naming the file, the field (as a JSON
pointer) and the value that is wrong.

Presets: ${presetNames().join(', ')}

${EXIT_CODES_HELP}`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new CliError(EXIT.usage, 'give at least one scene file (see --help)');
  let failed = 0;
  for (const arg of positionals) {
    try {
      const { scene } = readSceneFile(resolveSceneArg(arg));
      process.stdout.write(`${arg}: ok (${scene.name}: ${scene.bodies.length} bodies, ${scene.task.type} task, ${scene.randomization.length} randomized properties)\n`);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      process.stderr.write(`validate: ${error.message}\n`);
      failed++;
    }
  }
  return failed ? EXIT.invalidScene : EXIT.ok;
}

await runCommand('validate', main);
