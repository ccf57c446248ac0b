/** Name, version and pinned dependencies of this build, recorded with every dataset. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface PackageJson {
  name: string;
  version: string;
  dependencies: Record<string, string>;
}

export function generatorInfo(): PackageJson {
  const pkg = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../package.json'), 'utf8')) as PackageJson;
  return { name: pkg.name, version: pkg.version, dependencies: pkg.dependencies };
}
