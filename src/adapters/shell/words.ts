import type { Node } from 'web-tree-sitter';
import type { RawCredential } from '../../model/raw-facts.js';
import { credentialPart, type Literal, type Reference, type Unknown } from '../shared/values/parts.js';
import { MARKER_IN_TEXT } from './ci-expressions.js';
import { secretStoreRead } from './secret-store-reads.js';

// A shell word (argument, assignment value) as a list of the shared parts (../values/parts.ts):
// literal text, references (variables, CI secrets) and values we cannot know (command
// substitutions). Offsets (`at`) are positions in the script, so facts can point at where a value
// or reference is written; `span` places what comes from outside the script (a CI env value).

interface At {
  at: number;
}

export type Part =
  /** Literal characters; `holder`: the variable they came through (`X=abc` … `$X`). */
  | (Literal & At)
  /**
   * `$NAME` is the environment variable NAME until the script or its surroundings bind it
   * (variables.ts). `binding`: a credential the surroundings give (a CI secret, a job's `env:`).
   */
  | (Reference & At & { binding?: true })
  /**
   * A value only known at run time: `$(cmd)`, `$1`, `${X/a/b}`. `name`: the variable involved, if
   * any; `via`: the variable it came through, which then names it.
   */
  | (Unknown & At & { via?: string });

export type Word = Part[];

type ReferencePart = Extract<Part, { kind: 'reference' }>;

/** `$NAME`, where `at` is. */
export const variable = (name: string, at: number): ReferencePart => ({ kind: 'reference', source: 'env', name, at });

/** A part that is a credential of the surroundings' bindings, written at `at`. */
export const boundCredential = (c: RawCredential, at: number): Part => {
  const p = credentialPart(c);
  return p.kind === 'reference' ? { ...p, at, binding: true } : { ...p, at };
};

/** A `$NAME` the script does not resolve yet: an environment variable, not a binding's credential. */
export const isVariable = (p: Part): p is ReferencePart => p.kind === 'reference' && p.binding !== true;

/** Deeper nesting than this (`"$(… "$(…)" …)"`) is read as an unknown value. */
const MAX_DEPTH = 24;

const SPECIAL_NAME = /^(?:[0-9]+|[@*#?$!_-])$/;
/** `$1` … `$9`: an argument the script (or, in a function's body, the function) is given. */
const SCRIPT_ARGUMENT = /^[1-9]$/;

/**
 * A script's argument, named `argv.N` as a CI step running it with that word in place N hands it
 * on (scripts-run.ts `commandLineValues`). In a function's body it is the caller's word instead,
 * which the function's calls put in (script.ts).
 */
function scriptArgument(n: string, node: Node, at: number): Part {
  for (let p = node.parent, i = 0; p && i < 200; p = p.parent, i++) if (p.type === 'function_definition') return { kind: 'unknown', at };
  return { kind: 'unknown', at, argument: `argv.${n}` };
}

const PARAM_DEFAULT_OPS = new Set([':-', '-', ':=', '=', ':?', '?', ':+', '+']);
/** `$(NAME)` in Azure Pipelines is a macro for the pipeline variable NAME, not a command. */
const AZURE_MACRO = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/** Literal text, with `${__ciN}` markers of masked CI expressions turned into variable parts. */
function textParts(text: string, at: number): Word {
  if (!text.includes('${__ci')) return text ? [{ kind: 'literal', text, at }] : [];
  const out: Word = [];
  let last = 0;
  for (const m of text.matchAll(MARKER_IN_TEXT)) {
    const i = m.index;
    if (i > last) out.push({ kind: 'literal', text: text.slice(last, i), at: at + last });
    out.push(variable(m[1]!, at + i));
    last = i + m[0].length;
  }
  if (last < text.length) out.push({ kind: 'literal', text: text.slice(last), at: at + last });
  return out;
}

/** Backslash escapes outside quotes: `\x` is `x`, backslash-newline disappears. */
function unescapeBare(raw: string): string {
  return raw.includes('\\') ? raw.replace(/\\(\n|.)/g, (_m, c: string) => (c === '\n' ? '' : c)) : raw;
}

/** Inside double quotes only `\$ \` \" \\` and backslash-newline are escapes. */
function unescapeDouble(raw: string): string {
  return raw.includes('\\') ? raw.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c)) : raw;
}

/** Every child of a syntax node, tokens included, in order. */
export function childrenOf(node: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i);
    if (c) out.push(c);
  }
  return out;
}

