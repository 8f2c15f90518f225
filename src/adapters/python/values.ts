import { isDbtCloudId } from '../../classify/endpoint.js';
import { airflowConnectionRef } from '../shared/airflow-connection/airflow-connection.js';
import type { Reference as DefinitionRef } from '../../model/raw-facts.js';
import { fits, type ValueLimits } from '../shared/values/budget.js';
import { appSecretName } from './library-calls.js';
import {
  literalText as partsText,
  mergeLiterals,
  render as renderParts,
  sharedStart,
  type Literal,
  type Reference,
  type ReferenceSource,
  type Unknown,
} from '../shared/values/parts.js';

// What the evaluator knows about a Python expression. Strings are sequences of the shared parts
// (../values/parts.ts): literal pieces, values read from a named store, and unknown values (a
// function parameter); each part remembers where it is written and which parameter it came through.

/** Where a part is written: its position in its module's text, and which module that is (opaque here). */
interface PyPlace {
  line?: number;
  col?: number;
  owner?: object;
}

interface Via {
  /** The piece came in through this parameter (see `viaParam`). */
  via?: ParamRef;
}

export type LitPart = Literal & PyPlace & Via;
/**
 * A value read from a store (an env var, an Airflow variable or connection), placed where it is
 * read; `nameVia`: the store's key came in through this parameter (`def need(name): return
 * os.environ[name]`), so each call reads the key it passes (see `renameReads`).
 */
export type RefPart = Reference & PyPlace & Via & { nameVia?: ParamRef; writtenDefault?: string };
/**
 * Something unknown, named after what it is written as; `param`: a parameter callers fill in.
 * `storedUnder`: the value is kept in a store under the key the parameter gives
 * (`BaseHook.get_connection(self.conn_id).password`, a helper's `os.environ[name]`): a caller
 * passing a key reads that entry.
 */
export type HolePart = Unknown & Via & { name: string; param?: ParamRef; choices?: string[]; storedUnder?: 'airflow-connection' | 'env' };

/** A function parameter no call in reach gives a value: callers fill it in (see emit.ts). */
export interface ParamRef {
  /** The function's scope (opaque here). */
  scope: object;
  /** Position among the function's parameters, counting `self`. */
  index: number;
  name: string;
  /** An entry of the parameter's value (`cfg["api_base"]`), or an attribute (`.token` of `cfg.token`): the keys read, outermost first. */
  keys?: string[];
}

export type Part = LitPart | RefPart | HolePart;

/** An evaluated constructor or client call: `requests.Session()`, `DbtCloudCredentials(...)`. */
export interface ObjectVal {
  t: 'obj';
  id: number;
  /** Canonical class, e.g. `requests.Session`, `httpx.Client`, `airflow.HttpHook`. */
  cls: string;
  positional: Val[];
  keywords: Map<string, Val>;
  owner: object;
  /**
   * Made in a base class's `__init__` and read for a subclass's instance (`self.session`): what
   * the subclass's `super().__init__(…)` passes for that `__init__`'s parameters, which the
   * headers set on the object later (`self.session.headers.update(…)`) are read with too.
   */
  given?: (p: ParamRef) => Val | undefined;
}

export interface DictVal {
  t: 'dict';
  id: number;
  entries: Map<string, Val>;
  owner?: object;
  /** A namespace (`types.SimpleNamespace(token=…)`): its entries are read as attributes, `cfg.token`. */
  attributes?: true;
}

export type Val =
  | { t: 'str'; parts: Part[] }
  | DictVal
  | { t: 'seq'; items: Val[] }
  /** A library module or symbol, by dotted path: `requests`, `os.environ`, `airflow.models.Variable`. */
  | { t: 'mod'; path: string }
  /** A module of the scanned repository. */
  | { t: 'pymod'; module: object }
  | ObjectVal
  /** A function or class defined in a module of the repository (module and scope are opaque here). */
  | { t: 'fn'; module: object; scope: object; name: string }
  | { t: 'cls'; module: object; node: object; name: string }
  /** `instanceOf`: an instance of a repository class (opaque here), whose field defaults attributes read. */
  | {
      t: 'unknown';
      name?: string;
      param?: ParamRef;
      instanceOf?: { module: object; node: object };
      /** Of an instance: what its construction gives a declared field (`Settings(host="…", token=os.environ["X"])`), worked out when read. */
      field?: (name: string) => Val | undefined;
      /** A loop's name: the literal values it takes in turn. */
      choices?: string[];
    };

