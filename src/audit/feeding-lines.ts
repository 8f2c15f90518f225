import { isDbtDomainHost, splitUrl } from '../classify/endpoint.js';
import { definedNames, interpolatedWordsOf, parameterWordsOf, wordsOf } from './defined-names.js';
import { normalizePlaceholders } from './non-site-reasons.js';
import { REQUEST_CALL, type Document } from './statement-sets.js';

// Which lines feed which: the definitions a fact's lines use (for `feeds-fact`), and the
// statements that send a request to another service with what feeds them (for
// `other-service-request`). Textual, by names; see defined-names.ts.

/**
 * Statements that send a request to a literal host that is not dbt Cloud: a request call with a
 * URL whose host is written in the statement or in a same-file constant it starts with.
 */
export function otherServiceRequests(doc: Document, end: (ln: number) => number): Set<number> {
  const out = new Set<number>();
  const constants = new Map<string, string>();
  doc.lines.forEach((line) => {
    const m = /^\s*(?:export\s+)?(?:const\s+|let\s+|var\s+)?([A-Za-z_][\w]*)\s*=\s*(?:f|r)?["'`](https?:\/\/[^"'`\s]+)/.exec(line);
    if (m) constants.set(m[1]!, m[2]!);
  });
  for (let ln = 1; ln <= doc.lines.length; ln++) {
    if (!REQUEST_CALL.test(doc.lines[ln - 1]!)) continue;
    const last = end(ln);
    const statement = doc.lines.slice(ln - 1, last).join('\n');
    const urls: string[] = [];
    for (const m of statement.matchAll(/https?:\/\/[^\s"'`]+/g)) urls.push(m[0]);
    for (const m of statement.matchAll(/["'`]\$?\{\s*([A-Za-z_]\w*)\s*\}/g)) {
      const value = constants.get(m[1]!);
      if (value) urls.push(value);
    }
    if (urls.length === 0) continue;
    const hosts = urls.map((u) => splitUrl(normalizePlaceholders(u)).host);
    if (hosts.every((h) => h !== undefined && !/[{}]/.test(h) && !isDbtDomainHost(h))) {
      for (let l = ln; l <= last; l++) out.add(l);
    }
  }
  return out;
}

/**
 * Lines that feed the seeds: a definition whose name a fed line uses. Each use is bound to the
 * nearest definition of that name before it (after it when there is none before), which stands
 * in for scopes: two `url = …` in two functions feed only their own requests. `external` lines
 * are definitions other files use in facts; they feed too.
 */
export function feedingLines(
  doc: Document,
  seeds: Set<number>,
  external: Set<number>,
  end: (ln: number) => number,
): Map<number, 'fact' | 'definition'> {
  const fed = new Map<number, 'fact' | 'definition'>();
  for (const l of seeds) fed.set(l, 'fact');
  const defsByName = new Map<string, number[]>();
  const definedOn: string[][] = [];
  doc.lines.forEach((line, i) => {
    const names = definedNames(line);
    definedOn.push(names);
    for (const name of names) {
      const list = defsByName.get(name) ?? [];
      list.push(i + 1);
      defsByName.set(name, list);
    }
  });
  const feed = (target: number, next: number[]): void => {
    for (let l = target; l <= propertyEnd(doc, target, end(target)); l++) {
      if (fed.has(l)) continue;
      fed.set(l, 'definition');
      next.push(l);
    }
  };
  let frontier: number[] = [...seeds];
  for (const l of external) feed(l, frontier);
  for (let round = 0; frontier.length > 0 && round < 50; round++) {
    const next: number[] = [];
    for (const use of frontier) {
      const own = new Set(fed.get(use) === 'definition' ? definedOn[use - 1] : []);
      const line = doc.lines[use - 1] ?? '';
      const config = doc.family === 'yaml' || doc.family === 'json';
      for (const word of new Set(config ? interpolatedWordsOf(line) : wordsOf(line))) {
        if (own.has(word)) continue;
        const defs = defsByName.get(word);
        if (!defs) continue;
        const before = defs.filter((d) => d < use);
        const target = before.length > 0 ? before[before.length - 1]! : defs.find((d) => d > use);
        if (target === undefined || fed.has(target)) continue;
        feed(target, next);
        // The same name set in the other branches of an `if` above it: any of them reaches the use.
        for (let i = before.length - 2; i >= 0 && branchesApart(doc, before[i]!, before[i + 1]!); i--)
          if (!fed.has(before[i]!)) feed(before[i]!, next);
      }
      if (config) for (const word of parameterWordsOf(line)) for (const d of defsByName.get(word) ?? []) if (!fed.has(d)) feed(d, next);
    }
    frontier = next;
  }
  return fed;
}

/**
 * A Python `@property` is read as an attribute (`settings.api`): the use names the `def`, and what
 * the value is comes from its body. The last line of that body, else `last` (the statement's).
 */
function propertyEnd(doc: Document, def: number, last: number): number {
  const header = doc.lines[def - 1] ?? '';
  if (!/^\s*(?:async\s+)?def\s/.test(header) || !/^\s*@(?:functools\.)?(?:cached_)?property\s*$/.test(doc.lines[def - 2] ?? ''))
    return last;
  const indent = header.length - header.trimStart().length;
  let out = last;
  for (let l = last + 1; l <= doc.lines.length && l <= last + 200; l++) {
    const line = doc.lines[l - 1]!;
    if (line.trim() === '') continue;
    if (line.length - line.trimStart().length <= indent) break;
    out = l;
  }
  return out;
}

/** Whether the definitions on lines `a` < `b` sit in two branches of one `if`: an `else`/`elif` between them, less indented. */
function branchesApart(doc: Document, a: number, b: number): boolean {
  const indent = (l: string): number => l.length - l.trimStart().length;
  const defIndent = indent(doc.lines[a - 1] ?? '');
  for (let l = a + 1; l < b; l++) {
    const line = doc.lines[l - 1] ?? '';
    if (/^[ \t]*(?:\}[ \t]*)?(?:else(?:[ \t]+if\b.*)?|elif\b.*)[ \t]*[:{]?[ \t]*$/.test(line) && indent(line) < defIndent) return true;
  }
  return false;
}
