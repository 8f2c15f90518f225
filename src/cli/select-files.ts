import { lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Config } from '../config/config.js';
import { compileGlobs } from '../discover/globs.js';
import type { FoundFile } from '../discover/find-files.js';
import { SKIPPED_DIRS } from '../discover/find-files.js';
import { UsageError } from '../errors.js';
import type { ParsedArgs } from './args.js';
import { git, nulList } from '../vcs/git.js';

export interface Selection {
  files: FoundFile[];
}

const SKIPPED = new Set(SKIPPED_DIRS);

/** `abs` is `dir` itself or below it (a name such as `..notes.sh` is below, not above). */
function isInside(dir: string, abs: string): boolean {
  const r = relative(dir, abs);
  return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r));
}

/**
 * --staged: the staged content of staged files (what the commit will hold), copied out of the
 * index into a temporary folder but reported under their own paths. --changed REF: files that
 * differ from REF in the working tree, plus new untracked files. Undefined: walk the paths.
 */
export async function selectFiles(args: ParsedArgs, cwd: string, config: Config): Promise<Selection | undefined> {
  if (!args.staged && args.changed === undefined) return undefined;
  let top: string;
  try {
    top = git(cwd, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
  } catch {
    throw new UsageError(`${args.staged ? '--staged' : '--changed'} needs a git repository, and the current folder is not in one`);
  }
  const ignore = compileGlobs(config.ignore, config.base);
  const wanted = args.positionals.map((p) => resolve(cwd, p));
  const keep = (fromTop: string): string | undefined => {
    const abs = resolve(top, fromTop);
    const rel = relative(cwd, abs).split(sep).join('/');
    if (rel.split('/').some((s) => SKIPPED.has(s)) || ignore.matches(rel)) return undefined;
    if (wanted.length && !wanted.some((w) => isInside(w, abs))) return undefined;
    return rel;
  };

  if (args.changed !== undefined) {
    if (args.changed.startsWith('-')) throw new UsageError(`--changed: "${args.changed}" is not a git ref`);
    git(top, ['rev-parse', '--verify', '--quiet', `${args.changed}^{commit}`]);
    const names = [
      ...nulList(git(top, ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=ACMRT', args.changed, '--'])),
      ...nulList(git(top, ['ls-files', '--others', '--exclude-standard', '-z'])),
    ];
    const files: FoundFile[] = [];
    for (const n of [...new Set(names)].sort()) {
      const rel = keep(n);
      if (rel === undefined) continue;
      const abs = resolve(top, n);
      try {
        if (lstatSync(abs).isFile()) files.push({ rel, abs });
      } catch {
        /* deleted since */
      }
    }
    return { files };
  }

  const names = nulList(git(top, ['diff', '--cached', '--name-only', '-z', '--no-renames', '--diff-filter=ACMRT']));
  const selected = names.map((n) => ({ n, rel: keep(n) })).filter((x): x is { n: string; rel: string } => x.rel !== undefined);
  if (!selected.length) return { files: [] };
  // Modes and blob ids from the index; regular files only (no symlinks, no submodules).
  const entries = nulList(git(top, ['ls-files', '--stage', '-z', '--', ...selected.map((s) => `:(literal)${s.n}`)]));
  const blobs = new Map<string, string>();
  for (const e of entries) {
    const m = /^(\d+) ([0-9a-f]+) (\d)\t(.*)$/s.exec(e);
    if (m && (m[1] === '100644' || m[1] === '100755') && m[3] === '0') blobs.set(m[4]!, m[2]!);
  }
  const dir = mkdtempSync(join(tmpdir(), 'dts-staged-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const files: FoundFile[] = [];
  for (const { n, rel } of selected) {
    const sha = blobs.get(n);
    if (!sha) continue;
    // cat-file on a blob id applies no filters and runs nothing from the repository's config.
    const content = git(top, ['cat-file', 'blob', sha]);
    const target = join(dir, String(files.length), n.split('/').pop() ?? 'file');
    if (isAbsolute(n) || n.includes('\0')) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    files.push({ rel, abs: target });
  }
  return { files };
}
