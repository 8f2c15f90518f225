import { CONFIG_COPIERS, copiedCloudCliConfig } from './cloud-cli-paths.js';
import { TERRAFORM_TOOLS } from './terraform-runs.js';

// Which script files a shell body runs (`bash scripts/x.sh`, `./ci/deploy.sh`, `python tools/t.py`),
// so CI adapters can mark them as part of the pipeline. Synchronous on purpose: a small quote-aware
// tokenizer, no grammar. Paths are returned relative to where the body starts (the CI checkout
// root), normalized, without `./`; CI adapters resolve them against the repository root.

const MAX_TEXT = 2 * 1024 * 1024;
const MAX_LINE = 50_000;

interface Token {
  /** The word without quotes (expansions kept as written). */
  text: string;
  /** The word as written contains an unquoted or double-quoted `$` / backtick. */
  dynamic: boolean;
  /** An operator: `;`, `&&`, `||`, `|`, `&`, `(`, `)`, `{`, `}`. */
  op?: boolean;
  /** A path relative to the script's own folder (`"$(dirname "$0")/lib/x.sh"`), wherever the script has `cd`'d. */
  fromScriptDir?: boolean;
}

/** Words of one logical line; stops at an unquoted `#` that starts a word. */
function tokenize(line: string): Token[] {
  const out: Token[] = [];
  let cur = '';
  let dynamic = false;
  let inWord = false;
  let quote: '' | "'" | '"' = '';
  const flush = (): void => {
    if (inWord) out.push({ text: cur, dynamic });
    cur = '';
    dynamic = false;
    inWord = false;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = '';
      else cur += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = '';
      else if (c === '\\' && i + 1 < line.length) cur += line[++i];
      else {
        if (c === '$' || c === '`') dynamic = true;
        cur += c;
      }
      continue;
    }
    if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === ' ' || c === '\t') flush();
    else if (c === '#' && !inWord) break;
    else if (';&|()'.includes(c) || ((c === '{' || c === '}') && !inWord && /^[\s;]?$/.test(line[i + 1] ?? ''))) {
      // `{`/`}` group commands only as words of their own; `a{b,c}` stays one word.
      flush();
      const two = line.slice(i, i + 2);
      if (two === '&&' || two === '||' || two === ';;') i++;
      out.push({ text: c, dynamic: false, op: true });
    } else {
      if (c === '$' || c === '`') dynamic = true;
      if (c === '$' && (line[i + 1] === '(' || line[i + 1] === '{')) {
        // Keep `$(…)` / `${…}` inside the word up to the matching close.
        const close = line[i + 1] === '(' ? ')' : '}';
        let depth = 0;
        let j = i + 1;
        for (; j < line.length; j++) {
          if (line[j] === line[i + 1]) depth++;
          else if (line[j] === close && --depth === 0) break;
        }
        cur += line.slice(i, j + 1);
        inWord = true;
        i = j;
        continue;
      }
      cur += c;
      inWord = true;
    }
  }
  flush();
  return out;
}

/** Shell keywords after which a new command starts. */
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', 'fi', 'done']);

/**
 * The script's own folder, as scripts write it, after the tokenizer dropped the quotes:
 * `$(dirname "$0")`, `$(dirname "${BASH_SOURCE[0]}")`, `${0%/*}`, `${BASH_SOURCE%/*}`.
 */
