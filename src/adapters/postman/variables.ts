import type { Span } from '../../model/raw-facts.js';
import { member, scalarText, stringValue, type JsonValue } from '../shared/json-offsets/json-tree.js';
import type { LineIndex } from '../../facts/location.js';

// Postman `{{name}}` variables: collection `variable[]`, environment and globals `values[]`.
// Environment values override collection values, as in Postman.

export interface VariableValue {
  value: string;
  /** Where the value is written, when it is written in the file being scanned. */
  span?: Span;
  /** Where it came from: the collection itself, or an environment file beside it. */
  origin: 'collection' | 'environment';
}

export interface VariableEntry {
  key: string;
  value: string;
  /** The value's span, or the entry's when the value is missing. */
  span: Span;
  entrySpan: Span;
  enabled: boolean;
}

/** The `{key, value}` entries of a `variable[]` or `values[]` array. */
export function variableEntries(list: JsonValue | undefined, lines: LineIndex): VariableEntry[] {
  if (list?.type !== 'array') return [];
  const out: VariableEntry[] = [];
  for (const item of list.items) {
    const key = stringValue(member(item, 'key')) ?? stringValue(member(item, 'id'));
    if (key === undefined || item.type !== 'object') continue;
    const v = member(item, 'value');
    const value = scalarText(v) ?? '';
    out.push({
      key,
      value,
      span: v ? lines.at(v.start) : lines.at(item.start),
      entrySpan: lines.span(item.start, item.end),
      // Environments say `enabled: false`, collection variables `disabled: true`.
      enabled: scalarText(member(item, 'enabled')) !== 'false' && scalarText(member(item, 'disabled')) !== 'true',
    });
  }
  return out;
}

const VAR = /\{\{([^{}]*)\}\}/g;

export class VariableScope {
  private readonly values = new Map<string, VariableValue>();

  /** Later calls override earlier ones (collection first, then environments). */
  add(entries: readonly VariableEntry[], origin: VariableValue['origin'], withSpans: boolean): void {
    for (const e of entries) {
      if (!e.enabled || e.value === '') continue;
      this.values.set(e.key, withSpans ? { value: e.value, span: e.span, origin } : { value: e.value, origin });
    }
  }

  get(name: string): VariableValue | undefined {
    return this.values.get(name);
  }

  /**
   * Replaces `{{name}}` with known values (a few passes, for variables built from variables);
   * unknown names become `{name}` placeholders, the form the endpoint recognizer expects.
   */
  substitute(text: string): string {
    let out = text;
    for (let pass = 0; pass < 3 && out.includes('{{'); pass++) {
      out = out.replace(VAR, (_m, raw: string) => this.values.get(raw.trim())?.value ?? `\u0000${raw.trim()}\u0001`);
    }
    // Whatever is still unresolved (or nested too deep) becomes a single-brace placeholder.
    return out
      .replace(VAR, (_m, raw: string) => `\u0000${raw.trim()}\u0001`)
      .replace(/\u0000/g, '{')
      .replace(/\u0001/g, '}');
  }
}
