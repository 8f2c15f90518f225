import type { Description, RawCredential, Reference as DefinitionRef, Span } from '../../../model/raw-facts.js';
import type { CredentialSource } from '../../../model/vocabulary.js';

// What every language's evaluator says a string holds: a sequence of parts, each known text, a
// reference to where the value is kept (an env var, a CI secret or variable, a setting), or a
// value not known statically (a parameter, a computed expression). Each language evaluates its
// own syntax tree into these parts; ./endpoint.ts and ./credential.ts read them, the same for all.
//
// A part may carry more than this: each evaluator adds its own fields (where a part sits in a
// module, which parameter it came through), and keeps them through the shared functions.

/** Where a reference's value is kept: a credential source; 'unknown' for a named slot whose store is not known. */
export type ReferenceSource = Exclude<CredentialSource, 'literal'>;

interface Placed {
  /**
   * Where the part is written in the reported file, when the evaluator knows it as it reads.
   * Evaluators that place parts otherwise (a position in an imported module, an offset in an
   * embedded script) say where through `Places.spanOf`.
   */
  span?: Span;
}

/** What a reference or an unknown value may say about the host it holds. */
interface Named extends Placed {
  /** Holds a dbt Cloud host or base URL: its default or fallback is one. */
  dbtHost?: boolean;
  /** A literal written as its default or fallback (`os.getenv("X", "…")`, `process.env.X || '…'`). */
  fallback?: Literal;
}

/** Known text. */
export interface Literal extends Placed {
  kind: 'literal';
  text: string;
  /** The variable the text was read from (`X=abc` … `$X`): a token written so is named after it. */
  holder?: string;
}

/** A value kept somewhere the scan can name. */
export interface Reference extends Named {
  kind: 'reference';
  source: ReferenceSource;
  name: string;
  /** The definition in another file the reference names (an Airflow connection, a Jenkins credential). */
  definition?: DefinitionRef;
  /** Prose beside the reference's definition that may name the token type (an action input's description). */
  description?: Description;
  /**
   * What the setting holds where it is defined, when that is read beside the reference (a settings
   * file's token): typed by its format, and reported as committed where it is written, not here.
   */
  heldValue?: string;
  /** What the variable it was handed in as says it is (Jenkins' `DBT_CLOUD_SERVICE_TOKEN = credentials('id')`): RawCredential.slotType. */
  slotType?: RawCredential['slotType'];
  /** RawCredential.otherwise: the variable read when this one is unset (`${A:-${B}}`). */
  otherwise?: string;
  /** RawCredential.perRun: each run of a matrix picks its own secret under this name. */
  perRun?: true;
}

/** A value not known statically; `name` is what it is written as (`account_id`, `self.base_url`), if anything. */
export interface Unknown extends Named {
  kind: 'unknown';
  name?: string;
  /** A script's command-line argument (`argv.1` for `$1`, `argv.token` for `--token`): what a run of the script hands it. */
  argument?: string;
}

export type Part = Literal | Reference | Unknown;

/** The literal parts of a language's own part type. */
export type LiteralOf<T extends Part> = Extract<T, { kind: 'literal' }>;

export const literal = (text: string, span?: Span): Literal => (span ? { kind: 'literal', text, span } : { kind: 'literal', text });

/** The whole text, when every part is literal. */
export function literalText(value: readonly Part[]): string | undefined {
  let out = '';
  for (const p of value) {
    if (p.kind !== 'literal') return undefined;
    out += p.text;
  }
  return out;
}

/**
 * A part's name as a URL placeholder: a Parameter Store path (`/analytics/dbt-cloud/account-id`)
 * by its last segment, which says what it holds without reading as a path of the URL.
 */
function placeholderName(name: string | undefined): string {
  if (!name?.startsWith('/')) return name ?? 'value';
  return (
    name
      .split('/')
      .filter((s) => s !== '')
      .pop() ?? 'value'
  );
}

/**
 * The value as text with every part that is not literal written `{name}` (`{value}` when it has no
 * name): how URLs reach the endpoint recognizer. Stops once longer than `max`.
 */
export function render(value: readonly Part[], max = Number.POSITIVE_INFINITY): string {
  let out = '';
  for (const p of value) {
    out += p.kind === 'literal' ? p.text : `{${placeholderName(p.name)}}`;
    if (out.length > max) break;
  }
  return out;
}

/**
 * Drops empty literal parts and joins literal parts next to each other where `join` says they
 * are one piece of text (it returns the joined part) rather than pieces to keep apart.
 */