/** The named children of a syntax node (no punctuation tokens), in order. */
export function namedChildrenOf(node: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < node.namedChildCount; i++) {
    const c = node.namedChild(i);
    if (c) out.push(c);
  }
  return out;
}

function expansionParts(node: Node, at: number): Word {
  // `${X}`, `${X:-default}`, `${X:?msg}`: the value of X (the first name is what a reader means).
  // `${#X}`, `${!X}`, `${X/a/b}`, `${X%suffix}`: computed, so unknown.
  const kids = childrenOf(node);
  let name: string | undefined;
  let computed = false;
  /** Changed by an operator other than a default's (`${1#*=}`), or not a plain name. */
  let transformed = false;
  let otherwise: string | undefined;
  for (const k of kids) {
    // `${DBT_CLOUD_SERVICE_TOKEN:-${DBT_CLOUD_PAT:?set one}}`: the other variable, when the first is unset.
    if (name !== undefined && otherwise === undefined && (k.type === 'expansion' || k.type === 'simple_expansion'))
      otherwise = childrenOf(k).find((c) => c.type === 'variable_name')?.text;
    if (k.type === 'variable_name' && name === undefined) name = k.text;
    else if (k.type === 'special_variable_name' && name === undefined) {
      name = k.text;
      computed = true;
    } else if (!k.isNamed && k.type !== '${' && k.type !== '}') {
      if (name === undefined || !PARAM_DEFAULT_OPS.has(k.type)) computed = transformed = true;
    } else if (k.isNamed && k.type !== 'variable_name' && name === undefined) computed = transformed = true;
  }
  if (name === undefined) return [{ kind: 'unknown', at }];
  // `${1}`, `${1:?usage: trigger.sh TOKEN JOB}`: the script's first argument.
  if (SCRIPT_ARGUMENT.test(name) && !transformed) return [scriptArgument(name, node, at)];
  if (SPECIAL_NAME.test(name)) return [{ kind: 'unknown', at }];
  if (computed) return [{ kind: 'unknown', at, name }];
  return [otherwise !== undefined && !SPECIAL_NAME.test(otherwise) ? { ...variable(name, at), otherwise } : variable(name, at)];
}

