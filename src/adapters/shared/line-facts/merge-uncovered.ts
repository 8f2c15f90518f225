import type { FileFacts, RawCredential } from '../../../model/raw-facts.js';

// Line-level facts added to a structured reader's facts without saying anything twice: only on
// lines where the structured reader reported nothing, no credential it already named, and no
// request it already reported (a folded command's URL line, its values filled in or not).

/** An API path with its ids and placeholders as one mark: `/api/v2/accounts/{}/jobs/{}/run/`. */
const pathShape = (path: string): string => path.replace(/\/(?:\d+|\{[^/{}]*\})(?=\/|$)/g, '/{}');

export function mergeUncovered(into: FileFacts, from: FileFacts): void {
  const lines = new Set<number>();
  const names = new Set<string>();
  const paths = new Set(into.callSites.flatMap((c) => (c.endpoint?.path ? [pathShape(c.endpoint.path)] : [])));
  const note = (c: RawCredential | undefined): void => {
    if (c?.name) names.add(c.name);
    if (c?.span) lines.add(c.span.line);
  };
  for (const c of into.callSites) {
    lines.add(c.span.line);
    note(c.credential);
  }
  for (const s of into.credentialSites) {
    lines.add(s.span.line);
    note(s.credential);
  }
  for (const d of into.definitions) lines.add(d.span.line);
  const fresh = (c: RawCredential | undefined): boolean => !c?.name || !names.has(c.name);
  for (const c of from.callSites) {
    if (lines.has(c.span.line) || (c.endpoint?.path !== undefined && paths.has(pathShape(c.endpoint.path)))) continue;
    if (c.endpoint?.path !== undefined || fresh(c.credential)) into.callSites.push(c);
  }
  for (const s of from.credentialSites) if (!lines.has(s.span.line)) into.credentialSites.push(s);
  for (const d of from.definitions) if (!lines.has(d.span.line)) into.definitions.push(d);
  for (const p of from.problems) if (!into.problems.includes(p)) into.problems.push(p);
}
