import { isDbtCloudHost } from '../../classify/endpoint.js';

// What a dbt Cloud call site or credential of a JavaScript module is made of, as text: every
// endpoint the adapter recognises needs a dbt Cloud host, a dbt-named host or base URL, or a dbt
// Cloud API path (src/classify/endpoint.ts); every token-only call needs a dbt-named token or a
// token literal; a legacy key site needs a 40-hex literal. A module whose text, and the text of
// everything it imports, holds none of these can yield nothing, however its calls are written,
// so it is not parsed. Over-approximations all: a hit here only means "parse and see".

const NAME_WORDS = 'host|url|uri|domain|endpoint|tenant|base|api|token|key|pat|secret|auth|cred|pass|bearer|access';

/** Token prefixes, 40-hex literals, API paths, and dbt-named hosts, bases and credentials (either word first). */
const EVIDENCE = new RegExp(
  [
    'dbt[uc]_',
    String.raw`\b[0-9a-f]{40}\b`,
    String.raw`\/accounts\b`,
    String.raw`api\/v[234]`,
    String.raw`api\/ai\b`,
    String.raw`dbt[\w$.-]{0,40}?(?:${NAME_WORDS})`,
    String.raw`(?:${NAME_WORDS})[\w$.-]{0,40}?dbt`,
  ].join('|'),
  'i',
);

/** dbt's domains; the host name around each is read backwards by hand (a leading `[…]*` would retry at every character). */
const DBT_DOMAIN = /(?:getdbt|\bdbt)\.com\b/gi;
const HOST_CHAR = /[\w.${}-]/;

export function holdsCallEvidence(text: string): boolean {
  if (EVIDENCE.test(text)) return true;
  for (const m of text.matchAll(DBT_DOMAIN)) {
    let start = m.index;
    while (start > 0 && m.index - start < 256 && HOST_CHAR.test(text[start - 1]!)) start--;
    const written = text.slice(start, m.index + m[0].length);
    const host = written.replace(/^[.-]+/, '').replace(/\$?\{[^{}]*\}/g, 'x');
    // A host cut off at its start (`'.' + region + '.dbt.com'`) may be any API host.
    if (/^(?:getdbt|dbt)\.com$/i.test(host) ? written.startsWith('.') : isDbtCloudHost(host)) return true;
  }
  return false;
}