const SCRIPT_DIR_WORD = /^(?:\$\(dirname \$\{?(?:0|BASH_SOURCE(?:\[0\])?)\}?\)|\$\{(?:0|BASH_SOURCE(?:\[0\])?)%\/\*\})\//;
/** `HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"`, `DIR=$(dirname "$(readlink -f "$0")")/..` (group 1: the name, 2: the value). */
const SCRIPT_DIR_ASSIGNMENT = /^[ \t]*(?:(?:export|readonly|local|declare(?:[ \t]+-\w+)*)[ \t]+)?([A-Za-z_]\w*)=(.{1,300})$/;
const SCRIPT_DIR_VALUE =
  /dirname[ \t]+(?:"?\$\((?:readlink|realpath)[^)]*)?["']?\$\{?(?:0|BASH_SOURCE)\b|\$\{(?:0|BASH_SOURCE(?:\[0\])?)%\/\*\}/;

/** Variables a script sets to its own folder, each with the path from that folder it names (`..` for `…/..`). */
function scriptDirVariables(script: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!script.includes('dirname') && !script.includes('%/*}')) return out;
  for (const line of script.split('\n')) {
    const m = SCRIPT_DIR_ASSIGNMENT.exec(line.replace(/\r$/, ''));
    if (!m || !SCRIPT_DIR_VALUE.test(m[2]!)) continue;
    const ups = m[2]!.match(/\/\.\.(?=[/"')\s]|$)/g)?.length ?? 0;
    out.set(m[1]!, Array.from({ length: ups }, () => '..').join('/'));
  }
  return out;
}

/** A word naming a path from the script's own folder, made relative to that folder; other words as they are. */
function fromScriptDir(w: Token, dirVars: ReadonlyMap<string, string>): Token {
  if (!w.dynamic || w.op) return w;
  let rest: string | undefined;
  const direct = SCRIPT_DIR_WORD.exec(w.text);
  if (direct) rest = w.text.slice(direct[0].length);
  else {
    const v = /^\$\{?([A-Za-z_]\w*)\}?\//.exec(w.text);
    const up = v ? dirVars.get(v[1]!) : undefined;
    if (up !== undefined) rest = (up ? `${up}/` : '') + w.text.slice(v![0].length);
  }
  if (rest === undefined) return w;
  // Written with its `./`, a path run as a command (`"$DIR/cleanup.sh"`) is still a path, not a program's name.
  return { text: rest.startsWith('../') ? rest : `./${rest}`, dynamic: /[$`]/.test(rest), fromScriptDir: true };
}

/** Prefixes that mean "the checkout root" in CI runners: `$GITHUB_WORKSPACE/scripts/x.sh`. */
const ROOT_PREFIX =
  /^(?:\$\{?(?:GITHUB_WORKSPACE|CI_PROJECT_DIR|BITBUCKET_CLONE_DIR|CIRCLE_WORKING_DIRECTORY|WORKSPACE|BUILD_SOURCESDIRECTORY|SYSTEM_DEFAULTWORKINGDIRECTORY|PWD)\}?|\$\{\{\s*github\.workspace\s*\}\}|\$\((?:pwd|Build\.SourcesDirectory|System\.DefaultWorkingDirectory)\)|~\+)\//;

/** A relative path as written, with CI root prefixes removed; undefined when not a static path. */
function staticPath(t: Token, absolute = false): string | undefined {
  let p = t.text;
  if (t.dynamic) {
    const m = ROOT_PREFIX.exec(p);
    if (!m) return undefined;
    p = p.slice(m[0].length);
    if (/[$`]/.test(p)) return undefined;
  }
  if (!p || (p.startsWith('/') && !(absolute && !t.dynamic)) || p.startsWith('~') || p.startsWith('-') || /[*?[\]]/.test(p))
    return undefined;
  return p;
}

function normalize(dir: string | undefined, p: string): string {
  const parts = (dir ? `${dir}/${p}` : p).split('/');
  const out: string[] = [];
  for (const s of parts) {
    if (s === '' || s === '.') continue;
    if (s === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(s);
  }
  return out.join('/');
}

const SHELLS = new Set(['bash', 'sh', 'zsh', 'ksh', 'dash', 'source', '.']);
const PYTHON = /^(?:python(?:[23](?:\.\d+)?)?|pypy3?)$/;
/** Interpreters of the line-read languages, each with the files it runs: `ruby scripts/x.rb`, `java Trigger.java` (a single-file program). */
const LINE_READ_RUNNERS: ReadonlyMap<string, RegExp> = new Map([
  ['ruby', /\.rb$/],
  ['php', /\.php$/],
  ['perl', /\.pl$/],
  ['Rscript', /\.[Rr]$/],
  ['java', /\.java$/],
  ['kotlinc', /\.kts$/],
]);
const POWERSHELL = /^(?:pwsh|powershell)(?:\.exe)?$/i;
const JS_RUNNERS = new Set(['node', 'ts-node', 'tsx', 'bun', 'deno', 'esno', 'vite-node', 'zx']);
/** Package managers that run a package's program: `npx -y tsx`, `npm exec -- tsx`, `pnpm exec tsx`, `pnpm dlx tsx`, `yarn tsx`, `bunx tsx`. */
const PACKAGE_RUNNERS = /^(?:npx|bunx|pnpx|npm|pnpm|yarn|bun)$/;
/** Of those, the ones that take the program without a verb (`pnpm tsx x.ts`); npm and bun need `exec` / `x`. */
const VERBLESS_PACKAGE_RUNNERS = /^(?:npx|bunx|pnpx|pnpm|yarn)$/;
const PACKAGE_RUN_VERBS: ReadonlySet<string> = new Set(['exec', 'dlx', 'x']);
const JS_FILE = /\.(?:[cm]?js|[cm]?ts|jsx|tsx)$/;
/** Runners that take a command after them: `poetry run python x.py`, `sudo ./x.sh`. */
const PREFIX_RUNNERS = new Map(
  Object.entries({ sudo: 0, exec: 0, time: 0, nohup: 0, command: 0, env: 0, timeout: 1, nice: 0, xvfb_run: 0 }),
);
const TWO_WORD_RUNNERS = /^(?:poetry|pipenv|pdm|hatch|uv|rye|conda|npx|pnpm|yarn)$/;
/**
 * Tools that set the environment and run the command after them, with the options each takes a
 * value for: `cross-env DBT_CLOUD_HOST=emea.dbt.com tsx x.ts`, `dotenv -e .env.production -- node
 * x.mjs` (dotenv-cli), `env-cmd -f .env.prod node x.js`, `dotenvx run -f .env -- node x.js`.
 */
const ENV_LOADERS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['cross_env', new Set<string>()],
  ['cross_env_shell', new Set<string>()],
  ['dotenv', new Set(['-e', '-c', '-v', '-p'])],
  ['env_cmd', new Set(['-f', '--file', '-e', '--environments', '-r', '--rc-file'])],
  ['dotenvx', new Set(['-f', '--env-file', '-e', '--env', '--convention'])],
]);
/** Interpreter options that take a value, so the script path is not mistaken for it. */
const OPTION_WITH_VALUE = new Set([
  '-o',
  '+o',
  '-O',
  '+O',
  '-W',
  '-X',
  '-r',
  '--require',
  '--import',
  '--loader',
  '--env-file',
  '--config',
]);

/**
 * Marks a Python module run with `python -m pkg.mod` (`@pymodule@/pkg/mod`, after any `cd`):
 * the CI adapters resolve it to `pkg/mod.py` or `pkg/mod/__main__.py`, and drop it when the
 * repository has neither (`python -m pip`).
 */
export const PY_MODULE_MARK = '@pymodule@';

/**
 * Marks the folder a `terraform plan|apply` (OpenTofu's `tofu`, Terragrunt) works in
 * (`@tfroot@/infra`, after any `cd` and `-chdir=`): the provider there reads the step's
 * environment. Only with `terraformRoots`: callers asking for files get files.
 */
export const TERRAFORM_ROOT_MARK = '@tfroot@';

/**
 * Marks the Django management command a `python manage.py <command>` runs (`@djangocmd@/sync_jobs`):
 * an app's `management/commands/sync_jobs.py`, which the linker finds by that name.
 */
export const DJANGO_COMMAND_MARK = '@djangocmd@';

const TERRAFORM_TOOL_NAMES: ReadonlySet<string> = new Set(TERRAFORM_TOOLS);
const COPIERS: ReadonlySet<string> = new Set(CONFIG_COPIERS);
/** Subcommands that configure the provider and so read its token. */
const TERRAFORM_RUNS = new Set(['plan', 'apply', 'destroy', 'import', 'refresh']);

interface ScriptRun {
  token: Token;
  /** `python -m`: the token is a dotted module name, not a path. */
  module?: boolean;
  /** A Terraform root module's folder, not a file. */
  folder?: boolean;
  /** Of a Terraform run: the variables its command line sets (`-var="dbt_token=$TOKEN"`), by name. */
  vars?: Array<[name: string, value: Token]>;
}

/** The folder a Terraform command configures its provider in (`-chdir=x`, else where it runs), or undefined. */
function terraformRootOf(words: Token[], i: number): ScriptRun | undefined {
  let chdir: Token | undefined;
  let runs = false;
  const vars: Array<[string, Token]> = [];
  for (let j = i + 1; j < words.length; j++) {
    const w = words[j]!;
    const dir = TERRAGRUNT_WORKING_DIR.exec(w.text);
    const setting = /^--?var(?:=(.*))?$/s.exec(w.text);
    if (setting) {
      // `-var="dbt_token=$TOKEN"` or `-var dbt_token=$TOKEN`: what `var.dbt_token` holds in this run.
      const assignment = setting[1] !== undefined ? { text: setting[1], dynamic: w.dynamic } : words[++j];
      const m = assignment && /^([A-Za-z_][\w-]*)=(.*)$/s.exec(assignment.text);
      if (m) vars.push([m[1]!, { text: m[2]!, dynamic: assignment.dynamic }]);
    } else if (w.text.startsWith('-chdir=')) chdir = { text: w.text.slice('-chdir='.length), dynamic: w.dynamic };
    else if (dir) {
      // Terragrunt takes its folder anywhere on the line, after the command too.
      const value = dir[1] !== undefined ? { text: dir[1], dynamic: w.dynamic } : words[++j];
      if (value) chdir = value;
    } else if (runs || w.text.startsWith('-') || TERRAGRUNT_RUN_ALL.has(w.text)) continue;
    else if (TERRAFORM_RUNS.has(w.text)) runs = true;
    else return undefined;
  }
  return runs ? { token: chdir ?? { text: '.', dynamic: false }, folder: true, ...(vars.length ? { vars } : {}) } : undefined;
}

/** Terragrunt's commands running a Terraform command in every unit below the folder: `run-all apply`, `run --all apply`. */
const TERRAGRUNT_RUN_ALL: ReadonlySet<string> = new Set(['run-all', 'run']);
/** Terragrunt's folder to run in: `--terragrunt-working-dir infra/prod`, `--working-dir=infra/prod` (group 1: a value after `=`). */
const TERRAGRUNT_WORKING_DIR = /^--(?:terragrunt-)?working-dir(?:=(.+))?$/;

/** A command's program name: its path's last segment, without a package version (`tsx@4`). */
const programName = (text: string): string => text.slice(text.lastIndexOf('/') + 1).replace(/^([\w.-]+)@[\w.^~-]*$/, '$1');

/** Where a package manager's run of a JavaScript runner names that runner (`npx -y tsx@4 x.ts`), or undefined. */
function packageProgram(words: readonly Token[], i: number): number | undefined {
  let j = i + 1;
  if (PACKAGE_RUN_VERBS.has(words[j]?.text ?? '')) j++;
  else if (!VERBLESS_PACKAGE_RUNNERS.test(words[i]!.text)) return undefined;
  for (; j < words.length; j++) {
    const t = words[j]!.text;
    if (t === '--') {
      j++;
      break;
    }
    // `npx -p tsx tsx x.ts`: the package option takes a value.
    if (t === '-p' || t === '--package') j++;
    else if (!t.startsWith('-')) break;
  }
  const program = words[j];
  return program && !program.dynamic && JS_RUNNERS.has(programName(program.text)) ? j : undefined;
}

/** The script a simple command runs, as written, or undefined. */
function scriptOf(words: Token[], terraformRoots: boolean): ScriptRun | undefined {
  let i = 0;
  let viaRunner = false;
  // Skip `VAR=value` prefixes and wrappers.
  for (let guard = 0; guard < 8 && i < words.length; guard++) {
    const w = words[i]!;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w.text)) {
      i++;
      continue;
    }
    const name = w.text.slice(w.text.lastIndexOf('/') + 1).replace(/-/g, '_');
    if (PREFIX_RUNNERS.has(name) && !w.dynamic) {
      i++;
      while (i < words.length && words[i]!.text.startsWith('-')) i++;
      i += PREFIX_RUNNERS.get(name)!;
      continue;
    }
    const loaderOptions = w.dynamic ? undefined : ENV_LOADERS.get(name);
    if (loaderOptions) {
      i++;
      if (name === 'dotenvx' && words[i]?.text === 'run') i++;
      for (; i < words.length; i++) {
        const t = words[i]!.text;
        if (t === '--') {
          i++;
          break;
        }
        if (loaderOptions.has(t)) i++;
        else if (!t.startsWith('-') && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) break;
      }
      continue;
    }
    const program = PACKAGE_RUNNERS.test(w.text) ? packageProgram(words, i) : undefined;
    if (program !== undefined) {
      i = program;
      break;
    }
    // `bundle exec ruby x.rb`: Bundler runs the command after it.
    if (w.text === 'bundle' && words[i + 1]?.text === 'exec') {
      i += 2;
      continue;
    }
    if (TWO_WORD_RUNNERS.test(w.text) && words[i + 1]?.text === 'run') {
      i += 2;
      viaRunner = true;
      continue;
    }
    if ((w.text === 'npx' || w.text === 'uvx') && words[i + 1]) {
      i++;
      continue;
    }
    break;
  }
  const cmd = words[i];
  if (!cmd || cmd.dynamic) return undefined;
  const name = programName(cmd.text);
  if (TERRAFORM_TOOL_NAMES.has(name)) return terraformRoots ? terraformRootOf(words, i) : undefined;
  // PowerShell given a script: `pwsh -NoProfile -File scripts/run.ps1`, `powershell.exe -ExecutionPolicy Bypass .\run.ps1`.
  if (POWERSHELL.test(name)) {
    for (let j = i + 1; j < words.length; j++) {
      const a = words[j]!;
      if (/^-(?:File|f)$/i.test(a.text)) return words[j + 1] && !words[j + 1]!.dynamic ? { token: words[j + 1]! } : undefined;
      if (/^-(?:Command|c|EncodedCommand|e)$/i.test(a.text)) return undefined;
      if (/^-(?:ExecutionPolicy|ex|ep|WorkingDirectory|wd|Version|v|OutputFormat|InputFormat|ConfigurationName)$/i.test(a.text)) j++;
      else if (!a.text.startsWith('-')) return !a.dynamic && /\.ps1$/i.test(a.text) ? { token: a } : undefined;
    }
    return undefined;
  }
  // `go run ./cmd/trigger` (a package folder: its `main.go`) or `go run main.go`.
  if (name === 'go' && words[i + 1]?.text === 'run') {
    const target = words.slice(i + 2).find((w) => !w.text.startsWith('-'));
    if (!target || target.dynamic || /[\s@]/.test(target.text)) return undefined;
    return { token: /\.go$/.test(target.text) ? target : { text: `${target.text.replace(/\/+$/, '')}/main.go`, dynamic: false } };
  }
  const lineRead = LINE_READ_RUNNERS.get(name);
  if (lineRead) {
    const script = words.slice(i + 1).find((w) => !w.text.startsWith('-'));
    return script && !script.dynamic && lineRead.test(script.text) ? { token: script } : undefined;
  }
  const isPython = PYTHON.test(name);
  const isJs = JS_RUNNERS.has(name);
  const isShell = SHELLS.has(cmd.text) || SHELLS.has(name);
  if (isShell || isPython || isJs) {
    for (let j = i + 1; j < words.length; j++) {
      const a = words[j]!;
      if (isPython && a.text === '-m') {
        const mod = words[j + 1];
        return mod && !mod.dynamic && /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(mod.text)
          ? { token: mod, module: true }
          : undefined;
      }
      // `python -c "from ops.dbt_cloud import trigger; trigger(42)"`: the module it imports runs, as `-m` would run it.
      if (isPython && a.text === '-c') {
        const mod = words[j + 1] && importedModule(words[j + 1]!.text);
        return mod ? { token: { text: mod, dynamic: false }, module: true } : undefined;
      }
      if (a.text === '-c' || a.text === '-m' || a.text === '-e' || a.text === '--eval' || a.text === '-') return undefined;
      if (a.text.startsWith('-') || a.text.startsWith('+')) {
        // `bash -euo pipefail x.sh`: a shell option cluster ending in `o` takes the next word.
        if (OPTION_WITH_VALUE.has(a.text) || (isShell && /^[-+][A-Za-z]*[oO]$/.test(a.text))) j++;
        continue;
      }
      if (name === 'deno' && (a.text === 'run' || a.text === 'task')) {
        if (a.text === 'task') return undefined;
        continue;
      }
      if (name === 'bun' && a.text === 'run') continue;
      if (isPython && !/\.pyw?$/.test(a.text)) return undefined;
      if (isJs && !JS_FILE.test(a.text)) return undefined;
      return { token: a };
    }
    return undefined;
  }
  // The repository's dbt Cloud CLI config put where the CLI reads it (`cp dbt_cloud.yml ~/.dbt/`):
  // the pipeline runs the Cloud CLI with that file's token.
  if (COPIERS.has(name)) {
    const copied = copiedCloudCliConfig(words.slice(i + 1).map((w) => w.text));
    const source = copied && words.slice(i + 1).find((w) => w.text === copied);
    return source && !source.dynamic ? { token: source } : undefined;
  }
  // A notebook executed in place: `papermill in.ipynb out.ipynb`, `jupyter nbconvert --execute x.ipynb`, `jupyter execute x.ipynb`.
  if (name === 'papermill' || name === 'jupyter') {
    const rest = words.slice(i + 1);
    if (name === 'jupyter' && !rest.some((w) => w.text === 'execute' || w.text === '--execute')) return undefined;
    const notebook = rest.find((w) => !w.dynamic && /\.ipynb$/i.test(w.text));
    return notebook ? { token: notebook } : undefined;
  }
  // Direct execution of a relative path: `./ci/deploy.sh`, `scripts/trigger.sh`; a runner
  // also runs a bare script name: `uv run report.py`.
  if (cmd.text.includes('/') && !/(^|\/)(node_modules|\.venv|venv)\//.test(cmd.text)) return { token: cmd };
  if (viaRunner && /\.pyw?$/.test(cmd.text)) return { token: cmd };
  return undefined;
}