let nextId = 1;
export const newId = (): number => nextId++;

const UNKNOWN: Val = { t: 'unknown' };
export const unknown = (name?: string): Val => (name ? { t: 'unknown', name } : UNKNOWN);

export function lit(text: string, line?: number, col?: number, owner?: object): Val {
  return { t: 'str', parts: [{ kind: 'literal', text, line, col, owner }] };
}

/**
 * A hole: a string not known statically, named `name`. `dbtDefault`: the dbt Cloud base URL it
 * defaults to (`config.get("host", "https://cloud.getdbt.com")`).
 */
export function hole(name: string, dbtDefault?: string): Val {
  const part: HolePart = { kind: 'unknown', name };
  if (dbtDefault !== undefined) withDbtDefault(part, dbtDefault);
  return { t: 'str', parts: [part] };
}

/** A value read from `source` under `name` at `place`; `dbtDefault` as for `hole`. */
export function readValue(
  source: Exclude<ReferenceSource, 'unknown'>,
  name: string,
  place: PyPlace,
  definition?: DefinitionRef,
  dbtDefault?: string,
): Val {
  const part: RefPart = { kind: 'reference', source, name, ...place };
  if (definition) part.definition = definition;
  if (dbtDefault !== undefined) withDbtDefault(part, dbtDefault);
  return { t: 'str', parts: [part] };
}

/** Marks a part that is not literal as holding the dbt Cloud host or base URL `dflt` by default. */
export function withDbtDefault<T extends RefPart | HolePart>(part: T, dflt: string): T {
  part.dbtHost = true;
  part.fallback = { kind: 'literal', text: dflt };
  return part;
}

/** What one string may hold before the rest of it is an unknown `{value}`. */
export const STRING_SIZE: ValueLimits = { parts: 200, chars: 8000 };

/** A value used where a string is needed: unknown values become holes named after them. */
export function asStr(v: Val, fallbackName = 'value'): { t: 'str'; parts: Part[] } {
  switch (v.t) {
    case 'str':
      return v;
    case 'mod': {
      const secret = appSecretName(v.path);
      return secret !== undefined
        ? (readValue('config', secret, {}) as { t: 'str'; parts: Part[] })
        : (hole(v.path) as { t: 'str'; parts: Part[] });
    }
    case 'unknown': {
      const h = hole(v.name ?? fallbackName) as { t: 'str'; parts: HolePart[] };
      if (v.param) h.parts[0]!.param = v.param;
      if (v.choices) h.parts[0]!.choices = v.choices;
      return h;
    }
    default:
      return hole(fallbackName) as { t: 'str'; parts: Part[] };
  }
}

export function concat(...vals: Val[]): Val {
  const parts: Part[] = [];
  let size = 0;
  for (const v of vals) {
    for (const p of asStr(v).parts) {
      size += p.kind === 'literal' ? p.text.length : p.name.length + 2;
      if (!fits(STRING_SIZE, parts.length, size)) return { t: 'str', parts: [...parts, { kind: 'unknown', name: 'value' }] };
      parts.push(p);
    }
  }
  return { t: 'str', parts };
}

/**
 * `URLS[kind]` with the key known only at run time: what every entry starts with, then an unknown
 * named `name` (see sharedStart); the entry itself when they are all the same.
 */
export function sharedEntryStart(values: readonly Val[], name: string): Val | undefined {
  if (values.some((v) => v.t !== 'str')) return undefined;
  const shared = sharedStart(values.map((v) => (v as { parts: Part[] }).parts));
  if (!shared) return undefined;
  return shared.whole ? values[0] : { t: 'str', parts: [...shared.parts, { kind: 'unknown', name }] };
}

/** The whole text, when every part is literal. */
export function literalText(v: Val): string | undefined {
  return v.t === 'str' ? partsText(v.parts) : undefined;
}

/** Renders what is not literal as `{name}`: what the endpoint recognizer reads. */
export function render(v: Val): string {
  return renderParts(asStr(v).parts);
}

