import { commandLineVariables, expandMakeVariables } from '../adapters/shared/make-variables.js';
import { isParseError, rethrowUnless } from '../errors.js';
import { posix } from 'node:path';
import { scriptPathsRun } from '../adapters/shell/scripts-run.js';
import { workspaceFolder } from '../adapters/shared/workspace-packages.js';

// Commands that run a named task rather than a file: `make deploy`, `npm run sync`, `tox -e
// docs`, `nox -s refresh`, `task dbt:trigger`. The task is looked up in the repository's
// Makefile, package.json, tox.ini, noxfile.py or Taskfile.yml, and what its recipe runs is what
// the CI step runs.

export interface TaskFiles {
  /** The text of a repository file, or undefined. */
  read(path: string): string | undefined;
}

/** A task a command line runs: which runner, the folder it runs in, the task names. */
interface TaskRun {
  runner: 'make' | 'npm' | 'tox' | 'nox' | 'task' | 'console' | 'poe' | 'hatch';
  /** Hatch's environment (`hatch run ops:promote`), whose `scripts` table holds the task. */
  env?: string;
  dir: string;
  file?: string;
  tasks: string[];
}

const MAX_DEPTH = 4;
const YARN_BUILTINS = new Set([
  'install',
  'add',
  'remove',
  'upgrade',
  'init',
  'cache',
  'config',
  'global',
  'link',
  'unlink',
  'why',
  'info',
  'dlx',
  'exec',
  'set',
  'workspace',
  'workspaces',
  'audit',
  'outdated',
  'version',
  'publish',
  'pack',
  'login',
  'logout',
  'create',
]);