/**
 * Relative paths of the scripts a shell body runs, in order of first appearance. With `absolute`,
 * scripts named by an absolute path (`python /opt/airflow/scripts/x.py` in a container's command)
 * too, as written: the caller decides what in the repository they are. With `terraformRoots`,
 * the folders Terraform runs in too, marked (TERRAFORM_ROOT_MARK).
 */
export function scriptPathsRun(script: string, absolute = false, terraformRoots = false): string[] {
  return walkRuns(script, absolute, terraformRoots);
}

/**
 * What each run of a shell body is given on its command line, by the run as `scriptPathsRun`
 * names it (with `terraformRoots`), under the name the run reads it by: a Terraform run's
 * `-var="dbt_token=$TOKEN"` as `TF_VAR_dbt_token` (what `var.dbt_token` holds, as the environment
 * would give it), a script's `--api-token "$TOKEN"` as `argv.api_token` (what argparse's
 * `args.api_token` holds). Values are the words as written (`$TOKEN`).
 */
export function commandLineValues(script: string): Array<{ run: string; values: Array<[name: string, value: string]> }> {
  const out: Array<{ run: string; values: Array<[string, string]> }> = [];
  walkRuns(script, false, true, (run, values) => out.push({ run, values: values.map(([n, t]) => [n, t.text]) }));
  return out;
}

