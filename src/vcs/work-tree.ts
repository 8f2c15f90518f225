import { isExpectedIoError, rethrowUnless } from '../errors.js';
import { lstatSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The nearest folder, `folder` itself or above it, holding a `.git` folder or file (a linked work
 * tree or a submodule has a file): the top of the work tree it is in, if any. A cheap test that
 * spares a git process outside git, and the one answer to "where does this repository end".
 */
export function workTreeTop(folder: string): string | undefined {
  for (let d = folder; ; d = dirname(d)) {
    try {
      lstatSync(join(d, '.git'));
      return d;
    } catch (e) {
      rethrowUnless(e, isExpectedIoError);
      /* not here: look above */
    }
    if (dirname(d) === d) return undefined;
  }
}