/** Task runs in one command line (any number of commands), `files` telling which workspace folders exist. */
function taskRuns(command: string, root: string, files?: TaskFiles): TaskRun[] {
  const out: TaskRun[] = [];
  // `cd tools && npm run trigger`: later commands of the line run in that folder.
  let cwd = root;
  for (const simple of command.split(/&&|\|\||[;|\n]/)) {
    const words = simple
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '')
      .map((w) => w.replace(/^["']|["']$/g, ''));
    let i = 0;
    while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!)) i++;
    // `npx turbo run sync --filter=ops`, `pnpm turbo run sync`: turbo, however it is started.
    if (/^(?:npx|pnpm|yarn|bunx)$/.test(words[i] ?? '') && words[i + 1] === 'turbo') i++;
    const cmd = words[i];
    if (!cmd) continue;
    const rest = words.slice(i + 1);
    const inDir = (d: string): string => posix.normalize(posix.join(cwd, d));
    let dir = cwd;
    if (cmd === 'cd') {
      const target = rest[0];
      cwd = target && !/[$`~]/.test(target) && !target.startsWith('/') ? inDir(target) : root;
      if (cwd.startsWith('..')) cwd = root;
      continue;
    }
    if (cmd === 'make' || cmd === 'gmake') {
      const run: TaskRun = { runner: 'make', dir, tasks: [] };
      for (let j = 0; j < rest.length; j++) {
        const w = rest[j]!;
        if (w === '-C' || w === '--directory') run.dir = inDir(rest[++j] ?? '');
        else if (w === '-f' || w === '--file' || w === '--makefile') run.file = rest[++j];
        else if (w.startsWith('-') || w.includes('=') || /[$`]/.test(w)) continue;
        else run.tasks.push(w);
      }
      out.push(run.tasks.length ? run : { ...run, tasks: [''] });
    } else if (cmd === 'npm' || cmd === 'pnpm' || cmd === 'yarn' || cmd === 'bun' || cmd === 'turbo') {
      // A workspace picked by folder or package name: `npm -w apps/ops run x`, `pnpm --filter ops run x`, `yarn workspace ops x`, `turbo run x --filter=ops`.
      const picked = (name: string | undefined): void => {
        const ws = name !== undefined && files ? workspaceFolder(cwd, name, (p) => files.read(p)) : undefined;
        if (ws !== undefined) dir = ws;
      };
      // The words that are not options or their values: the verb, the task, its arguments.
      const opts: string[] = [];
      for (let j = 0; j < rest.length; j++) {
        const [flag, value] = rest[j]!.split('=', 2) as [string, string | undefined];
        if (['--prefix', '-C', '--cwd', '--dir'].includes(flag)) dir = inDir(value ?? rest[++j] ?? '');
        else if (WORKSPACE_OPTION.test(flag)) picked(value ?? rest[++j]);
        else opts.push(rest[j]!);
      }
      let j = opts.findIndex((w) => !w.startsWith('-'));
      if (cmd === 'yarn' && opts[j] === 'workspace') {
        picked(opts[j + 1]);
        j += 2;
      }
      const verb = opts[j];
      let task: string | undefined;
      if (verb === 'run' || verb === 'run-script') task = opts.slice(j + 1).find((w) => !w.startsWith('-'));
      else if (verb === 'start') task = 'start';
      else if (verb && cmd !== 'npm' && cmd !== 'bun' && cmd !== 'turbo' && !YARN_BUILTINS.has(verb) && !verb.startsWith('-')) task = verb;
      if (task && !/[$`]/.test(task)) out.push({ runner: 'npm', dir, tasks: [task] });
    } else if (cmd === 'task' || cmd === 'go-task') {
      // go-task: `task dbt:trigger JOB_ID=612`, `task -d ops deploy`, `task --taskfile ci/Taskfile.yml run`.
      const run: TaskRun = { runner: 'task', dir, tasks: [] };
      for (let j = 0; j < rest.length; j++) {
        const w = rest[j]!;
        if (w === '-d' || w === '--dir') run.dir = inDir(rest[++j] ?? '');
        else if (w === '-t' || w === '--taskfile') run.file = rest[++j];
        else if (w === '--') break;
        else if (w.startsWith('-') || w.includes('=') || /[$`]/.test(w)) continue;
        else run.tasks.push(w);
      }
      out.push(run.tasks.length ? run : { ...run, tasks: ['default'] });
    } else if (cmd === 'poe') {
      // Poe the Poet: `poe trigger-prod` runs `[tool.poe.tasks]`'s task.
      const task = rest.find((w) => !w.startsWith('-'));
      if (task && /^[\w.:-]{1,100}$/.test(task)) out.push({ runner: 'poe', dir, tasks: [task] });
    } else if (PYTHON_PROJECT_RUNNERS.has(cmd) && rest[0] === 'run') {
      // `poetry run dbt-trigger 904411`, `uv run refresh`: a console script the project declares, else a program.
      const words = rest.slice(1).filter((w) => !w.startsWith('-'));
      const script = words[0];
      // `poetry run poe trigger-prod`: Poe the Poet's task.
      if (script === 'poe' && words[1] && /^[\w.:-]{1,100}$/.test(words[1])) out.push({ runner: 'poe', dir, tasks: [words[1]] });
      // `hatch run ops:promote`, `hatch run promote`: a script of the environment's `scripts` table.
      else if (cmd === 'hatch' && script && /^(?:[\w.-]{1,100}:)?[\w.-]{1,100}$/.test(script) && hatchScriptsTable(script, dir, files)) {
        const [env, name] = script.includes(':') ? script.split(':') : ['default', script];
        out.push({ runner: 'hatch', dir, tasks: [name!], env: env! });
      } else if (script && /^[\w.-]{1,100}$/.test(script) && script !== 'python' && !script.startsWith('python3')) {
        out.push({ runner: 'console', dir, tasks: [script] });
      }
    } else if (cmd === 'tox' || cmd === 'nox') {
      const flag = cmd === 'tox' ? ['-e', '--env'] : ['-s', '--session', '--sessions', '-e'];
      const tasks: string[] = [];
      for (let j = 0; j < rest.length; j++) if (flag.includes(rest[j]!)) tasks.push(...(rest[j + 1] ?? '').split(','));
      out.push({ runner: cmd, dir, tasks: tasks.filter((t) => /^[\w.-]+$/.test(t)) });
    }
  }
  return out;
}

/** npm's `-w`/`--workspace`, pnpm's `--filter`/`-F`, turbo's `--filter`: the option naming a workspace (its value after it or after `=`). */
const WORKSPACE_OPTION = /^(?:-w|--workspace|--filter|-F)$/;
/**
 * The command lines that the tasks in `command` run, from the repository's task files (found
 * from `root`, the folder a CI step starts in). Tasks that run tasks are followed a few levels.
 */