/**
 * A script's `--name value` and `--name=value` arguments after it, as `argv.name` (dashes as
 * underscores), a one-letter option's `-t value` as `argv.t` (what a getopts loop's `$OPTARG`
 * holds), and the words in order as `argv.1` … `argv.9` (`$1` … `$9`, `sys.argv[1]`).
 */
function optionValues(words: readonly Token[], from: number): Array<[string, Token]> {
  const out: Array<[string, Token]> = [];
  for (let j = from; j < Math.min(words.length, from + 9); j++) {
    if (/^[;&|<>]/.test(words[j]!.text)) break;
    out.push([`argv.${j - from + 1}`, words[j]!]);
  }
  for (let j = from; j < words.length && out.length < 60; j++) {
    const short = /^-([A-Za-z])$/.exec(words[j]!.text);
    const next = words[j + 1];
    if (short && next && !next.text.startsWith('-')) {
      out.push([`argv.${short[1]}`, next]);
      j++;
      continue;
    }
    const m = /^--([A-Za-z][\w-]*)(?:=(.*))?$/s.exec(words[j]!.text);
    if (!m) continue;
    const value = m[2] !== undefined ? { text: m[2], dynamic: words[j]!.dynamic } : words[j + 1];
    if (!value || value.text.startsWith('-')) continue;
    if (m[2] === undefined) j++;
    out.push([`argv.${m[1]!.replace(/-/g, '_')}`, value]);
  }
  return out;
}

