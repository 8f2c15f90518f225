import type { Node } from 'web-tree-sitter';
import type { ScriptPositions } from './positions.js';
import type { Assignment, VariableScope } from './variables.js';
import type { Word } from './words.js';
import { evaluateWord, evaluateWords, splitAtChar, variable } from './words.js';
import { literalText } from '../shared/values/parts.js';

/** One simple command, as the recognizers see it. */
export interface Invocation {
  /** Basename of the program after wrappers (`sudo`, `env`, `time`) are peeled off. */
  name: string;
  /** Argument words, unresolved. */
  args: Word[];
  /** Script offset of the command (where a call site is reported). */
  at: number;
  /** `NAME=value` written before the command or given to `env`: the program's own environment. */
  local: Map<string, Assignment>;
}

/** What the recognizers need to resolve words and place facts. */
export interface CommandContext {
  scope: VariableScope;
  pos: ScriptPositions;
}

/**
 * Wrappers that run the next word as the program, with the options they take a value for; a
 * Python tool runner first takes its `run` subcommand (`uv run dbt-jobs-as-code sync …`,
 * `poetry run dbtc …`), and a command without it (`pipx install …`) runs no program.
 */
const WRAPPERS = new Map<string, { withValue: ReadonlySet<string>; leadingValues?: number; subcommand?: readonly string[] }>(
  Object.entries({
    uvx: { withValue: new Set(['--from', '--with', '--with-editable', '--with-requirements', '--python', '-p', '--index-url', '--index']) },
    uv: {
      withValue: new Set([
        '--with',
        '--python',
        '-p',
        '--directory',
        '--project',
        '--env-file',
        '--from',
        '--package',
        '--group',
        '--extra',
      ]),
      subcommand: ['run', 'tool run'],
    },
    poetry: { withValue: new Set(['-C', '--directory', '-P', '--project']), subcommand: ['run'] },
    pipx: { withValue: new Set(['--spec', '--python', '--pip-args', '--index-url']), subcommand: ['run'] },
    pdm: { withValue: new Set(['-p', '--project']), subcommand: ['run'] },
    pipenv: { withValue: new Set(), subcommand: ['run'] },
    hatch: { withValue: new Set(['-e', '--env']), subcommand: ['run'] },
    sudo: { withValue: new Set(['-u', '-g', '-C', '-h', '-p', '-r', '-t', '-U', '--user', '--group']) },
    command: { withValue: new Set() },
    builtin: { withValue: new Set() },
    exec: { withValue: new Set(['-a']) },
    time: { withValue: new Set(['-f', '-o', '--format', '--output']) },
    nohup: { withValue: new Set() },
    nice: { withValue: new Set(['-n', '--adjustment']) },
    env: { withValue: new Set(['-u', '--unset', '-C', '--chdir', '-S', '--split-string']) },
    timeout: { withValue: new Set(['-k', '--kill-after', '-s', '--signal']), leadingValues: 1 },
    stdbuf: { withValue: new Set(['-i', '-o', '-e']) },
    unbuffer: { withValue: new Set() },
    // `jq -r '.data[].id' runs.json | xargs -I{} curl …/runs/{}/cancel/`: one request per input line.
    xargs: {
      withValue: new Set([
        '-I',
        '-P',
        '-n',
        '-L',
        '-d',
        '-E',
        '-s',
        '-a',
        '--max-procs',
        '--max-args',
        '--max-lines',
        '--delimiter',
        '--arg-file',
        '--eof',
        '--max-chars',
        '--process-slot-var',
      ]),
    },
  }),
);

/**
 * Tools that run the command written after `--`, often with secrets in its environment: secret
 * managers' runners (`doppler run -- …`, `op run -- …`, `infisical run -- …`, `aws-vault exec p -- …`,
 * `chamber exec s -- …`, `dotenvx run -- …`, `teller run -- …`) and tfcmt, which posts a
 * Terraform plan (`tfcmt plan -- terraform plan`).
 */
const DASH_DASH_WRAPPERS = new Set(['doppler', 'op', 'infisical', 'aws-vault', 'chamber', 'dotenvx', 'teller', 'tfcmt']);

const ASSIGNMENT_WORD = /^[A-Za-z_][A-Za-z0-9_]*$/;

function basename(p: string): string {
  // Windows names the program with its extension (`curl.exe` in a `bat` step, Git Bash, WSL).
  return p.slice(p.lastIndexOf('/') + 1).replace(/\.exe$/i, '');
}

/** `NAME=value` as an argument word (to `env`), split into name and value. */
function assignmentWord(word: Word, at: number): Assignment | undefined {
  const split = splitAtChar(word, '=');
  if (!split || !ASSIGNMENT_WORD.test(split[0])) return undefined;
  return { name: split[0], at, value: split[1] };
}

/** Which programs a caller wants invocations of: a set of names, or any program (`ANY_PROGRAM`). */
export interface ProgramFilter {
  has(name: string): boolean;
}

/** Every program, for callers that look at all commands a script runs. */
export const ANY_PROGRAM: ProgramFilter = { has: () => true };

/**
 * The command as an invocation, when its program (after wrappers) may be one of `interesting`;
 * undefined otherwise, without evaluating its arguments.
 */