/** Position of character `offset` of a literal part (approximate after escapes). */
export function litPosition(part: LitPart, offset: number): { line?: number; col?: number } {
  if (part.line === undefined || part.col === undefined) return {};
  const before = part.text.slice(0, offset);
  const nl = before.lastIndexOf('\n');
  if (nl < 0) return { line: part.line, col: part.col + offset };
  let lines = 0;
  for (let i = 0; i < before.length; i++) if (before.charCodeAt(i) === 10) lines++;
  return { line: part.line + lines, col: offset - nl };
}

export function sliceLit(part: LitPart, from: number, to?: number): LitPart {
  const pos = litPosition(part, from);
  const out: LitPart = { kind: 'literal', text: part.text.slice(from, to), line: pos.line, col: pos.col, owner: part.owner };
  if (part.via) out.via = part.via;
  return out;
}

/**
 * Drops empty literal parts and joins literal parts written next to each other. Parts from
 * different places stay apart, so each keeps its own position (and its module).
 */
export function normalizeParts(parts: readonly Part[]): Part[] {
  return mergeLiterals(parts, joinWritten);
}

/** Two literal parts as one when the second is written right after the first, in the same module. */
export function joinWritten(a: LitPart, b: LitPart): LitPart | undefined {
  return contiguous(a, b) ? { ...a, text: a.text + b.text } : undefined;
}

function contiguous(a: LitPart, b: LitPart): boolean {
  if (a.owner !== b.owner || !sameParam(a.via, b.via)) return false;
  if (b.line === undefined) return true;
  return a.line === b.line && a.col !== undefined && a.col + a.text.length === b.col;
}

/** `str.rstrip(chars)` / `lstrip` / `strip` on the literal ends of a template. */
export function stripChars(v: Val, chars: string | undefined, left: boolean, right: boolean): Val {
  if (v.t !== 'str') return v;
  const set = chars ?? ' \t\r\n';
  const parts = normalizeParts(v.parts);
  if (right) {
    const last = parts[parts.length - 1];
    if (last?.kind === 'literal') {
      let end = last.text.length;
      while (end > 0 && set.includes(last.text[end - 1]!)) end--;
      parts[parts.length - 1] = sliceLit(last, 0, end);
    }
  }
  if (left) {
    const first = parts[0];
    if (first?.kind === 'literal') {
      let start = 0;
      while (start < first.text.length && set.includes(first.text[start]!)) start++;
      parts[0] = sliceLit(first, start);
    }
  }
  return { t: 'str', parts };
}

/** Joins a base URL and a relative path the way HTTP clients with `base_url` do. */
export function joinUrl(base: Val, path: Val): Val {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(render(path))) return path;
  const head = path.t === 'str' ? normalizeParts(path.parts)[0] : undefined;
  if (head !== undefined && head.kind !== 'literal' && looksLikeBase(head)) return path;
  const b = stripChars(base, '/', false, true);
  const p = stripChars(path, '/', true, false);
  if (render(p) === '') return b;
  return concat(b, lit('/'), p);
}

/**
 * The default an environment read is written with when it is an identifier (`os.getenv("DBT_CLOUD_CONN_ID",
 * "dbt_cloud_pat")`): what names the Airflow connection an operator uses where the variable is unset.
 */
export function writtenDefaultOf(v: Val | undefined): string | undefined {
  const only = v?.t === 'str' && v.parts.length === 1 ? v.parts[0] : undefined;
  return only?.kind === 'reference' ? only.writtenDefault : undefined;
}

/** Marks a read whose key is `key` as keyed by the parameter `key` came in through, if any. */
export function keyedByParam(read: Val, key: Val | undefined): Val {
  const via = key?.t === 'str' && key.parts.length === 1 ? key.parts[0]!.via : undefined;
  const part = read.t === 'str' && read.parts.length === 1 ? read.parts[0] : undefined;
  if (via && part?.kind === 'reference') part.nameVia = via;
  return read;
}

