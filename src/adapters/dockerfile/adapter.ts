import { isBudgetExceeded, isParseError } from '../../errors.js';
import type { LanguageAdapter } from '../adapter.js';
import { caughtExpected, pastDeadline } from '../extraction-limits.js';
import { emptyFacts, type FileFacts, type RawCredential, type Span } from '../../model/raw-facts.js';
import type { ScriptOrigin } from '../shell/script.js';
import { literalBinding, substitutedBinding, type EnvBinding } from '../shared/values/binding.js';
import { mergeFacts } from '../shared/embedded-shell/shell-facts.js';
import { looksLikeCredentialName } from '../../credentials/names.js';
import { mentionsDatabricks } from '../../credentials/token-shapes.js';
import { addEnvEntryFacts, endpointOfEntries, type EnvContext, type EnvEntry } from '../shared/env-entries/dbt-env.js';
import { planArgv } from '../shared/embedded-shell/container-command.js';
import { shellFactsAt } from '../shared/embedded-shell/embedded-shell.js';
import { escapeCharOf, logicalText, parseDockerfile, splitWords, type Instruction, type LogicalText } from './dockerfile-instructions.js';

// Dockerfile / Containerfile: ENV and ARG values (a dbt token baked into an image, or passed
// in as a build argument), and the shell of RUN, CMD and ENTRYPOINT. No role is set: a
// Dockerfile marks its folder as a deployed service, which the core works out from paths.

const REFERENCE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]{0,127})(?::?([-+?])([^}]{0,500}))?\}|([A-Za-z_][A-Za-z0-9_]{0,127}))/g;
const PURE_REFERENCE = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]{0,127})(?::?-[^}]{0,500})?\}|([A-Za-z_][A-Za-z0-9_]{0,127}))$/;
const MAX_EXEC_FORM = 100_000;

type Env = Map<string, EnvBinding>;

/** Build arguments without a default: their value comes from `--build-arg` at build time. */
type BuildArgs = Set<string>;

/** What ENV `X=<value>` binds X to, after Docker's own `$VAR` substitution. */
function bindingOf(rawValue: string, value: string, span: Span, env: Env, args: BuildArgs): EnvBinding | undefined {
  if (rawValue.startsWith("'")) return literalBinding(value, span);
  const pure = PURE_REFERENCE.exec(value);
  if (pure) {
    const name = (pure[1] ?? pure[2])!;
    const bound = env.get(name);
    if (bound) return bound;
    if (args.has(name) || looksLikeCredentialName(name)) return { credential: { source: 'env', name, span } };
    return undefined;
  }
  if (!value.includes('$')) return literalBinding(value, span);
  return substitutedBinding(value, span, REFERENCE, (m) => {
    const [, braced, op, word, bare] = m;
    const name = (braced ?? bare)!;
    const bound = env.get(name);
    if (bound && 'value' in bound) return { name, binding: op === '+' ? literalBinding(word ?? '') : bound };
    if (bound) return { name, binding: bound };
    return op === '-' && word !== undefined ? { name, binding: literalBinding(word) } : { name };
  });
}

/** The span of a value that starts at logical offset `start`, past an opening quote. */
function valueSpan(lt: LogicalText, start: number, raw: string): Span {
  return lt.spanAt(start + (raw.startsWith('"') || raw.startsWith("'") ? 1 : 0));
}

interface Stage {
  env: Env;
  args: BuildArgs;
  entries: EnvEntry[];
  /** False after a `SHELL ["powershell", ...]` / `["cmd", ...]`: RUN is not a POSIX shell then. */
  posixShell: boolean;
}

const newStage = (from?: Stage): Stage => ({
  env: new Map(from?.env ?? []),
  args: new Set(from?.args ?? []),
  entries: [],
  posixShell: from?.posixShell ?? true,
});