export function invocationOf(command: Node, interesting: ProgramFilter): Invocation | undefined {
  const nameNode = command.childForFieldName('name');
  if (!nameNode) return undefined;
  let name = literalText(evaluateWord(nameNode));
  if (name === undefined) return undefined;
  name = basename(name);
  if (!WRAPPERS.has(name) && !DASH_DASH_WRAPPERS.has(name) && !interesting.has(name)) return undefined;
  const local = new Map<string, Assignment>();
  for (let i = 0; i < command.namedChildCount; i++) {
    const c = command.namedChild(i);
    if (c?.type !== 'variable_assignment') continue;
    const n = c.childForFieldName('name');
    const v = c.childForFieldName('value');
    if (n) local.set(n.text, { name: n.text, at: c.startIndex, value: v ? evaluateWord(v) : [] });
  }
  const args: Word[] = evaluateWords(command.childrenForFieldName('argument').filter((a): a is Node => a !== null));
  // Peel wrappers: `sudo -E curl …`, `env TOKEN=x dbt-cloud …`, `timeout 60 curl …`, `doppler run -- curl …`.
  for (let guard = 0; guard < 4 && (WRAPPERS.has(name) || DASH_DASH_WRAPPERS.has(name)); guard++) {
    if (DASH_DASH_WRAPPERS.has(name)) {
      const dashes = args.findIndex((a) => literalText(a) === '--');
      const next = dashes >= 0 ? literalText(args[dashes + 1] ?? []) : undefined;
      if (next === undefined) return undefined;
      args.splice(0, dashes + 2);
      name = basename(next);
      continue;
    }
    const w = WRAPPERS.get(name)!;
    const isEnv = name === 'env';
    let values = w.leadingValues ?? 0;
    let subcommand = w.subcommand;
    let said = '';
    let next: string | undefined;
    while (args.length > 0) {
      const a = args.shift()!;
      const lit = literalText(a);
      if (lit !== undefined && lit.startsWith('-') && lit.length > 1) {
        if (w.withValue.has(lit)) args.shift();
        continue;
      }
      if (isEnv) {
        const asg = assignmentWord(a, a[0]?.at ?? command.startIndex);
        if (asg) {
          local.set(asg.name, asg);
          continue;
        }
      }
      if (values > 0) {
        values--;
        continue;
      }
      if (subcommand !== undefined) {
        said = said ? `${said} ${lit}` : (lit ?? '');
        if (subcommand.includes(said)) subcommand = undefined;
        else if (!subcommand.some((c) => c.startsWith(`${said} `))) return undefined;
        continue;
      }
      next = lit;
      break;
    }
    if (next === undefined) return undefined;
    name = basename(next);
  }
  if (!interesting.has(name)) return undefined;
  return { name, args, at: command.startIndex, local };
}

/** A parsed command line option: its name and value word (from `--opt=value`, `-Xvalue` or the next word). */
export interface OptionSpec {
  /** Long options (`--header`) and short letters (`H`) that take a value. */
  longWithValue: ReadonlySet<string>;
  shortWithValue: ReadonlySet<string>;
}

export interface ParsedArgs {
  /** Options in order; flags have no value. Short clusters (`-sSX POST`) are split per letter. */
  options: Array<{ name: string; value?: Word }>;
  positionals: Word[];
}

/** GNU-style option parsing over shell words; a value may be in the same word or the next. */
export function parseOptions(args: Word[], spec: OptionSpec): ParsedArgs {
  const options: ParsedArgs['options'] = [];
  const positionals: Word[] = [];
  let onlyPositionals = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const first = a[0];
    const head = first?.kind === 'literal' ? first.text : '';
    if (onlyPositionals || !head.startsWith('-') || head === '-') {
      positionals.push(a);
      continue;
    }
    if (head === '--' && a.length === 1) {
      onlyPositionals = true;
      continue;
    }
    if (head.startsWith('--')) {
      const split = splitAtChar(a, '=');
      if (split && !split[0].includes(' ')) {
        options.push({ name: split[0], value: split[1] });
        continue;
      }
      const name = literalText(a) ?? head;
      if (spec.longWithValue.has(name)) options.push({ name, value: args[++i] ?? [] });
      else options.push({ name });
      continue;
    }
    // Short cluster: letters until one takes a value; the rest of the word (or the next) is it.
    for (let j = 1; j < head.length; j++) {
      const c = head[j]!;
      if (!spec.shortWithValue.has(c)) {
        options.push({ name: `-${c}` });
        continue;
      }
      const restOfWord: Word = [];
      const tail = head.slice(j + 1);
      if (tail) restOfWord.push({ kind: 'literal', text: tail, at: first!.at + j + 1 });
      restOfWord.push(...a.slice(1));
      options.push({ name: `-${c}`, value: restOfWord.length > 0 ? restOfWord : (args[++i] ?? []) });
      break;
    }
  }
  return { options, positionals };
}

/** The credential of an implicit env var a tool reads (`DBT_CLOUD_API_TOKEN`), when bound. */
export function implicitEnvWord(inv: Invocation, ctx: CommandContext, name: string): Word | undefined {
  if (!ctx.scope.binds(name, inv.local)) return undefined;
  return ctx.scope.resolve([variable(name, inv.at)], inv.at, inv.local);
}