/** Each read keyed by a parameter of `scope` (`keyedByParam`) reads the key `keyFor` gives instead, when it gives one. */
export function renameReads(v: Val, scope: object, keyFor: (p: ParamRef) => string | undefined): Val {
  if (v.t === 'seq') return { t: 'seq', items: v.items.map((x) => renameReads(x, scope, keyFor)) };
  if (v.t !== 'str' || !v.parts.some((p) => p.kind === 'reference' && p.nameVia?.scope === scope)) return v;
  return {
    t: 'str',
    parts: v.parts.map((p) => {
      if (p.kind !== 'reference' || p.nameVia?.scope !== scope) return p;
      const key = keyFor(p.nameVia);
      if (key === undefined) return p;
      const { nameVia: _passed, ...read } = p;
      return { ...read, name: key };
    }),
  };
}

/** yarl's `url / "segment"`: the segment after one `/`, whatever slashes either side has. */
export function appendSegment(base: Val, segment: Val): Val {
  return concat(stripChars(base, '/', false, true), lit('/'), stripChars(asStr(segment), '/', true, false));
}

function looksLikeBase(part: RefPart | HolePart): boolean {
  return part.dbtHost === true || /(URL|HOST)/i.test(part.name);
}

/** `"%s/api/%s" % (a, b)` and `"%(base)s/x" % {...}` on a literal format string. */
export function percentFormat(fmt: Val, args: Val): Val {
  const text = literalText(fmt);
  if (text === undefined || fmt.t !== 'str') return unknown();
  const first = fmt.parts[0] as LitPart | undefined;
  const positional = args.t === 'seq' ? args.items : [args];
  const out: Val[] = [];
  let i = 0;
  let last = 0;
  let idx = 0;
  const re = /%(\(([^)]{1,80})\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGa%]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(first ? { t: 'str', parts: [sliceLit(first, last, m.index)] } : lit(text.slice(last, m.index)));
    last = m.index + m[0].length;
    if (m[0].endsWith('%') && m[0].length === 2) {
      out.push(lit('%'));
      continue;
    }
    if (m[2] !== undefined) {
      out.push(args.t === 'dict' ? (args.entries.get(m[2]) ?? unknown(m[2])) : unknown(m[2]));
    } else {
      out.push(positional[idx++] ?? unknown());
    }
    i++;
  }
  out.push(first ? { t: 'str', parts: [sliceLit(first, last)] } : lit(text.slice(last)));
  return i === 0 ? fmt : concat(...out);
}

/** `"{}/api/{}".format(a, b)` and `"{base}/x".format(base=...)` on a literal format string. */
export function braceFormat(fmt: Val, positional: Val[], keywords: Map<string, Val>): Val {
  if (fmt.t !== 'str') return unknown();
  // A template built from pieces (`f"{host}/accounts/{account}/artifacts/{{name}}"`): its written
  // text is formatted, the pieces it holds pass through.
  const out: Val[] = [];
  let auto = 0;
  const re = /\{\{|\}\}|\{([^{}!:]{0,80})(?:![rsa])?(?::[^{}]{0,40})?\}/g;
  for (const part of fmt.parts) {
    if (part.kind !== 'literal') {
      out.push({ t: 'str', parts: [part] });
      continue;
    }
    const text = part.text;
    let last = 0;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      out.push({ t: 'str', parts: [sliceLit(part, last, m.index)] });
      last = m.index + m[0].length;
      if (m[0] === '{{' || m[0] === '}}') {
        out.push(lit(m[0][0]!));
        continue;
      }
      const field = (m[1] ?? '').trim();
      const head = field.split(/[.[]/)[0] ?? '';
      if (head === '') out.push(positional[auto++] ?? unknown());
      else if (/^\d+$/.test(head)) out.push(positional[Number(head)] ?? unknown());
      else out.push(keywords.get(head) ?? unknown(head));
    }
    out.push({ t: 'str', parts: [sliceLit(part, last, text.length)] });
  }
  return concat(...out);
}

/** A template's literal digits, for account ids: `12345` or `"12345"`. */
export function literalDigits(v: Val | undefined): string | undefined {
  if (!v) return undefined;
  // `int(os.getenv("DBT_CLOUD_ACCOUNT_ID", "52008"))`: the account where the variable is unset.
  const t = (literalText(v) ?? writtenDefaultOf(v))?.trim();
  return t && isDbtCloudId(t) ? t : undefined;
}

