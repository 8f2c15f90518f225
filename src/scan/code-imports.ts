import { posix } from 'node:path';
import {
  IMPORT_SPEC,
  isAliasSpecifier,
  svelteLibBase,
  isRelativeSpecifier,
  probeModuleFile,
  PROJECT_CONFIG_NAMES,
} from '../adapters/javascript/module-path.js';
import { resolvePythonModule } from '../adapters/python/module-path.js';
import { folderOf } from '../adapters/repo-path.js';
import { runPathsFrom } from '../adapters/shared/ci-yaml/run-scripts.js';
import { scriptPathsRun } from '../adapters/shell/scripts-run.js';
import type { AdapterContext } from '../adapters/adapter.js';

// The repository files a source file brings in: the modules a Python or JavaScript file imports,
// the scripts a shell script runs. Read from the text with regular expressions, no parser: an
// import inside a function or behind a condition still counts, since it can run.

const MAX_TEXT = 1024 * 1024;
const MAX_IMPORTS = 400;

const PY = /\.pyw?$/i;
const JS = /\.(?:[cm]?[jt]s|[jt]sx)$/i;
const SHELL = /\.(?:sh|bash|zsh|ksh)$/i;
const RUBY = /\.rb$/i;
/** `require_relative "x"`, `require "./x"` (group 1: the method, 3: the path). */
const RUBY_REQUIRE = /^[ \t]*(require_relative|require)\(?[ \t]*(["'])((?:\.{1,2}\/)?[\w./-]{1,300}?)\2/gm;

/** `import a.b, c as d` (group 1: the names). */
const PY_IMPORT = /^[ \t]*import[ \t]+([A-Za-z_][\w. \t,]*)/gm;
/** `from ..a.b import x, y` or `from . import (x,\n y)` (group 1: dots, 2: module, 3: names). */
const PY_FROM = /^[ \t]*from[ \t]+(\.*)([A-Za-z_][\w.]*)?[ \t]+import[ \t]+(\([^)]{0,2000}\)|[^\n#;]*)/gm;
/** A string literal holding a `python …` or `bash …`/`sh …` command (group 2), also after a `cd <dir> &&`. */
const PY_COMMAND_STRING =
  /(["'])[ \t]*((?:cd[ \t]+[^"'\n&;|]{1,200}(?:&&|;)[ \t]*)?(?:python[0-9.]*|bash|sh|papermill|jupyter[ \t]+(?:nbconvert|execute))[ \t][^"'\n]{1,300})\1/g;
/** Airflow's `PapermillOperator(input_nb="include/notebooks/refresh.ipynb")`: the notebook the task runs. */
const PAPERMILL_INPUT = /\binput_nb[ \t]*=[ \t]*(["'])([^"'\n{}]{1,300}\.ipynb)\1/g;
/** The same as an argv list: a pod's `cmds=["python", "/app/scripts/x.py"]`, `subprocess.run(["bash", "x.sh"])`. */
const PY_COMMAND_LIST = /\[[ \t]*(["'])(python[0-9.]*|bash|sh)\1[ \t]*,[ \t]*(["'])([^"'\n]{1,300})\3/g;
/** `import './polyfill'`: a side-effect import, which IMPORT_SPEC does not cover. */
const JS_BARE_IMPORT = /^[ \t]*import[ \t]*['"]([^'"\n]{1,300})['"]/gm;

/**
 * Repository files that `path` imports or runs, by path relative to the scan root. `readText`
 * reads a tsconfig/jsconfig, for the `@/…`-style aliases web frameworks set up (`"@/*": ["./src/*"]`).
 */
export function importedFiles(
  path: string,
  text: string,
  fileExists: (p: string) => boolean,
  readText?: (p: string) => string | undefined,
  /** Where a script named by its path inside an image is (image-paths.ts), when no repository path ends with that path. */
  inImage?: (path: string) => string | undefined,
): string[] {
  if (text.length > MAX_TEXT) return [];
  const out = new Set<string>();
  const add = (p: string | undefined): void => {
    if (p && p !== path && out.size < MAX_IMPORTS) out.add(p);
  };
  if (PY.test(path)) {
    for (const m of text.matchAll(PY_IMPORT)) {
      for (const part of m[1]!.split(',')) {
        const name = part.trim().split(/[ \t]+/)[0]!;
        if (/^[A-Za-z_][\w.]*$/.test(name)) add(resolvePythonModule(path, name, 0, fileExists));
      }
    }
    for (const m of text.matchAll(PY_FROM)) {
      const level = m[1]!.length;
      const mod = m[2] ?? '';
      if (level === 0 && !mod) continue;
      add(resolvePythonModule(path, mod, level, fileExists));
      // `from pkg import mod` may name a submodule rather than a value.
      for (const part of m[3]!.replace(/[()]/g, '').split(',')) {
        const name = part.trim().split(/[ \t]+/)[0]!;
        if (/^[A-Za-z_]\w*$/.test(name)) add(resolvePythonModule(path, mod ? `${mod}.${name}` : name, level, fileExists));
      }
    }
    // A command in a string that runs a repository script: a DAG's `bash_command`, a pod's
    // `arguments`, `subprocess.run("python -m jobs.refresh")`.
    let commands = 0;
    for (const m of text.matchAll(PY_COMMAND_STRING)) {
      if (++commands > MAX_IMPORTS) break;
      for (const p of runPathsFrom(folderOf(path), scriptPathsRun(m[2]!, true), fileExists, inImage)) add(p);
    }
    for (const m of text.matchAll(PY_COMMAND_LIST)) {
      if (++commands > MAX_IMPORTS) break;
      for (const p of runPathsFrom(folderOf(path), scriptPathsRun(`${m[2]} ${m[4]}`, true), fileExists, inImage)) add(p);
    }
    for (const m of text.matchAll(PAPERMILL_INPUT)) {
      if (++commands > MAX_IMPORTS) break;
      for (const p of runPathsFrom(folderOf(path), scriptPathsRun(`papermill ${m[2]} out.ipynb`, true), fileExists, inImage)) add(p);
    }
  } else if (JS.test(path)) {
    const dir = posix.dirname(path);
    for (const re of [IMPORT_SPEC, JS_BARE_IMPORT]) {
      for (const m of text.matchAll(re)) {
        const spec = m[1]!;
        const svelteLib = svelteLibBase(spec, path, fileExists);
        if (isRelativeSpecifier(spec)) add(probeModuleFile(posix.normalize(posix.join(dir, spec)), fileExists));
        else if (svelteLib !== undefined) add(probeModuleFile(svelteLib, fileExists));
        else if (isAliasSpecifier(spec) && readText)
          for (const base of aliasTargets(dir, spec, fileExists, readText)) add(probeModuleFile(base, fileExists));
      }
    }
  } else if (RUBY.test(path)) {
    // `require_relative "../lib/dbt_cloud"` (from the file's folder) and `require "./lib/x"` (from where Ruby starts: the root).
    for (const m of text.matchAll(RUBY_REQUIRE)) {
      const rel = m[3]!.endsWith('.rb') ? m[3]! : `${m[3]}.rb`;
      const p = posix.normalize(m[1] === 'require_relative' ? posix.join(folderOf(path), rel) : rel);
      if (!p.startsWith('../') && fileExists(p)) add(p);
    }
  } else if (SHELL.test(path)) {
    // An entrypoint runs scripts by their path in the image too (`python /app/jobs/sync.py`).
    for (const p of runPathsFrom(folderOf(path), scriptPathsRun(text, true), fileExists, inImage)) add(p);
  }
  return [...out];
}

/** `"@/*": ["./src/*"]` in a config's `paths` (group 1: the alias's first character, 2: the target folder). */
const PATHS_ENTRY = /"([@~#])\/\*"\s*:\s*\[\s*"([^"*]{0,200})\*"/g;

/**
 * Where an alias specifier may point: by the `paths` of the nearest tsconfig/jsconfig above
 * `dir`, or, when that config maps none of these aliases, its `src/` folder and itself (what
 * Next.js, Nuxt and Vite templates set up), and with no config at all, the scan root's `src/` and
 * itself. Textual and generous: this only decides workflows.
 */
function aliasTargets(
  dir: string,
  spec: string,
  fileExists: (p: string) => boolean,
  readText: (p: string) => string | undefined,
): string[] {
  const rest = spec.slice(2);
  for (let d = dir, i = 0; i < 32; i++) {
    const config = PROJECT_CONFIG_NAMES.map((n) => (d ? `${d}/${n}` : n)).find((p) => fileExists(p));
    if (config) {
      const text = readText(config) ?? '';
      // `paths` are relative to `baseUrl` when the config sets one.
      const baseUrl = /"baseUrl"\s*:\s*"([^"]{0,200})"/.exec(text)?.[1] ?? '.';
      const mapped = [...text.matchAll(PATHS_ENTRY)].filter((m) => m[1] === spec[0]).map((m) => posix.join(baseUrl, m[2]!));
      const targets = mapped.length ? mapped : ['./src/', './'];
      return targets.map((t) => posix.normalize(posix.join(d || '.', t, rest))).filter((p) => !p.startsWith('../'));
    }
    if (d === '') break;
    d = folderOf(d);
  }
  // No config: a bundler's own alias (Vite's `'@': './src'`), or the root, as the templates set it up.
  return [posix.join('src', rest), rest].map((p) => posix.normalize(p)).filter((p) => !p.startsWith('../'));
}

/** `importedFiles` of the repository's files as `ctx` reads them, each file's list worked out once. */
export function repositoryImports(ctx: AdapterContext): (file: string) => readonly string[] {
  const memo = new Map<string, string[]>();
  const exists = (p: string): boolean => ctx.fileExists(p);
  const read = (p: string): string | undefined => ctx.readRepoFile(p)?.text;
  return (file) => {
    let list = memo.get(file);
    if (!list) {
      const text = read(file);
      memo.set(file, (list = text === undefined ? [] : importedFiles(file, text, exists, read)));
    }
    return list;
  };
}