function taskCommands(command: string, root: string, files: TaskFiles, depth = 0): Array<{ command: string; dir: string }> {
  if (depth > MAX_DEPTH || !RUNNER_WORD.test(command)) return [];
  const out: Array<{ command: string; dir: string }> = [];
  for (const run of taskRuns(command, root, files)) {
    const at = (name: string): string => (run.dir ? `${run.dir}/${name}` : name);
    let recipes: string[] = [];
    if (run.runner === 'make') {
      const makefile = makefileOf(run, files);
      if (makefile) {
        // Recipes as their shell sees them: `terraform -chdir=$(TF_DIR) apply` with the file's and the command line's variables written in.
        const expanded = expandMakeVariables(makefile.text, commandLineVariables(command)).text;
        recipes = targetsRun(makeRulesOf(expanded), run.tasks, MAX_DEPTH + 2 - depth).flatMap((r) => r.recipe);
      }
    } else if (run.runner === 'task') {
      const taskfile = taskfileOf(run, files);
      if (taskfile) recipes = tasksRun(taskfileTasksOf(taskfile.text), run.tasks).flatMap((t) => t.cmds);
    } else if (run.runner === 'npm') {
      const text = files.read(at('package.json'));
      if (text !== undefined) recipes = run.tasks.flatMap((t) => npmScript(text, t));
    } else if (run.runner === 'console') {
      recipes = run.tasks.flatMap((t) => consoleScriptCommand(t, run.dir, root, files));
    } else if (run.runner === 'poe' || run.runner === 'hatch') {
      const text =
        files.read(at('pyproject.toml')) ?? (run.dir !== root ? files.read(root ? `${root}/pyproject.toml` : 'pyproject.toml') : undefined);
      if (text !== undefined && text.length < 200_000)
        recipes = run.tasks.flatMap((t) =>
          run.runner === 'poe'
            ? tomlTaskCommands(text, 'tool.poe.tasks', t)
            : tomlTaskCommands(text, `tool.hatch.envs.${run.env ?? 'default'}.scripts`, t),
        );
    } else if (run.runner === 'tox') {
      const text = files.read(at('tox.ini'));
      if (text !== undefined) recipes = run.tasks.flatMap((t) => toxCommands(text, t));
    } else {
      const text = files.read(at('noxfile.py'));
      if (text !== undefined) recipes = run.tasks.flatMap((t) => noxCommands(text, t));
    }
    for (const r of recipes) {
      out.push({ command: r, dir: run.dir });
      out.push(...taskCommands(r, run.dir, files, depth + 1));
    }
  }
  return out;
}

/** A word naming one of the task runners above: a command without one runs no task. */
export const RUNNER_WORD = /\b(?:make|gmake|npm|pnpm|yarn|bun|turbo|tox|nox|task|go-task|poetry|uv|pdm|hatch|rye|pipenv|poe)\b/;

/** Whether `hatch run <script>` names a script: the project declares hatch environments' scripts (else a program). */
function hatchScriptsTable(script: string, dir: string, files: TaskFiles | undefined): boolean {
  const text = files?.read(dir ? `${dir}/pyproject.toml` : 'pyproject.toml');
  return text !== undefined && /^\[tool\.hatch\.envs\.[\w.-]+\.scripts\]/m.test(text) && !/^python3?$/.test(script);
}

/**
 * The commands a pyproject task table gives a task: `name = "python x.py"`, `name = ["…", "…"]`,
 * `name = { cmd = "…" }` / `{ shell = "…" }` (Poe the Poet), or a `[<table>.name]` table with `cmd`.
 */