/** ENV / ARG words; ARG without a value is a build argument. */
function readAssignments(ins: Instruction, escape: string, stage: Stage, globalArgs: Env | undefined): void {
  const lt = logicalText(ins, escape);
  const words = splitWords(lt.text, escape);
  if (ins.keyword === 'ENV' && words.length >= 1 && words[0]!.key === undefined) {
    // Legacy `ENV KEY value with spaces`: the rest of the line is the value.
    const key = words[0]!.text;
    const second = words[1];
    if (!second) return;
    const rawValue = lt.text.slice(second.start).trim();
    const value = words
      .slice(1)
      .map((w) => w.text)
      .join(' ');
    const span = valueSpan(lt, second.start, rawValue);
    const binding = bindingOf(rawValue, value, span, stage.env, stage.args);
    record(stage, key, lt.spanAt(words[0]!.start), binding, value, span);
    return;
  }
  for (const w of words) {
    if (w.key === undefined) {
      if (ins.keyword !== 'ARG' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(w.text)) continue;
      const global = globalArgs?.get(w.text);
      if (global) stage.env.set(w.text, global);
      else stage.args.add(w.text);
      continue;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(w.key)) continue;
    const span = valueSpan(lt, w.valueStart!, w.rawValue ?? '');
    const binding = bindingOf(w.rawValue ?? '', w.value ?? '', span, stage.env, stage.args);
    if (globalArgs) {
      if (binding) globalArgs.set(w.key, binding);
      continue;
    }
    record(stage, w.key, lt.spanAt(w.start), binding, w.value, span);
  }
}

function record(stage: Stage, key: string, span: Span, binding: EnvBinding | undefined, raw?: string, rawSpan?: Span): void {
  if (binding) {
    stage.env.set(key, binding);
    stage.entries.push({ name: key, span, binding, ...(raw !== undefined && rawSpan ? { raw, rawSpan } : {}) });
  } else stage.env.delete(key);
}

/** A RUN's BuildKit secret mounts given to it as variables (`--mount=type=secret,id=X,env=NAME`): each is secret X. */
function secretMounts(ins: Instruction): Map<string, RawCredential> {
  const out = new Map<string, RawCredential>();
  const first = ins.lines[0] ?? '';
  for (const m of first.matchAll(/--mount=(\S+)/g)) {
    const opts = new Map(m[1]!.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as [string, string]));
    const id = opts.get('id') ?? opts.get('source');
    const env = opts.get('env');
    if (opts.get('type') !== 'secret' || !id || !env || !/^[A-Za-z_]\w{0,127}$/.test(env)) continue;
    const column = first.indexOf(m[0]) + 1;
    const credential: RawCredential = { source: 'secret', name: id, span: { line: ins.argsLine, column: ins.argsColumn + column - 1 } };
    out.set(env, credential);
  }
  return out;
}

