import { posix } from 'node:path';
import type { AdapterContext } from '../../adapter.js';
import { folderOf } from '../../repo-path.js';
import { isDjangoCommandRun, isModuleRun, isTerraformRun, resolveModuleRun, terraformRunFolder } from './run-scripts.js';
import { joinRelative } from './script-location.js';
import { terraformRootKey } from './script-env.js';

// Scripts a pipeline runs (`bash scripts/trigger.sh`) are written relative to the repository
// root (where the CI runner checks out), which is not always the pipeline file's folder.
// Each path is expressed relative to the scan's current folder, like every other path.

/**
 * The repository root of a CI file: the folder holding `marker` (`.circleci`, `.azure-pipelines`)
 * when the file sits inside it, else the file's own folder.
 */
export function ciRootOf(path: string, markers: readonly string[] = []): string {
  const parts = path.split('/');
  for (let i = parts.length - 2; i >= 0; i--) {
    if (markers.includes(parts[i]!.toLowerCase())) return parts.slice(0, i).join('/');
  }
  return folderOf(path);
}

const join = (dir: string, rel: string): string => (dir === '' ? posix.normalize(rel) : posix.normalize(`${dir}/${rel}`));

/**
 * Resolves relative script paths: the first of the CI root, the file's folder and its parents
 * where the script exists, else the CI root. Paths that are absolute, templated or leave the
 * scanned tree are dropped. Not script-location.ts `resolveRunScripts`: these files have
 * no step working directory or action folder, and the script may sit by the file or above it.
 */
export function resolveRunPaths(rels: readonly string[], filePath: string, root: string, ctx: AdapterContext): string[] {
  const out: string[] = [];
  const candidatesDirs = [root];
  let dir = folderOf(filePath);
  for (let i = 0; i < 32; i++) {
    if (!candidatesDirs.includes(dir)) candidatesDirs.push(dir);
    if (dir === '') break;
    dir = folderOf(dir);
  }
  for (const raw of rels) {
    if (isTerraformRun(raw)) {
      const folder = joinRelative(root, terraformRunFolder(raw));
      if (folder !== undefined && !out.includes(terraformRootKey(folder))) out.push(terraformRootKey(folder));
      continue;
    }
    if (isDjangoCommandRun(raw)) {
      if (!out.includes(raw)) out.push(raw);
      continue;
    }
    if (isModuleRun(raw)) {
      const file = resolveModuleRun(raw, candidatesDirs, (c) => ctx.fileExists(c));
      if (file && !out.includes(file)) out.push(file);
      continue;
    }
    const rel = raw.trim().replace(/^(\.\/)+/, '');
    if (rel === '' || rel.startsWith('/') || rel.startsWith('~') || /[$%{}*?\s]/.test(rel) || rel.length > 500) continue;
    let chosen: string | undefined;
    for (const d of candidatesDirs) {
      const p = join(d, rel);
      if (!p.startsWith('../') && p !== '..' && ctx.fileExists(p)) {
        chosen = p;
        break;
      }
    }
    chosen ??= join(root, rel);
    if (chosen.startsWith('../') || chosen === '..' || chosen === '.') continue;
    if (!out.includes(chosen)) out.push(chosen);
  }
  return out;
}
