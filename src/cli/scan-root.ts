import { statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { isExpectedIoError, rethrowUnless } from '../errors.js';
import { isInside } from '../discover/inside.js';
import { workTreeTop } from '../vcs/work-tree.js';

// A scan's paths are relative to the current folder, and adapters read the files a scanned file
// imports or runs only inside the folder the scan is rooted in. Scanning a repository from
// outside it (`dbt-token-scan scan ../other-repo`) is therefore rooted in that repository: its
// work tree's top, or the scanned folder outside git. The report still shows paths from the
// current folder; fingerprints are those of a scan run from the root, so the repository's
// ignore file and baselines match.

/** The deepest folder holding every named path (the current folder when none is named). */
export function scannedFolder(paths: readonly string[], cwd: string): string {
  if (!paths.length) return cwd;
  const folders = paths.map((p) => {
    const abs = resolve(cwd, p);
    try {
      return statSync(abs).isDirectory() ? abs : dirname(abs);
    } catch (e) {
      rethrowUnless(e, isExpectedIoError);
      return dirname(abs); // reported as missing by the scan itself
    }
  });
  let common = folders[0]!;
  for (const f of folders.slice(1)) {
    while (relative(common, f).split(sep)[0] === '..' && dirname(common) !== common) common = dirname(common);
  }
  return common;
}

export interface ScanRoot {
  /** The folder the scan runs from. */
  folder: string;
  /** The named paths, relative to `folder`. */
  paths: string[];
}

/**
 * Where a scan of the named paths is rooted when that is not the current folder: undefined when
 * the current folder is the repository they belong to (or a folder of it), and when the only
 * folder holding them is the file system's root, which bounds nothing. A repository named from a
 * folder above it is rooted in itself: the names of the folders above it (`~/code/acme-dev/…`) say
 * nothing of where its code runs.
 */
export function scanRootOutside(paths: readonly string[], cwd: string): ScanRoot | undefined {
  if (!paths.length) return undefined;
  const here = resolve(cwd);
  const scanned = scannedFolder(paths, here);
  const top = workTreeTop(scanned);
  // Outside git nothing says where a project starts: a folder below the current one is part of it.
  if (isInside(here, scanned) && (top === undefined || isInside(top, here))) return undefined;
  const folder = top ?? scanned;
  if (dirname(folder) === folder) return undefined;
  return { folder, paths: paths.map((p) => relative(folder, resolve(here, p)).split(sep).join('/') || '.') };
}