/** The shell script of a RUN / CMD / ENTRYPOINT in shell form, line for line with the file. */
function shellForm(ins: Instruction, escape: string): { script: string; origin: ScriptOrigin } | undefined {
  const lines = ins.lines.map((l, idx) => {
    if (ins.skipped.has(idx)) return '\\'; // Docker drops the line and keeps continuing
    if (escape !== '\\' && idx < ins.lines.length - 1 && l.trimEnd().endsWith(escape)) return `${l.trimEnd().slice(0, -1)}\\`;
    return l;
  });
  // RUN options (`--mount=type=secret,id=x`, `--network=none`) are Docker's, not the shell's.
  lines[0] = lines[0]!.replace(/^(?:\s*--[A-Za-z-]+(?:=\S*)?)+\s*/, (m) => ' '.repeat(m.length));
  const first = lines[0]!.trim();
  const onlyHeredoc = /^<<-?(["']?)[A-Za-z_][A-Za-z0-9_]*\1(\s+(\/bin\/|\/usr\/bin\/)?(ba|da|a)?sh)?$/.exec(first);
  const doc = ins.heredocs[0];
  if (onlyHeredoc && doc && lines.length === 1) {
    return { script: doc.body.join('\n'), origin: { line: doc.line, column: 1 } };
  }
  let script = lines.join('\n');
  for (const h of ins.heredocs) script += `\n${h.body.join('\n')}\n${h.delimiter}`;
  return { script, origin: { line: ins.argsLine, column: ins.argsColumn, indent: 0 } };
}

/** The script of a RUN / CMD / ENTRYPOINT in exec form (`["sh", "-c", "..."]`, `["curl", ...]`). */
function execForm(ins: Instruction, escape: string): { script: string; origin: ScriptOrigin } | undefined {
  const lt = logicalText(ins, escape);
  if (lt.text.length > MAX_EXEC_FORM) return undefined;
  let argv: unknown;
  try {
    argv = JSON.parse(lt.text.trim());
  } catch (e) {
    caughtExpected(e, isParseError);
    return undefined;
  }
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) return undefined;
  const items: Array<{ text: string; span: Span }> = [];
  let from = lt.text.indexOf('[');
  for (const a of argv as string[]) {
    const at = lt.text.indexOf(JSON.stringify(a), from);
    const offset = at >= 0 ? at : from;
    items.push({ text: a, span: lt.spanAt(offset + 1) });
    if (at >= 0) from = at + JSON.stringify(a).length;
  }
  const plan = planArgv(items, (i) => i.text);
  if (!plan) return undefined;
  if (plan.kind === 'shell') return { script: plan.item.text, origin: { line: plan.item.span.line, column: plan.item.span.column } };
  return { script: plan.commandLine, origin: { line: plan.first.span.line, column: plan.first.span.column } };
}

function flushStage(facts: FileFacts, stage: Stage, ctx: EnvContext): void {
  const endpoint = endpointOfEntries(stage.entries);
  for (const e of stage.entries) addEnvEntryFacts(facts, e, ctx, endpoint);
  stage.entries = [];
}

export const adapter: LanguageAdapter = {
  id: 'dockerfile',
  async extract(file) {
    const facts = emptyFacts();
    let instructions: Instruction[];
    try {
      instructions = parseDockerfile(file.text);
    } catch (e) {
      if (caughtExpected(e, isBudgetExceeded)) facts.problems.push('Dockerfile could not be read');
      return facts;
    }
    const escape = escapeCharOf(file.text.split('\n', 10).map((l) => l.replace(/\r$/, '')));
    const ctx: EnvContext = { databricks: mentionsDatabricks(file.text), client: 'dockerfile' };
    const stages = new Map<string, Stage>();
    const globalArgs: Env = new Map();
    let stage: Stage | undefined;
    for (const ins of instructions) {
      // Past the file's time budget, later instructions are not read (the core reports the file as cut).
      if (pastDeadline()) break;
      switch (ins.keyword) {
        case 'FROM': {
          if (stage) flushStage(facts, stage, ctx);
          const words = splitWords(logicalText(ins, escape).text, escape).filter((w) => !w.text.startsWith('--'));
          const image = words[0]?.text.toLowerCase() ?? '';
          stage = newStage(stages.get(image));
          const as = words.findIndex((w) => w.text.toLowerCase() === 'as');
          if (as >= 0 && words[as + 1]) stages.set(words[as + 1]!.text.toLowerCase(), stage);
          break;
        }
        case 'ARG':
        case 'ENV': {
          if (!stage && ins.keyword === 'ARG') readAssignments(ins, escape, newStage(), globalArgs);
          else {
            stage ??= newStage();
            readAssignments(ins, escape, stage, undefined);
          }
          break;
        }
        case 'SHELL': {
          stage ??= newStage();
          stage.posixShell = !/powershell|pwsh|cmd(\.exe)?"/i.test(logicalText(ins, escape).text);
          break;
        }
        case 'RUN':
        case 'CMD':
        case 'ENTRYPOINT': {
          stage ??= newStage();
          const exec = ins.lines[0]!.trimStart().startsWith('[');
          const body = exec ? execForm(ins, escape) : stage.posixShell ? shellForm(ins, escape) : undefined;
          if (!body) break;
          const env = new Map(stage.env);
          // BuildKit: `RUN --mount=type=secret,id=dbt_cloud_pat,env=DBT_TOKEN curl …` puts that secret in DBT_TOKEN for this command.
          if (ins.keyword === 'RUN') for (const [name, credential] of secretMounts(ins)) env.set(name, { credential });
          mergeFacts(facts, await shellFactsAt(body.script, body.origin, env));
          break;
        }
        default:
          break;
      }
    }
    if (stage) flushStage(facts, stage, ctx);
    // ENV entries are reported when their stage ends (the stage's host is known then): file order.
    facts.callSites.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
    return facts;
  },
};
