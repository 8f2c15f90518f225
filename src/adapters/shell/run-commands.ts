import type { Node } from 'web-tree-sitter';
import type { RawCredential, Span } from '../../model/raw-facts.js';
import type { CommandContext, Invocation } from './invocation.js';
import { ANY_PROGRAM, invocationOf } from './invocation.js';
import { MARKER_NAME } from './ci-expressions.js';
import type { Word } from './words.js';
import { childrenOf, evaluateWord, isVariable } from './words.js';
import { bindingCredential } from './credentials.js';
import { literalText } from '../shared/values/parts.js';

// Every simple command a script runs, whatever the program, with the credentials its words
// carry. The call-site recognizers only look at programs they know (curl, dbt-cloud,
// terraform); CI adapters also need to know that a step runs `pytest` or `python x.py` with a
// token in its environment, or writes one into `.env` for the next step.

/** A credential-bound variable written in a command. */
interface CredentialUse {
  /** The variable as the command names it (`TOKEN` in `TOKEN=$X tool`, `X` in `--token $X`). */
  name: string;
  credential: RawCredential;
  /** Where the reference is written. */
  span: Span;
}

export interface RunCommand {
  /** The program's basename after wrappers (`sudo`, `env`, `timeout`). */
  program: string;
  /** The first arguments as literal text, undefined where not literal (`pip install`, `python -m pip`). */
  leadingArgs: (string | undefined)[];
  span: Span;
  /** Credentials in its arguments, its `NAME=value` prefixes and its here-document. */
  credentials: CredentialUse[];
  /** Names of the variables and CI values its words read (`${{ secrets.DBT_ACCOUNT_ID }}`), credentials or not. */
  reads: string[];
  /** Its output goes to a file (`> .env`, `>> $GITHUB_ENV`), not the log. */
  writesFile: boolean;
  /** The program its output is piped into (`| docker login --password-stdin`), if any. */
  pipedInto?: { program: string; leadingArgs: (string | undefined)[] };
}

const LEADING_ARGS = 3;
const MAX_USES = 32;
/** Redirect targets that keep the output in the log or drop it. */
const LOG_TARGET = /^(\/dev\/(null|stdout|stderr|tty)|&?-?\d*)$/;

/** Credentials the variables of `word` resolve to; `as` names them (a prefix assignment's name). */
function usesIn(word: Word, inv: Invocation, ctx: CommandContext, out: CredentialUse[], names: string[], as?: string): void {
  for (const p of word) {
    if (!isVariable(p) || out.length >= MAX_USES) continue;
    for (const q of ctx.scope.resolve([p], inv.at, inv.local)) {
      if (q.kind === 'reference' && names.length < MAX_USES) names.push(q.name);
      if (q.kind !== 'reference' || !q.binding) continue;
      const credential = bindingCredential(q);
      const name = as ?? (MARKER_NAME.test(p.name) ? (credential.name ?? p.name) : p.name);
      out.push({ name, credential, span: ctx.pos.span(p.at) });
    }
  }
}

/** Here-document bodies (unless quoted, which keeps `$X` literal) of the statement around `command`. */
function heredocWords(command: Node): Word[] {
  const parent = command.parent;
  if (parent?.type !== 'redirected_statement') return [];
  const out: Word[] = [];
  for (const r of childrenOf(parent)) {
    if (r.type !== 'heredoc_redirect') continue;
    const start = childrenOf(r).find((c) => c.type === 'heredoc_start');
    if (start && /^['"\\]/.test(start.text)) continue;
    for (const body of childrenOf(r)) {
      if (body.type !== 'heredoc_body') continue;
      for (const e of childrenOf(body)) if (e.type === 'simple_expansion' || e.type === 'expansion') out.push(evaluateWord(e));
    }
  }
  return out;
}

function writesToFile(redirect: Node): boolean {
  const op = childrenOf(redirect).find((c) => !c.isNamed)?.type ?? '';
  if (!/^(>|>>|&>|&>>|>\|)$/.test(op)) return false;
  const dest = redirect.childForFieldName('destination');
  return dest !== null && !LOG_TARGET.test(dest.text.trim());
}

function writesFile(command: Node): boolean {
  const parent = command.parent;
  if (parent?.type !== 'redirected_statement') return false;
  for (const r of childrenOf(parent)) {
    if (r.type === 'file_redirect' && writesToFile(r)) return true;
    if (r.type === 'heredoc_redirect' && childrenOf(r).some((c) => c.type === 'file_redirect' && writesToFile(c))) return true;
  }
  return false;
}

/** The command after `command` in its pipeline (`a | b`, `a > f | b` too). */
function nextInPipeline(command: Node): Node | undefined {
  const stage = command.parent?.type === 'redirected_statement' ? command.parent : command;
  const pipeline = stage.parent;
  if (pipeline?.type !== 'pipeline') return undefined;
  const stages = pipeline.namedChildren.filter((c): c is Node => c !== null);
  const next = stages[stages.findIndex((c) => c.id === stage.id) + 1];
  if (!next) return undefined;
  return next.type === 'redirected_statement' ? (next.childForFieldName('body') ?? undefined) : next;
}

const leading = (inv: Invocation): (string | undefined)[] => inv.args.slice(0, LEADING_ARGS).map((w) => literalText(w));

/** One command node as a `RunCommand`; undefined when its program is not a literal name. */
export function runCommandOf(node: Node, ctx: CommandContext): RunCommand | undefined {
  const inv = invocationOf(node, ANY_PROGRAM);
  if (!inv) return undefined;
  const credentials: CredentialUse[] = [];
  const reads: string[] = [];
  for (const a of inv.local.values()) usesIn(a.value, inv, ctx, credentials, reads, a.name);
  for (const w of inv.args) usesIn(w, inv, ctx, credentials, reads);
  for (const w of heredocWords(node)) usesIn(w, inv, ctx, credentials, reads);
  const out: RunCommand = {
    program: inv.name,
    leadingArgs: leading(inv),
    span: ctx.pos.span(inv.at),
    credentials,
    reads,
    writesFile: writesFile(node),
  };
  const next = nextInPipeline(node);
  const nextInv = next?.type === 'command' ? invocationOf(next, ANY_PROGRAM) : undefined;
  if (nextInv) out.pipedInto = { program: nextInv.name, leadingArgs: leading(nextInv) };
  return out;
}