/** The module a `python -c` program imports first from a package (`from ops.dbt_cloud import trigger`, `import ops.dbt_cloud`). */
function importedModule(code: string): string | undefined {
  const m =
    /(?:^|[;\n]\s*)(?:from\s+([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|[A-Za-z_]\w*)\s+import\b|import\s+([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+))/.exec(
      code.slice(0, 2000),
    );
  return m?.[1] ?? m?.[2];
}

/** `DBT_API_TOKEN="$DBT_CLOUD_PAT" bin/wait 42`: the variables written before the run, which its environment holds. */
function prefixAssignments(words: readonly Token[], runAt: number): Array<[string, Token]> {
  const out: Array<[string, Token]> = [];
  for (const w of words.slice(0, Math.max(runAt, 0))) {
    const m = /^([A-Za-z_][A-Za-z0-9_]{0,127})=(.+)$/s.exec(w.text);
    if (m) out.push([m[1]!, { text: m[2]!, dynamic: w.dynamic }]);
  }
  return out;
}

/**
 * The commands inside a line's command substitutions (`NEW_PAT=$(python ops/rotate_pat.py)`,
 * `` `node x.mjs` ``), which run as the line does; not arithmetic (`$((…))`).
 */
function commandSubstitutions(line: string): string[] {
  if (!line.includes('$(') && !line.includes('`')) return [];
  const out: string[] = [];
  for (let i = 0; i < line.length && out.length < 20; i++) {
    if (line[i] === '`') {
      const end = line.indexOf('`', i + 1);
      if (end < 0) break;
      out.push(line.slice(i + 1, end));
      i = end;
    } else if (line.startsWith('$(', i) && line[i + 2] !== '(') {
      let depth = 0;
      let quote = '';
      let j = i + 1;
      for (; j < line.length; j++) {
        const c = line[j]!;
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === "'" || c === '"') quote = c;
        else if (c === '(') depth++;
        else if (c === ')' && --depth === 0) break;
      }
      if (j >= line.length) break;
      const inner = line.slice(i + 2, j);
      out.push(inner, ...commandSubstitutions(inner));
      i = j;
    }
  }
  return out;
}

/** `for root in us emea; do`: the literal words each loop variable of the script takes (a few loops, a few words). */
function loopValues(script: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of script.matchAll(/\bfor[ \t]+([A-Za-z_]\w{0,40})[ \t]+in[ \t]+([^;\n]{1,400}?)[ \t]*(?:;|\n)[ \t\n]*do\b/g)) {
    const words = m[2]!
      .trim()
      .split(/[ \t]+/)
      .map((w) => w.replace(/^(["'])(.*)\1$/, '$2'));
    if (words.length > 20 || !words.every((w) => /^[\w./-]{1,200}$/.test(w))) continue;
    if (!out.has(m[1]!)) out.set(m[1]!, words);
    if (out.size >= 10) break;
  }
  return out;
}

/** A word that reads one loop variable (`accounts/$root`, `envs/${env}`): the word for each value it takes; else the word. */
function loopExpanded(t: Token, loops: ReadonlyMap<string, readonly string[]>): Token[] {
  if (!t.dynamic || loops.size === 0) return [t];
  const refs = [...t.text.matchAll(/\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/g)];
  const name = refs.length === 1 ? (refs[0]![1] ?? refs[0]![2])! : undefined;
  const values = name !== undefined ? loops.get(name) : undefined;
  if (!values || /[`]|\$\(/.test(t.text)) return [t];
  return values.map((v) => ({ text: t.text.replace(refs[0]![0], v), dynamic: false }));
}

function walkRuns(
  script: string,
  absolute: boolean,
  terraformRoots: boolean,
  onValues?: (run: string, values: ReadonlyArray<[string, Token]>) => void,
): string[] {
  if (script.length > MAX_TEXT) return [];
  const found: string[] = [];
  const seen = new Set<string>();
  // `cd dir` changes where later relative paths point; undefined once it is not statically known.
  let cwd: string | undefined = '';
  /** After a `cd` to a folder a loop variable names: each folder the loop visits (Terraform roots only). */
  let loopCwds: string[] | undefined;
  const dirStack: Array<string | undefined> = [];
  const add = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    found.push(path);
  };
  const logical = script.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  const dirVars = scriptDirVariables(script);
  const loops = loopValues(script);
  const lines = logical.flatMap((line) => (line.length > MAX_LINE ? [] : [line, ...commandSubstitutions(line)]));
  for (const line of lines) {
    if (line.length > MAX_LINE) continue;
    const tokens = tokenize(line);
    let command: Token[] = [];
    const finish = (): void => {
      const words = command.map((w) => fromScriptDir(w, dirVars));
      command = [];
      if (words.length === 0) return;
      const head = words[0]!.text;
      if (head === 'cd' || head === 'pushd') {
        const target = words[1];
        if (head === 'pushd') dirStack.push(cwd);
        loopCwds = undefined;
        const each = target ? loopExpanded(target, loops) : [];
        if (!target) cwd = '';
        else if (target.dynamic && ROOT_PREFIX.test(`${target.text}/`)) cwd = '';
        else if (each.length > 1 && cwd !== undefined) {
          // `cd "accounts/$root"` in a loop over roots: each folder in turn.
          const base = cwd;
          const dirs = each.map((t) => staticPath(t)).filter((d): d is string => d !== undefined);
          loopCwds = dirs.map((d) => normalize(base, d));
          cwd = undefined;
        } else {
          const p = staticPath(target);
          cwd = p !== undefined && cwd !== undefined ? normalize(cwd, p) : undefined;
        }
        return;
      }
      if (head === 'popd') {
        cwd = dirStack.length > 0 ? dirStack.pop() : undefined;
        loopCwds = undefined;
        return;
      }
      const run = scriptOf(words, terraformRoots);
      if (run?.folder) {
        // `for root in us emea; do terraform -chdir=accounts/$root apply; done`: each folder the loop names.
        for (const token of loopExpanded(run.token, loops)) {
          const dir = token.text === '.' ? '' : staticPath(token);
          for (const base of loopCwds ?? [cwd]) {
            const folder = dir !== undefined && base !== undefined ? normalize(base, dir) : undefined;
            if (folder !== undefined) add(`${TERRAFORM_ROOT_MARK}/${folder}`);
            if (folder !== undefined && run.vars && onValues)
              onValues(
                `${TERRAFORM_ROOT_MARK}/${folder}`,
                run.vars.map(([n, v]) => [`TF_VAR_${n}`, v]),
              );
          }
        }
        return;
      }
      const p = run && (run.module ? run.token.text.split('.').join('/') : staticPath(run.token, absolute));
      if (p === undefined) return;
      // A module run after a `cd` to a folder not known here (`cd /opt/airflow && python -m scripts.x`)
      // is looked up as a run from the top, as a script's relative path is.
      const path = run?.module
        ? `${PY_MODULE_MARK}/${normalize(cwd ?? '', p)}`
        : p.startsWith('/')
          ? `/${normalize('', p)}`
          : normalize(run?.token.fromScriptDir ? '' : cwd, p);
      if (path) add(path);
      const subcommand = path?.endsWith('manage.py') && run ? words[words.indexOf(run.token) + 1] : undefined;
      if (subcommand && !subcommand.dynamic && /^[a-z_][a-z0-9_]{0,80}$/.test(subcommand.text))
        add(`${DJANGO_COMMAND_MARK}/${subcommand.text}`);
      if (path && onValues && run) {
        const at = words.indexOf(run.token);
        const values = [...prefixAssignments(words, at), ...optionValues(words, at + 1)];
        if (values.length > 0) onValues(path, values);
      }
    };
    for (const t of tokens) {
      if (t.op || (command.length === 0 && KEYWORDS.has(t.text))) finish();
      else command.push(t);
    }
    finish();
  }
  return found;
}