function tomlTaskCommands(text: string, header: string, name: string): string[] {
  const escapedHeader = header.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
  const escaped = name.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
  const body = (h: string): string | undefined => new RegExp(`^\\[${h}\\][ \\t]*$([\\s\\S]*?)(?=^\\[|(?![\\s\\S]))`, 'm').exec(text)?.[1];
  const strings = (v: string): string[] => [...v.matchAll(/"((?:[^"\\\n]|\\.){1,2000})"|'([^'\n]{1,2000})'/g)].map((m) => m[1] ?? m[2]!);
  const table = body(escapedHeader);
  const line = table && new RegExp(`^["']?${escaped}["']?[ \\t]*=[ \\t]*(.+)$`, 'm').exec(table)?.[1];
  if (line) {
    const inline = /^\{(.*)\}/.exec(line.trim());
    if (inline) return strings(/(?:cmd|shell|script)[ \t]*=[ \t]*(.*)/.exec(inline[1]!)?.[1] ?? '').slice(0, 1);
    return strings(line).slice(0, 20);
  }
  const own = body(`${escapedHeader}\\.${escaped}`) ?? body(`${escapedHeader}\\."${escaped}"`);
  const cmd = own && /^[ \t]*(?:cmd|shell)[ \t]*=[ \t]*(.+)$/m.exec(own)?.[1];
  return cmd ? strings(cmd).slice(0, 1) : [];
}

/** Python project managers whose `run` starts a console script the project declares. */
const PYTHON_PROJECT_RUNNERS = new Set(['poetry', 'uv', 'pdm', 'hatch', 'rye', 'pipenv']);

/**
 * The command a console script runs: `dbt-trigger = "dataops.dbt_trigger:main"` in pyproject's
 * `[project.scripts]` or `[tool.poetry.scripts]`, or setup.cfg's `console_scripts`, as
 * `python <module file>` (flat or `src/` layout), for the scripts-run reader. The project is the
 * step's folder's, else the repository root's.
 */
function consoleScriptCommand(name: string, dir: string, root: string, files: TaskFiles): string[] {
  for (const base of dir === root ? [dir] : [dir, root]) {
    const at = (f: string): string => (base ? `${base}/${f}` : f);
    const entry = consoleScriptEntry(name, files.read(at('pyproject.toml')), files.read(at('setup.cfg')));
    if (!entry) continue;
    const module = entry.replace(/\./g, '/');
    for (const candidate of [
      `${module}.py`,
      `src/${module}.py`,
      `${module}/__main__.py`,
      `src/${module}/__main__.py`,
      `${module}/__init__.py`,
      `src/${module}/__init__.py`,
    ])
      if (files.read(at(candidate)) !== undefined) return [`python ${candidate}`];
  }
  return [];
}

/** The module (dotted) a console script named `name` runs, from a pyproject.toml or setup.cfg text. */
function consoleScriptEntry(name: string, pyproject: string | undefined, setupCfg: string | undefined): string | undefined {
  const escaped = name.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
  const table = (text: string, header: string): string | undefined =>
    new RegExp(`^\\[${header.replace(/\./g, '\\.')}\\][ \\t]*$([\\s\\S]*?)(?=^\\[|(?![\\s\\S]))`, 'm').exec(text)?.[1];
  const fromToml = (section: string | undefined): string | undefined =>
    section && new RegExp(`^["']?${escaped}["']?[ \\t]*=[ \\t]*["']([A-Za-z_][\\w.]*)(?::[\\w.]+)?["']`, 'm').exec(section)?.[1];
  if (pyproject && pyproject.length < 200_000) {
    const m = fromToml(table(pyproject, 'project.scripts')) ?? fromToml(table(pyproject, 'tool.poetry.scripts'));
    if (m) return m;
  }
  if (setupCfg && setupCfg.length < 200_000) {
    const m = new RegExp(`^[ \\t]*${escaped}[ \\t]*=[ \\t]*([A-Za-z_][\\w.]*)(?::[\\w.]+)?[ \\t]*$`, 'm').exec(
      table(setupCfg, 'options.entry_points') ?? '',
    );
    if (m) return m[1];
  }
  return undefined;
}

interface MakeRule {
  prereqs: string[];
  recipe: string[];
  /** The 1-based lines of the file its recipe is written on, continuation lines included. */
  lines: number[];
}

interface MakeRules {
  rules: Map<string, MakeRule>;
  first: string | undefined;
}

/**
 * Makefiles and Taskfiles parsed, by text: a CI file runs `make` in many steps, and a repository
 * has many CI files, each naming the same recipe file. Bounded, and keyed by the text, so never stale.
 */
const MAX_PARSED_RECIPE_FILES = 64;

