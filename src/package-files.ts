import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// What the package ships beside its code (rules/, data/, package.json, the parsed-rules cache).
// Code runs from src/ under the tests and from a bundled chunk in dist/cli/ otherwise, so these
// are found from the package root, looked up once from wherever this module ended up.

function findPackageRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'rules'))) return dir;
    if (dirname(dir) === dir) return dirname(here);
  }
}

const ROOT = findPackageRoot();

/** A path inside the installed package, e.g. `packagePath('rules')`. */
export const packagePath = (...parts: string[]): string => join(ROOT, ...parts);
