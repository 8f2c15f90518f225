import { MAX_YAML_NESTING, yamlNestingDepth } from '../../../discover/yaml-nesting.js';
import type { Alias, Document, Node as YamlNode, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { LineIndex } from '../../../facts/location.js';
import type { Span } from '../../../model/raw-facts.js';
import { loadYaml } from '../../../packages.js';
import { BudgetExceeded, isBudgetExceeded, isParseError } from '../../../errors.js';
import { caughtExpected } from '../../extraction-limits.js';

// YAML loading for CI files: every node keeps its file offset, so facts carry the file's own
// line/column. We never call the library's toJS (it would expand aliases); instead aliases and
// `<<` merge keys are resolved here, node by node, under a work budget, so a YAML bomb costs a
// bounded amount of work. Parser messages are never surfaced: they quote source lines.

type YamlModule = typeof import('yaml');
const loadYamlModule = (): Promise<YamlModule> => loadYaml();

/** Thrown when a document needs more alias/merge work than any real CI file does. */
class YamlBudgetExceeded extends BudgetExceeded {
  constructor() {
    super('YAML document too complex (aliases or merge keys)');
  }
}

/** Alias and merge resolution steps allowed per document, plus one per character of text. */
const WORK_BUDGET = 200_000;
/** Alias chains (`*a` pointing at an alias) and nested merges deeper than this are ignored. */
const MAX_DEREF_DEPTH = 32;
const MAX_PROBLEMS = 5;

export type { YamlNode, Scalar, YAMLMap, YAMLSeq, Pair };

export interface MapEntry {
  key: string;
  /** The value, aliases resolved. Undefined for `key:` with no value. */
  value: YamlNode | undefined;
  pair: Pair;
}

export class CiYamlDocument {
  private work = 0;
  private readonly budget: number;
  private readonly anchors = new Map<string, YamlNode[]>();
  /** Each mapping's merged entries are computed once: repeated lookups and shared merges cost nothing more. */
  private readonly entryCache = new WeakMap<YAMLMap, MapEntry[]>();

  constructor(
    private readonly y: YamlModule,
    readonly doc: Document.Parsed,
    private readonly lines: LineIndex,
    readonly text: string,
  ) {
    this.budget = WORK_BUDGET + text.length;
    this.indexAnchors();
  }

  get root(): YamlNode | undefined {
    return this.deref(this.doc.contents ?? undefined);
  }

  isMap(n: unknown): n is YAMLMap {
    return this.y.isMap(n);
  }
  isSeq(n: unknown): n is YAMLSeq {
    return this.y.isSeq(n);
  }
  isScalar(n: unknown): n is Scalar {
    return this.y.isScalar(n);
  }

  /** 1-based line/column of a file offset. */
  position(offset: number): Span {
    return this.lines.at(offset);
  }

  /** Where a node starts (a map's first key, a scalar's first character or quote). */
  span(node: YamlNode | Pair | undefined | null): Span | undefined {
    const n = node && this.y.isPair(node) ? (node.key as YamlNode | null) : node;
    const start = n?.range?.[0];
    return typeof start === 'number' ? this.position(start) : undefined;
  }

  /** Where a scalar's content starts: after the opening quote of a quoted scalar. */
  valueSpan(node: YamlNode | undefined): Span | undefined {
    const s = this.span(node);
    if (s && this.isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) {
      return { line: s.line, column: s.column + 1 };
    }
    return s;
  }

  /** Follows aliases to the anchored node. */
  deref(node: YamlNode | null | undefined): YamlNode | undefined {
    let n: YamlNode | null | undefined = node;
    for (let depth = 0; n && this.y.isAlias(n); depth++) {
      if (depth >= MAX_DEREF_DEPTH) return undefined;
      this.spend();
      n = this.anchorFor(n);
    }
    return n ?? undefined;
  }

  /**
   * A mapping's entries with `<<` merge keys applied (own keys win, then merged maps in order)
   * and values dereferenced. Keys that are not scalars are skipped.
   */
  entries(node: YamlNode | null | undefined): MapEntry[] {
    return this.entriesAt(node, 0);
  }

  private entriesAt(node: YamlNode | null | undefined, depth: number): MapEntry[] {
    const map = this.deref(node);
    if (!this.isMap(map)) return [];
    const cached = this.entryCache.get(map);
    if (cached) return cached;
    const out = this.collectEntries(map, depth);
    this.entryCache.set(map, out);
    return out;
  }

  get(node: YamlNode | null | undefined, key: string): MapEntry | undefined {
    return this.entries(node).find((e) => e.key === key);
  }

  value(node: YamlNode | null | undefined, key: string): YamlNode | undefined {
    return this.get(node, key)?.value;
  }

  /** Items of a sequence, aliases resolved. */
  items(node: YamlNode | null | undefined): YamlNode[] {
    const seq = this.deref(node);
    if (!this.isSeq(seq)) return [];
    const out: YamlNode[] = [];
    for (const item of seq.items) {
      this.spend();
      const v = this.deref(item as YamlNode);
      if (v) out.push(v);
    }
    return out;
  }

  /** A scalar's value as a string (numbers and booleans as written), or undefined. */
  str(node: YamlNode | null | undefined): string | undefined {
    const n = this.deref(node);
    if (!this.isScalar(n)) return undefined;
    const v = n.value;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') {
      return typeof n.source === 'string' && n.source !== '' ? n.source : String(v);
    }
    return undefined;
  }

  /** The `!reference [job, key, ...]` tag GitLab uses; its path, when the node is one. */
  referencePath(node: YamlNode | null | undefined): string[] | undefined {
    const n = this.deref(node);
    if (!this.isSeq(n) || n.tag !== '!reference') return undefined;
    const path = n.items.map((i) => this.str(i as YamlNode));
    return path.every((p): p is string => typeof p === 'string') && path.length > 0 ? path : undefined;
  }

  spend(cost = 1): void {
    this.work += cost;
    if (this.work > this.budget) throw new YamlBudgetExceeded();
  }

  private collectEntries(map: YAMLMap, depth: number): MapEntry[] {
    const out: MapEntry[] = [];
    const seen = new Set<string>();
    const merges: YamlNode[] = [];
    for (const pair of map.items) {
      this.spend();
      const keyNode = pair.key as YamlNode | null;
      const key =
        this.isScalar(keyNode) && keyNode.type !== 'QUOTE_DOUBLE' && keyNode.type !== 'QUOTE_SINGLE' && keyNode.value === '<<'
          ? '<<'
          : this.str(keyNode);
      if (key === undefined) continue;
      if (key === '<<') {
        const src = this.deref(pair.value as YamlNode | null);
        if (this.isSeq(src)) merges.push(...this.items(src));
        else if (src) merges.push(src);
        continue;
      }
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ key, value: this.deref(pair.value as YamlNode | null), pair: pair as Pair });
    }
    if (depth >= MAX_DEREF_DEPTH) return out;
    for (const m of merges) {
      for (const e of this.entriesAt(m, depth + 1)) {
        this.spend();
        if (seen.has(e.key)) continue;
        seen.add(e.key);
        out.push(e);
      }
    }
    return out;
  }

  /** The last node anchored with the alias's name before the alias itself (YAML's rule). */
  private anchorFor(alias: Alias): YamlNode | undefined {
    const candidates = this.anchors.get(alias.source);
    if (!candidates) return undefined;
    const at = alias.range?.[0] ?? Number.MAX_SAFE_INTEGER;
    let found: YamlNode | undefined;
    for (const c of candidates) {
      if ((c.range?.[0] ?? 0) < at) found = c;
      else break;
    }
    return found;
  }

  /** One iterative pass over the tree (documents may be nested arbitrarily deep). */
  private indexAnchors(): void {
    const stack: unknown[] = [this.doc.contents];
    let visited = 0;
    while (stack.length > 0) {
      const n = stack.pop();
      if (!n || typeof n !== 'object') continue;
      if (++visited > 5_000_000) break;
      if (this.y.isPair(n)) {
        stack.push(n.value, n.key);
        continue;
      }
      if (!this.y.isNode(n)) continue;
      const anchor = (n as { anchor?: string }).anchor;
      if (anchor && !this.y.isAlias(n)) {
        const list = this.anchors.get(anchor) ?? [];
        list.push(n);
        this.anchors.set(anchor, list);
      }
      if (this.y.isCollection(n)) for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
    }
    for (const list of this.anchors.values()) list.sort((a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0));
  }
}

