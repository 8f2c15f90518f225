import { posix } from 'node:path';

// A JavaScript monorepo's workspace packages (npm/yarn `workspaces`, pnpm-workspace.yaml), found by
// package name or folder without listing the repository: where monorepos keep packages, and the
// folders the root's workspace globs name (`apps/*`, `packages/*`).

/** Where monorepos keep their packages, for a workspace named by its package name (`ops`, `@acme/ops`). */
const WORKSPACE_FOLDERS = ['apps', 'packages', 'services', 'tools', 'libs', 'workers', 'modules'];

export type ReadFile = (path: string) => string | undefined;

/** The folders a root's workspace globs list (`"workspaces": ["apps/*"]`, pnpm's `packages: - "packages/*"`), one level deep. */
function declaredFolders(root: string, read: ReadFile): string[] {
  const at = (p: string): string => (root ? `${root}/${p}` : p);
  const globs: string[] = [];
  const pkg = read(at('package.json'));
  const list = pkg && /"workspaces"\s*:\s*(?:\{[^}]*?"packages"\s*:\s*)?\[([^\]]{0,2000})\]/.exec(pkg)?.[1];
  if (list) for (const m of list.matchAll(/"([^"]{1,200})"/g)) globs.push(m[1]!);
  const pnpm = read(at('pnpm-workspace.yaml'));
  if (pnpm) for (const m of pnpm.matchAll(/^\s*-\s*["']?([^"'\s#]{1,200})["']?\s*$/gm)) globs.push(m[1]!);
  return globs.flatMap((g) => /^([\w.-]+(?:\/[\w.-]+)*)\/\*{1,2}$/.exec(g.replace(/^\.\//, ''))?.[1] ?? []);
}

/**
 * The folder of the workspace package named `name` (`@acme/dbt-cloud`, `ops`) or by its path
 * (`apps/ops`, `./apps/ops`) below `root`, confirmed by its package.json; undefined when none is.
 */
export function workspaceFolder(root: string, name: string, read: ReadFile): string | undefined {
  const clean = name
    .replace(/^\.\//, '')
    .replace(/\/+$/, '')
    .replace(/\.{3}$/, '');
  if (!/^[@\w./-]{1,200}$/.test(clean) || clean.includes('..')) return undefined;
  const at = (d: string): string => posix.normalize(posix.join(root, d));
  const manifest = (d: string): string | undefined => read(d === '.' || d === '' ? 'package.json' : `${d}/package.json`);
  if (clean.includes('/') && !clean.startsWith('@') && manifest(at(clean)) !== undefined) return at(clean);
  const bare = clean.replace(/^@[^/]+\//, '');
  const folders = [...new Set([...declaredFolders(root, read), ...WORKSPACE_FOLDERS])];
  for (const f of [...folders, '']) {
    const d = at(f ? `${f}/${bare}` : bare);
    if (d === at('')) continue;
    const text = manifest(d);
    if (text === undefined) continue;
    // The manifest's name, when it has one, is the package's (`@acme/ops` in `apps/ops`).
    const declared = /"name"\s*:\s*"([^"]{1,214})"/.exec(text)?.[1];
    if (declared === undefined || declared === clean || declared.replace(/^@[^/]+\//, '') === bare) return d;
  }
  return undefined;
}
