import { isExpectedIoError, rethrowUnless } from '../errors.js';
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { workTreeTop } from './work-tree.js';

// Which git runs. Spawning plain `git` lets the PATH search pick it, and a PATH can lead into the
// scanned repository: an entry `.` or an empty one (the current folder), or a folder of the
// repository that a tool put there (`node_modules/.bin`, a `bin/` of the project). A `git` that
// the repository ships would then run with the user's rights. So git is looked up here, in the
// absolute PATH entries that lie outside the work tree being scanned, and spawned by its full path.

const found = new Map<string, string | undefined>();

const real = (p: string): string => {
  try {
    return realpathSync(p);
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return resolve(p);
  }
};

const isInside = (dir: string, p: string): boolean => {
  const r = relative(dir, p);
  return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r));
};

/** The full path of the git to run for `folder`, or undefined when PATH has none outside its work tree. */
export function gitExecutable(folder: string): string | undefined {
  const tree = real(workTreeTop(resolve(folder)) ?? resolve(folder));
  if (found.has(tree)) return found.get(tree);
  const name = process.platform === 'win32' ? 'git.exe' : 'git';
  let git: string | undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir) || isInside(tree, real(dir))) continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      git = candidate;
      break;
    } catch (e) {
      rethrowUnless(e, isExpectedIoError);
      /* not here */
    }
  }
  found.set(tree, git);
  return git;
}