function parsedBy<T>(parse: (text: string) => T): (text: string) => T {
  const parsed = new Map<string, T>();
  return (text) => {
    let hit = parsed.get(text);
    if (hit === undefined) {
      if (parsed.size >= MAX_PARSED_RECIPE_FILES) parsed.clear();
      hit = parse(text);
      parsed.set(text, hit);
    }
    return hit;
  };
}

const makeRulesOf = parsedBy((text) => parseMakefile(text));

/** The Makefile a `make` run reads: `-f`'s, else the first of the names make looks for. */
function makefileOf(run: TaskRun, files: TaskFiles): { path: string; text: string } | undefined {
  for (const name of run.file ? [run.file] : ['Makefile', 'makefile', 'GNUmakefile']) {
    const path = run.dir ? `${run.dir}/${name}` : name;
    const text = files.read(path);
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

/** `targets` (the first target when none is named) and their prerequisites, in the order make runs them. */
function targetsRun({ rules, first }: MakeRules, targets: readonly string[], maxDepth: number): MakeRule[] {
  const out: MakeRule[] = [];
  const seen = new Set<string>();
  const visit = (t: string, d: number): void => {
    if (seen.has(t) || d > maxDepth) return;
    seen.add(t);
    const rule = rules.get(t);
    if (!rule) return;
    for (const p of rule.prereqs) visit(p, d + 1);
    out.push(rule);
  };
  for (const t of targets) visit(t === '' ? (first ?? '') : t, 0);
  return out;
}

function parseMakefile(text: string): MakeRules {
  const physical = text.split(/\r?\n/);
  const rules = new Map<string, MakeRule>();
  let first: string | undefined;
  let current: MakeRule[] = [];
  for (let i = 0; i < physical.length; i++) {
    const from = i + 1;
    let line = physical[i]!;
    // A backslash at the end of a line continues it on the next.
    while (line.endsWith('\\') && i + 1 < physical.length) line = `${line.slice(0, -1)} ${physical[++i]!}`;
    if (line.startsWith('\t')) {
      const cmd = line.trim().replace(/^[@+-]+/, '');
      for (const r of current) {
        r.recipe.push(cmd);
        for (let n = from; n <= i + 1; n++) r.lines.push(n);
      }
      continue;
    }
    const m = /^([A-Za-z0-9_./%-][A-Za-z0-9_./% -]*?)\s*::?(?!=)\s*([^=;#]*)/.exec(line);
    if (!m || /^\s/.test(line)) {
      if (line.trim() !== '' && !line.trim().startsWith('#')) current = [];
      continue;
    }
    current = [];
    for (const name of m[1]!.split(/\s+/)) {
      if (!name || name.startsWith('.')) continue;
      first ??= name;
      const rule = rules.get(name) ?? { prereqs: [], recipe: [], lines: [] };
      rule.prereqs.push(...m[2]!.split(/\s+/).filter((p) => p && !/[$%]/.test(p)));
      rules.set(name, rule);
      current.push(rule);
    }
  }
  return { rules, first };
}

/** One task of a Taskfile: its commands (a folded or literal block joined), the lines they are written on, the tasks it runs. */
interface TaskfileTask {
  cmds: string[];
  lines: number[];
  runs: string[];
}

/** The Taskfile a `task` run reads: `--taskfile`'s, else the first of the names go-task looks for. */
function taskfileOf(run: TaskRun, files: TaskFiles): { path: string; text: string } | undefined {
  const names = run.file ? [run.file] : ['Taskfile.yml', 'taskfile.yml', 'Taskfile.yaml', 'taskfile.yaml', 'Taskfile.dist.yml'];
  for (const name of names) {
    const path = run.dir ? `${run.dir}/${name}` : name;
    const text = files.read(path);
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

/** `tasks` and the tasks they run (`deps:`, `- task: other`), each once. */
function tasksRun(tasks: ReadonlyMap<string, TaskfileTask>, names: readonly string[]): TaskfileTask[] {
  const out: TaskfileTask[] = [];
  const seen = new Set<string>();
  const visit = (name: string, d: number): void => {
    const task = tasks.get(name);
    if (!task || seen.has(name) || d > MAX_DEPTH + 2) return;
    seen.add(name);
    out.push(task);
    for (const other of task.runs) visit(other, d + 1);
  };
  for (const n of names) visit(n, 0);
  return out;
}

const taskfileTasksOf = parsedBy((text) => parseTaskfile(text));

const indentOf = (line: string): number => line.length - line.trimStart().length;
const unquote = (s: string): string => s.replace(/^(["'])(.*)\1$/s, '$2');

/**
 * A go-task Taskfile's tasks, read by indentation (the YAML a Taskfile is written in): under
 * `tasks:`, each task's `cmds:` (plain items, `cmd:` items, `|` / `>` blocks) and the tasks it
 * runs (`deps:`, `- task: name`).
 */
function parseTaskfile(text: string): Map<string, TaskfileTask> {
  const lines = text.split(/\r?\n/);
  const tasks = new Map<string, TaskfileTask>();
  const start = lines.findIndex((l) => /^tasks:\s*(?:#.*)?$/.test(l));
  if (start < 0) return tasks;
  let taskIndent = -1;
  let current: TaskfileTask | undefined;
  let keyIndent = -1;
  let section: 'cmds' | 'deps' | undefined;
  for (let i = start + 1; i < lines.length && i < start + 20_000; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const indent = indentOf(line);
    if (indent === 0) break;
    if (taskIndent < 0) taskIndent = indent;
    if (indent === taskIndent) {
      const name = /^\s*(["']?)([^"'#\s][^"'#]*?)\1:\s*(?:#.*)?$/.exec(line)?.[2];
      current = name !== undefined ? { cmds: [], lines: [], runs: [] } : undefined;
      if (name !== undefined) tasks.set(name, current!);
      keyIndent = -1;
      section = undefined;
      continue;
    }
    if (!current || indent < taskIndent) continue;
    if (keyIndent < 0) keyIndent = indent;
    const key = indent === keyIndent ? /^\s*([\w-]+):\s*(.*)$/.exec(line) : null;
    if (key) {
      section = key[1] === 'cmds' ? 'cmds' : key[1] === 'deps' ? 'deps' : undefined;
      // `deps: [build, lint]`.
      if (section === 'deps' && key[2]!.startsWith('['))
        current.runs.push(
          ...key[2]!
            .replace(/[[\]]/g, '')
            .split(',')
            .map((d) => unquote(d.trim()))
            .filter(Boolean),
        );
      continue;
    }
    const item = /^(\s*)-\s+(.*)$/.exec(line);
    if (!section || !item) continue;
    const itemIndent = item[1]!.length;
    let value = item[2]!.trim();
    const runs = /^task:\s*(.+)$/.exec(value)?.[1];
    if (runs !== undefined || section === 'deps') {
      current.runs.push(unquote((runs ?? value).trim()));
      continue;
    }
    value = value.replace(/^cmd:\s*/, '');
    // The item's text: a block (`|`, `>-`) or a plain scalar continued on more indented lines.
    const block = /^[|>][-+]?\s*$/.test(value);
    const parts = block ? [] : [unquote(value)];
    const at = [i + 1];
    while (i + 1 < lines.length && (lines[i + 1]!.trim() === '' || indentOf(lines[i + 1]!) > itemIndent + (block ? 0 : 1))) {
      i++;
      if (lines[i]!.trim() === '') continue;
      parts.push(lines[i]!.trim());
      at.push(i + 1);
    }
    current.cmds.push(parts.join(block && value.startsWith('|') ? '\n' : ' '));
    current.lines.push(...at);
  }
  return tasks;
}

function npmScript(text: string, task: string): string[] {
  try {
    // `null` is valid JSON too: only an object is a manifest.
    const pkg = JSON.parse(text) as { scripts?: Record<string, unknown> } | null;
    const out: string[] = [];
    for (const name of [`pre${task}`, task, `post${task}`]) {
      const s = pkg?.scripts?.[name];
      if (typeof s === 'string') out.push(s);
    }
    return out;
  } catch (e) {
    rethrowUnless(e, isParseError);
    return [];
  }
}

/** `commands =` of `[testenv:NAME]` (continuation lines indented). */
function toxCommands(text: string, env: string): string[] {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  let inSection = false;
  let inCommands = false;
  for (const line of lines) {
    const section = /^\s*\[([^\]]+)\]/.exec(line);
    if (section) {
      inSection = section[1]!.trim() === `testenv:${env}`;
      inCommands = false;
      continue;
    }
    if (!inSection) continue;
    const key = /^(\w[\w-]*)\s*=\s*(.*)$/.exec(line);
    if (key) {
      inCommands = key[1] === 'commands';
      if (inCommands && key[2]!.trim()) out.push(key[2]!.trim());
    } else if (inCommands && /^\s+\S/.test(line)) out.push(line.trim());
  }
  return out;
}

/** The `session.run(...)` argument lists of `def NAME(session)` in a noxfile, as command lines. */
function noxCommands(text: string, session: string): string[] {
  const start = new RegExp(`^def[ \\t]+${session.replace(/[^\w]/g, '')}[ \\t]*\\(`, 'm').exec(text);
  if (!start) return [];
  const rest = text.slice(start.index + start[0].length);
  const end = /^\S/m.exec(rest.slice(rest.indexOf('\n') + 1));
  const body = end ? rest.slice(0, rest.indexOf('\n') + 1 + end.index) : rest;
  const out: string[] = [];
  for (const m of body.matchAll(/session\.run\(([^)]*)\)/g)) {
    out.push([...m[1]!.matchAll(/["']([^"'\n]*)["']/g)].map((s) => s[1]).join(' '));
  }
  return out;
}

/**
 * The Makefiles whose dbt Cloud calls a command line runs (`make trigger-dbt`, `make -C ops
 * deploy`): a Makefile whose every call (`callLines`: the lines its adapter found calls on) sits in
 * the recipe of a target the command runs, or of their prerequisites. One with a call in another
 * target is not: which of its calls run where is then unknown.
 */
export function makefilesRun(command: string, root: string, files: TaskFiles, callLines: (path: string) => readonly number[]): string[] {
  return makefilesOf(command, root, files)
    .filter((m) => {
      const calls = callLines(m.path);
      return calls.length > 0 && calls.every((line) => m.ran.has(line));
    })
    .map((m) => m.path);
}

/**
 * The Makefiles and Taskfiles a command line runs targets of (`make dbt-cloud-ci PR=7`, `make -C
 * ops deploy`, `task dbt:trigger`), with the lines of the recipes it runs (prerequisites and
 * dependencies included): those recipes' own commands (a `curl` reading `$(DBT_CLOUD_TOKEN)`)
 * run with the step's environment.
 */
export function makefilesOf(command: string, root: string, files: TaskFiles): Array<{ path: string; text: string; ran: Set<number> }> {
  if (!/\b(?:make|gmake|task|go-task)\b/.test(command)) return [];
  const out: Array<{ path: string; text: string; ran: Set<number> }> = [];
  for (const run of taskRuns(command, root, files)) {
    const recipeFile = run.runner === 'make' ? makefileOf(run, files) : run.runner === 'task' ? taskfileOf(run, files) : undefined;
    if (!recipeFile) continue;
    const path = posix.normalize(recipeFile.path);
    const ran = new Set(
      run.runner === 'make'
        ? targetsRun(makeRulesOf(recipeFile.text), run.tasks, MAX_DEPTH + 2).flatMap((r) => r.lines)
        : tasksRun(taskfileTasksOf(recipeFile.text), run.tasks).flatMap((t) => t.lines),
    );
    const known = out.find((m) => m.path === path);
    if (known) for (const l of ran) known.ran.add(l);
    else out.push({ path, text: recipeFile.text, ran });
  }
  return out;
}

/** Script paths that the tasks in a CI command line run, relative to the folder each runs in (and the folders Terraform runs in, as `@tfroot@/…`, with `terraformRoots`). */
export function taskScriptPaths(
  command: string,
  root: string,
  files: TaskFiles,
  terraformRoots = false,
): Array<{ path: string; dir: string }> {
  const out: Array<{ path: string; dir: string }> = [];
  for (const c of taskCommands(command, root, files))
    for (const path of scriptPathsRun(c.command, false, terraformRoots)) out.push({ path, dir: c.dir });
  return out;
}
