import { isAbsolute, relative, sep } from 'node:path';

/** `abs` is `dir` itself or below it (a name such as `..notes.sh` is below, not above). */
export function isInside(dir: string, abs: string): boolean {
  const r = relative(dir, abs);
  return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r));
}