const CLI_TOKEN_READ = /\btoken-value\b/;
/** `cat "$X"`, `< $X`, `cat ${X}`: the contents of the file a variable names. */
const FILE_VARIABLE_READ = /^\s*(?:cat\s+|<\s*)(["']?)\$\{?([A-Za-z_][A-Za-z0-9_]{0,127})\}?\1\s*$/;
/** A command that reads a key out of a file, first in a substitution (`grep`, `yq`, `awk`, `sed`). */
const CONFIG_READER = /^\s*(?:grep|egrep|yq|awk|sed)\b/;

function commandSubstitutionParts(node: Node, at: number, depth: number): Word {
  const inner = node.text.replace(/^\$\(|\)$/g, '').replace(/^`|`$/g, '');
  const secret = secretStoreRead(inner);
  if (secret !== undefined) return [boundCredential({ source: 'secret', name: secret }, at)];
  // `$(grep token-value ~/.dbt/dbt_cloud.yml | …)`, `$(yq '.projects[0].token-value' dbt_cloud.yml)`,
  // `$(grep "token-value:" "$CFG" | awk …)`: the dbt Cloud CLI's token, which is a PAT. No other
  // file names a key so.
  if (CLI_TOKEN_READ.test(inner) && (/dbt_cloud\.ya?ml/.test(inner) || CONFIG_READER.test(inner)))
    return [boundCredential({ source: 'config', name: 'token-value' }, at)];
  // `$(cat "$DBT_CLOUD_PAT_FILE")`: a file variable (GitLab's File type, a `_FILE` secret path) holds the token.
  const fileVariable = FILE_VARIABLE_READ.exec(inner)?.[2];
  if (fileVariable !== undefined) return [variable(fileVariable, at)];
  const commands = node.namedChildren.filter((c): c is Node => c !== null);
  const only = commands.length === 1 && commands[0]!.type === 'command' ? commands[0] : undefined;
  if (only && node.text.startsWith('$(') && only.namedChildCount === 1) {
    const name = only.text;
    if (AZURE_MACRO.test(name) && /[A-Z.]/.test(name)) return [variable(name, at)];
  }
  return (only && printedText(only, depth)) ?? [{ kind: 'unknown', at }];
}

/**
 * What `echo WORDS` or `printf FORMAT ARGS` prints, as a command substitution takes it
 * (`URL=$(printf '%s/jobs/%s/run/' "$BASE" "$JOB")`); undefined for any other command, an option
 * that changes the output, or a format directive other than `%s`, `%d`, `%i`, `%u`, `%b` and `%%`.
 */
function printedText(command: Node, depth: number): Word | undefined {
  const name = command.childForFieldName('name')?.text;
  if (name !== 'echo' && name !== 'printf') return undefined;
  const args = command.childrenForFieldName('argument').filter((a): a is Node => a !== null);
  if (command.namedChildren.some((c) => c !== null && c.type !== 'command_name' && !args.some((a) => a.id === c.id))) return undefined;
  const words = args.map((a) => evaluateWord(a, depth + 1));
  if (name === 'echo') {
    while (words[0]?.length === 1 && words[0][0]!.kind === 'literal' && /^-[neE]+$/.test(words[0][0]!.text)) words.shift();
    return words.flatMap((w, i) => (i > 0 ? [{ kind: 'literal' as const, text: ' ', at: w[0]?.at ?? 0 }, ...w] : w));
  }
  const [format, ...values] = words;
  if (!format) return undefined;
  const out: Word = [];
  let next = 0;
  for (const part of format) {
    if (part.kind !== 'literal') {
      out.push(part);
      continue;
    }
    let last = 0;
    for (const m of part.text.matchAll(/%(?:%|[-+ 0#]*\d*(?:\.\d+)?([a-zA-Z]))/g)) {
      if (m.index > last) out.push({ ...part, text: part.text.slice(last, m.index), at: part.at + last });
      last = m.index + m[0].length;
      if (m[0] === '%%') out.push({ ...part, text: '%', at: part.at + m.index });
      else if ('sdiub'.includes(m[1]!)) out.push(...(values[next++] ?? []));
      else return undefined;
    }
    if (last < part.text.length) out.push({ ...part, text: part.text.slice(last), at: part.at + last });
  }
  // More values than the format takes: printf prints the format again for the rest.
  return next >= values.length ? out : undefined;
}

/** The parts of a word-like node, before variables are resolved. */
export function evaluateWord(node: Node, depth = 0): Word {
  const at = node.startIndex;
  if (depth > MAX_DEPTH) return [{ kind: 'unknown', at }];
  switch (node.type) {
    case 'word':
    case 'number':
    case 'command_name':
      if (node.type === 'command_name' && node.namedChildCount === 1 && node.firstNamedChild) {
        return evaluateWord(node.firstNamedChild, depth + 1);
      }
      return textParts(unescapeBare(node.text), at);
    case 'raw_string':
      return textParts(node.text.slice(1, -1), at + 1);
    case 'ansi_c_string':
      return textParts(node.text.slice(2, -1), at + 2);
    case 'simple_expansion': {
      const name = node.text.slice(1);
      if (SCRIPT_ARGUMENT.test(name)) return [scriptArgument(name, node, at)];
      return SPECIAL_NAME.test(name) ? [{ kind: 'unknown', at }] : [variable(name, at)];
    }
    case 'expansion':
      return expansionParts(node, at);
    case 'command_substitution':
      return commandSubstitutionParts(node, at, depth);
    case 'string':
    case 'concatenation':
    case 'translated_string':
      return sequenceParts(node, depth);
    case 'arithmetic_expansion':
    case 'process_substitution':
    case 'brace_expression':
    case 'array':
      return [{ kind: 'unknown', at }];
    default:
      // ERROR and other recovery nodes: keep the characters so a broken line can still name a URL.
      return textParts(node.text, at);
  }
}

/**
 * The words of consecutive nodes (a command's arguments), rejoining what tree-sitter-bash cuts:
 * in an unquoted word, a `$NAME` after text that follows an earlier expansion
 * (`…/accounts/$A/jobs/$B/run/`) ends the word at a bare `$`, and `B/run/` comes as the next
 * node, written right after it. Such a pair is one word, whose `$` and leading name are `$B`.
 */
export function evaluateWords(nodes: readonly Node[]): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < nodes.length; i++) {
    let node = nodes[i]!;
    let word = evaluateWord(node);
    for (let next = nodes[i + 1]; next && cutAtDollar(node, next); next = nodes[i + 1]) {
      word = joinCut(word, evaluateWord(next), next.startIndex);
      node = next;
      i++;
    }
    out.push(word);
  }
  return out;
}

/** Whether `node` ends in a bare `$` that `next`, written right after it, continues. */
export function cutAtDollar(node: Node, next: Node): boolean {
  return next.startIndex === node.endIndex && node.text.endsWith('$') && !node.text.endsWith('\\$') && /^[A-Za-z_]/.test(next.text);
}

/** `…$` and `NAME…`, cut apart, as one word: the name becomes the variable it was written as. */
export function joinCut(word: Word, rest: Word, restAt: number): Word {
  const last = word[word.length - 1];
  const first = rest[0];
  const name = first?.kind === 'literal' ? /^[A-Za-z_][A-Za-z0-9_]*/.exec(first.text)?.[0] : undefined;
  if (last?.kind !== 'literal' || !last.text.endsWith('$') || first?.kind !== 'literal' || name === undefined) return [...word, ...rest];
  const head = last.text.slice(0, -1);
  const tail = first.text.slice(name.length);
  return [
    ...word.slice(0, -1),
    ...(head ? [{ ...last, text: head }] : []),
    variable(name, restAt - 1),
    ...(tail ? [{ ...first, text: tail, at: restAt + name.length }] : []),
    ...rest.slice(1),
  ];
}

/** A string or concatenation: children in order, the characters between them as text. */
function sequenceParts(node: Node, depth: number): Word {
  const isString = node.type === 'string' || node.type === 'translated_string';
  const text = node.text;
  const base = node.startIndex;
  let from = isString ? (node.type === 'translated_string' ? 2 : 1) : 0;
  const end = isString ? Math.max(from, text.length - 1) : text.length;
  const out: Word = [];
  const pushText = (s: string, at: number): void => {
    if (s) out.push(...textParts(isString ? unescapeDouble(s) : unescapeBare(s), at));
  };
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i);
    if (!c || !c.isNamed) continue;
    const s = c.startIndex - base;
    const e = c.endIndex - base;
    if (s > from) pushText(text.slice(from, Math.min(s, end)), base + from);
    if (c.type === 'string_content') pushText(c.text, c.startIndex);
    else out.push(...evaluateWord(c, depth + 1));
    from = Math.max(from, e);
  }
  if (from < end) pushText(text.slice(from, end), base + from);
  return out;
}

/** Text written next to other text, as one piece (at the first one's place, through a variable only if both are). */
export const joinText = (
  a: Extract<Part, { kind: 'literal' }>,
  b: Extract<Part, { kind: 'literal' }>,
): Extract<Part, { kind: 'literal' }> => {
  const out = { ...a, text: a.text + b.text };
  if (a.holder !== b.holder) delete out.holder;
  return out;
};

/** Drops the first `n` characters of a word whose leading parts are text. */
export function dropChars(word: Word, n: number): Word {
  const out: Word = [];
  let left = n;
  for (const p of word) {
    if (left > 0 && p.kind === 'literal') {
      if (p.text.length <= left) {
        left -= p.text.length;
        continue;
      }
      out.push({ ...p, text: p.text.slice(left), at: p.at + left });
      left = 0;
    } else out.push(p);
  }
  return out;
}

/** Splits a word at the first `sep` found in its literal text: `--opt=$X` → [`--opt`, `$X`]. */
export function splitAtChar(word: Word, sep: string): [string, Word] | undefined {
  let head = '';
  for (let i = 0; i < word.length; i++) {
    const p = word[i]!;
    if (p.kind !== 'literal') return undefined;
    const k = p.text.indexOf(sep);
    if (k >= 0) {
      head += p.text.slice(0, k);
      const rest: Word = [];
      if (k + sep.length < p.text.length) rest.push({ ...p, text: p.text.slice(k + sep.length), at: p.at + k + sep.length });
      return [head, [...rest, ...word.slice(i + 1)]];
    }
    head += p.text;
  }
  return undefined;
}

/** A word cut at every `sep` in its literal text (`A=1,B=$X` → `A=1`, `B=$X`); other parts stay whole. */
export function splitWordAt(word: Word, sep: string): Word[] {
  const out: Word[] = [];
  let current: Word = [];
  for (const p of word) {
    if (p.kind !== 'literal') {
      current.push(p);
      continue;
    }
    let from = 0;
    for (let k = p.text.indexOf(sep); k >= 0; k = p.text.indexOf(sep, from)) {
      if (k > from) current.push({ ...p, text: p.text.slice(from, k), at: p.at + from });
      out.push(current);
      current = [];
      from = k + sep.length;
    }
    if (from < p.text.length) current.push(from === 0 ? p : { ...p, text: p.text.slice(from), at: p.at + from });
  }
  if (current.length > 0) out.push(current);
  return out;
}