export interface LoadedYaml {
  docs: CiYamlDocument[];
  problems: string[];
}

/**
 * Parses every YAML document in `text` with the default (core) schema and no custom tags.
 * Parse errors become `YAML parse error at line N` problems; the partial tree is still used.
 */
export async function loadCiYaml(text: string): Promise<LoadedYaml> {
  const y = await loadYamlModule();
  const problems: string[] = [];
  const lines = new LineIndex(text);
  const lineOf = (offset: number | undefined): number => (typeof offset === 'number' ? lines.at(offset).line : 1);
  let parsed: Document.Parsed[];
  // Refused before the library recurses: an overflow inside V8's regexp compiler aborts the process.
  if (yamlNestingDepth(text) > MAX_YAML_NESTING) {
    problems.push(`YAML nesting deeper than ${MAX_YAML_NESTING} levels; not analysed`);
    return { docs: [], problems };
  }
  try {
    parsed = y.parseAllDocuments(text, {
      merge: false,
      uniqueKeys: false,
      strict: false,
      prettyErrors: false,
      keepSourceTokens: false,
      intAsBigInt: false,
      logLevel: 'silent',
    }) as Document.Parsed[];
    if (!Array.isArray(parsed)) parsed = [];
  } catch (err) {
    if (caughtExpected(err, isBudgetExceeded, isParseError))
      problems.push(err instanceof RangeError ? 'YAML nesting too deep to parse' : 'YAML parse error');
    return { docs: [], problems };
  }
  const docs: CiYamlDocument[] = [];
  for (const d of parsed) {
    for (const e of d.errors) {
      if (problems.length >= MAX_PROBLEMS) break;
      const msg = /call stack/i.test(e.message)
        ? `YAML nesting too deep at line ${lineOf(e.pos?.[0])}`
        : `YAML parse error at line ${lineOf(e.pos?.[0])}`;
      if (!problems.includes(msg)) problems.push(msg);
    }
    docs.push(new CiYamlDocument(y, d, lines, text));
  }
  return { docs, problems };
}

/**
 * The problem line of an extraction that stopped early on a cap or on input it could not read;
 * never quotes the error (it may quote source). None for any other error: a bug, which
 * `caughtExpected` reports (or rethrows under DTS_STRICT=1).
 */
export function failureProblem(err: unknown): string[] {
  if (!caughtExpected(err, isBudgetExceeded, isParseError)) return [];
  if (err instanceof YamlBudgetExceeded) return ['YAML too complex: alias or merge key expansion limit reached'];
  if (err instanceof RangeError) return ['YAML nesting too deep to analyse'];
  return ['CI file could not be analysed completely'];
}