function sameParam(a: ParamRef | undefined, b: ParamRef | undefined): boolean {
  return (
    a === b ||
    (a !== undefined &&
      b !== undefined &&
      a.scope === b.scope &&
      a.index === b.index &&
      (a.keys ?? []).join('\0') === (b.keys ?? []).join('\0'))
  );
}

/**
 * A parameter's value as its first caller gives it, marked as having come in through the
 * parameter: a request built from it can still be re-evaluated with another caller's argument
 * (`call_api(endpoint)` called with a different endpoint each time).
 */
export function viaParam(v: Val, p: ParamRef): Val {
  switch (v.t) {
    case 'str':
      return { t: 'str', parts: v.parts.map((x) => ({ ...x, via: p })) };
    case 'seq':
      return { t: 'seq', items: v.items.map((x) => viaParam(x, p)) };
    case 'dict': {
      // `cfg["api_base"]` read from a dict the first caller passes: came in through that entry.
      if ((p.keys?.length ?? 0) >= 4) return v;
      const entries = new Map<string, Val>();
      for (const [k, x] of v.entries) entries.set(k, viaParam(x, { ...p, keys: [...(p.keys ?? []), k] }));
      return { ...v, entries };
    }
    default:
      return v;
  }
}

/** Parameters (of functions whose callers may fill them) a value depends on. */
export function paramsIn(v: Val | undefined, out: ParamRef[]): void {
  if (!v) return;
  switch (v.t) {
    case 'unknown':
      if (v.param) out.push(v.param);
      return;
    case 'str':
      for (const p of v.parts) {
        if (p.via) out.push(p.via);
        if (p.kind === 'unknown' && p.param) out.push(p.param);
      }
      return;
    case 'seq':
      for (const x of v.items.slice(0, 20)) paramsIn(x, out);
      return;
    default:
      return;
  }
}

/** What a hole becomes with a caller's argument: the argument, or the store's entry under the key it names. */
function filledHole(hole: HolePart, given: Val | undefined): Val | undefined {
  if (!given || hole.storedUnder === undefined) return given;
  const key = literalText(given);
  if (hole.storedUnder === 'env') return key !== undefined && /^[A-Za-z_]\w{0,127}$/.test(key) ? readValue('env', key, {}) : undefined;
  return key !== undefined && /^[\w.:-]{1,250}$/.test(key) ? readValue('config', key, {}, airflowConnectionRef(key)) : undefined;
}

/**
 * `v` with parameters replaced by what `sub` gives for them (a caller's arguments): holes
 * standing for a parameter, and runs of pieces that came in through one (`viaParam`).
 */
export function substituteParams(v: Val, sub: (p: ParamRef) => Val | undefined): Val {
  switch (v.t) {
    case 'unknown':
      return (v.param && sub(v.param)) || v;
    case 'str': {
      if (!v.parts.some((p) => p.via || (p.kind === 'unknown' && p.param))) return v;
      const out: Val[] = [];
      for (let i = 0; i < v.parts.length; i++) {
        const p = v.parts[i]!;
        const via = p.via;
        const replaced = via ? sub(via) : undefined;
        if (via && replaced) {
          // The whole run that came in through the parameter gives way to the caller's argument.
          while (i + 1 < v.parts.length && sameParam(v.parts[i + 1]!.via, via)) i++;
          out.push(replaced);
          continue;
        }
        out.push((p.kind === 'unknown' && p.param ? filledHole(p, sub(p.param)) : undefined) ?? { t: 'str', parts: [p] });
      }
      return concat(...out);
    }
    case 'seq':
      return { t: 'seq', items: v.items.map((x) => substituteParams(x, sub)) };
    case 'dict': {
      // `return {"base_url": f"…/api/{api_version}/…", "headers": …}`: the caller's arguments in
      // each entry. The same dict still (its id): changes made to it are found by that id.
      let changed = false;
      const entries = new Map<string, Val>();
      for (const [k, x] of v.entries) {
        const y = substituteParams(x, sub);
        if (y !== x) changed = true;
        entries.set(k, y);
      }
      return changed ? { ...v, entries } : v;
    }
    default:
      return v;
  }
}
