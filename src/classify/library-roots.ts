// Installable libraries and command-line tools: code that whoever installs it runs, with a token
// they supply, so the repository cannot tell the workflow (the contract's `unknown`). Told from the
// package manifest: a Python project with a name and a console script or a build system, whose
// package folder is in the repository, or an npm package that publishes a command (`bin`) and is
// not private. Entry points found in the repository (a CI step, a Dockerfile, a DAG) still win.

import { isParseError, rethrowUnless } from '../errors.js';

/** Reads a repository file's text, or undefined. */
export type ReadText = (path: string) => string | undefined;

const dirOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const join = (dir: string, name: string): string => (dir ? `${dir}/${name}` : name);

/** Folders holding an installable package's own code. */
export function libraryRoots(allFiles: readonly string[], read: ReadText): Set<string> {
  const roots = new Set<string>();
  let folders: Set<string> | undefined;
  for (const f of allFiles) {
    const base = f.slice(f.lastIndexOf('/') + 1);
    if (base === 'pyproject.toml') {
      for (const pkg of pythonPackagesOf(read(f) ?? '')) {
        folders ??= foldersHoldingFiles(allFiles);
        for (const candidate of [join(dirOf(f), pkg), join(dirOf(f), `src/${pkg}`)]) if (folders.has(candidate)) roots.add(candidate);
      }
    } else if (base === 'package.json' && publishesCommand(read(f) ?? '')) {
      roots.add(dirOf(f));
    }
  }
  return roots;
}

/** Every folder that holds a file, directly or below it. */
function foldersHoldingFiles(allFiles: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const f of allFiles) {
    // Parents are added from the deepest up; one already there has all of its own above it.
    for (let d = dirOf(f); d !== '' && !out.has(d); d = dirOf(d)) out.add(d);
  }
  return out;
}

/** Import names of the package a pyproject.toml installs, when it installs a tool or a library. */
function pythonPackagesOf(toml: string): string[] {
  const section = (name: string): string | undefined => {
    const m = new RegExp(`^\\[${name.replace(/\./g, '\\.')}\\][ \\t]*$([\\s\\S]*?)(?=^\\[|(?![\\s\\S]))`, 'm').exec(toml);
    return m?.[1];
  };
  const project = section('project') ?? section('tool.poetry');
  const name = project && /^name\s*=\s*["']([A-Za-z0-9._-]+)["']/m.exec(project)?.[1];
  if (!name) return [];
  const scripts = section('project.scripts') ?? section('tool.poetry.scripts');
  if (scripts === undefined && section('build-system') === undefined) return [];
  // The import name is the project's name normalised, or what its console scripts import
  // (`job-sync = "jobsync.cli:main"`), or a poetry `packages` include.
  const names = new Set([name.toLowerCase().replace(/[-.]/g, '_')]);
  for (const m of (scripts ?? '').matchAll(/=\s*["']([A-Za-z_]\w*)[.:]/g)) names.add(m[1]!);
  for (const m of (project ?? '').matchAll(/include\s*=\s*["']([A-Za-z_]\w*)["']/g)) names.add(m[1]!);
  return [...names];
}

function publishesCommand(json: string): boolean {
  try {
    // `null` is valid JSON too: only an object is a manifest.
    const pkg = JSON.parse(json) as { private?: unknown; bin?: unknown } | null;
    return typeof pkg === 'object' && pkg !== null && pkg.private !== true && pkg.bin !== undefined;
  } catch (e) {
    rethrowUnless(e, isParseError);
    return false;
  }
}