export function mergeLiterals<T extends Part>(
  value: readonly T[],
  join: (a: LiteralOf<T>, b: LiteralOf<T>) => LiteralOf<T> | undefined,
): T[] {
  const out: T[] = [];
  for (const p of value) {
    if (p.kind === 'literal') {
      if (p.text === '') continue;
      const last = out[out.length - 1];
      if (last?.kind === 'literal') {
        const joined = join(last as LiteralOf<T>, p as LiteralOf<T>);
        if (joined) {
          out[out.length - 1] = joined;
          continue;
        }
      }
    }
    out.push(p);
  }
  return out;
}

/**
 * What every one of `values` starts with: the entries of `URLS[kind]`, with the key known only at
 * run time, are one base URL and a path of their own. The shared text stops at a path segment or
 * placeholder it would cut through (`v` of `v2`/`v3`, `{acc` of `{account_id}`). `whole`: the
 * values are all the same. Undefined when they share nothing.
 */
export function sharedStart<T extends Part>(values: readonly (readonly T[])[]): { parts: T[]; whole: boolean } | undefined {
  if (values.length < 2 || values.length > 500) return undefined;
  const lists = values.map((v) => mergeLiterals(v, (a, b) => ({ ...a, text: a.text + b.text })));
  const out: T[] = [];
  for (let i = 0; ; i++) {
    const at = lists.map((l) => l[i]);
    if (at.every((p) => p === undefined)) return { parts: out, whole: true };
    const first = at[0];
    if (first === undefined || at.some((p) => p === undefined)) break;
    if (first.kind === 'literal') {
      const texts = at.map((p) => (p!.kind === 'literal' ? (p as LiteralOf<T>).text : undefined));
      if (texts.some((t) => t === undefined)) break;
      const common = commonStart(texts as string[]);
      if (texts.every((t) => t === common)) {
        out.push(first);
        continue;
      }
      // A URL's shared text ends with its last whole path segment (`/api/` of `/api/v2/…` and `/api/v3/…`).
      const open = common.lastIndexOf('{');
      const unbroken = open > common.lastIndexOf('}') ? common.slice(0, open) : common;
      // Ids sharing their first digits (`7001`, `7002`) share no value.
      const whole = unbroken.includes('/') ? unbroken.slice(0, unbroken.lastIndexOf('/') + 1) : /^\d+$/.test(unbroken) ? '' : unbroken;
      if (whole) out.push({ ...(first as LiteralOf<T>), text: whole });
      break;
    }
    const same = (p: Part): boolean =>
      p.kind === first.kind && p.name === first.name && (p.kind !== 'reference' || p.source === (first as Reference).source);
    if (!at.every((p) => same(p!))) break;
    out.push(first);
  }
  return out.length > 0 ? { parts: out, whole: false } : undefined;
}

function commonStart(texts: readonly string[]): string {
  const head = texts[0]!;
  let n = head.length;
  for (const t of texts) {
    n = Math.min(n, t.length);
    for (let i = 0; i < n; i++) {
      if (t.charCodeAt(i) !== head.charCodeAt(i)) {
        n = i;
        break;
      }
    }
  }
  return head.slice(0, n);
}

/** The value without its first `n` characters of text (a `NAME=` prefix); stops at the first part that is not literal. */
export function withoutStart(value: readonly Part[], n: number): Part[] {
  const out = [...value];
  while (n > 0 && out[0]?.kind === 'literal') {
    const first = out[0];
    if (first.text.length > n) {
      out[0] = { ...first, text: first.text.slice(n) };
      break;
    }
    n -= first.text.length;
    out.shift();
  }
  return out;
}

/** Parts without empty text, literal parts next to each other joined as one. */
export const joinedText = (value: readonly Part[]): Part[] => mergeLiterals(value, (a, b) => literal(a.text + b.text));

/** The part a credential of another file's binding stands for: its reference, or its literal value. */
export function credentialPart(c: RawCredential): Literal | Reference {
  if (c.source === 'literal') {
    const out: Literal = { kind: 'literal', text: c.value ?? '' };
    if (c.name !== undefined) out.holder = c.name;
    if (c.span) out.span = c.span;
    return out;
  }
  // A binding always names what it binds; `secret` is what an unnamed store reference renders as.
  const out: Reference = { kind: 'reference', source: c.source, name: c.name ?? 'secret' };
  if (c.span) out.span = c.span;
  if (c.ref) out.definition = c.ref;
  if (c.description) out.description = c.description;
  if (c.slotType) out.slotType = c.slotType;
  if (c.perRun) out.perRun = true;
  return out;
}
