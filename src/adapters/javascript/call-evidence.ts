import { isDbtCloudHost } from '../../classify/endpoint.js';

// What a dbt Cloud call site or credential of a JavaScript module is made of, as text: every
// endpoint the adapter recognises needs a dbt Cloud host, a dbt-named host or base URL, or a dbt
// Cloud API path (src/classify/endpoint.ts); every token-only call needs a dbt-named token or a
// token literal; a legacy key site needs a 40-hex literal. A module whose text, and the text of
// everything it imports, holds none of these can yield nothing, however its calls are written,
// so it is not parsed. Over-approximations all: a hit here only means "parse and see".

const NAME_WORDS = 'host|url|uri|domain|endpoint|tenant|base|api|token|key|pat|secret|auth|cred|pass|bearer|access';

/**
 * Token prefixes, API paths, dbt's data API hosts built on another host (`metadata.${host}`) and
 * dbt's partner header (`X-dbt-partner-source`, which only dbt Cloud reads): evidence wherever they are. Looked for first, on their own: each starts with a literal, so the
 * search runs at memory speed, where the whole alternation tried every word of a 6 MB bundle (4 ms
 * instead of 23 to its first hit).
 */
const PLAIN_EVIDENCE = /dbt[uc]_|\/accounts\b|api\/v[234]|api\/ai\b|metadata\.\$\{|semantic-layer\.\$\{|x-dbt-partner-source/i;

/** 40-hex literals, and (captured) dbt-named hosts, bases and credentials, either word first. */
const EVIDENCE = new RegExp(
  [String.raw`\b[0-9a-f]{40}\b`, String.raw`(dbt[\w$.-]{0,40}?(?:${NAME_WORDS})|(?:${NAME_WORDS})[\w$.-]{0,40}?dbt)`].join('|'),
  'gi',
);

const CREDENTIAL_WORD = /token|key|pat|secret|auth|cred|pass|bearer|access/i;
const IDENTIFIER_CHAR = /[\w$]/;

/** dbt's domains; the host name around each is read backwards by hand (a leading `[…]*` would retry at every character). */
const DBT_DOMAIN = /(?:getdbt|\bdbt)\.com\b/gi;
const HOST_CHAR = /[\w.${}-]/;

export function holdsCallEvidence(text: string): boolean {
  if (PLAIN_EVIDENCE.test(text)) return true;
  const settled = new Map<string, boolean>();
  for (const m of text.matchAll(EVIDENCE)) {
    if (m[1] === undefined) return true;
    const name = identifierAround(text, m.index, m.index + m[0].length);
    if (name === undefined) return true;
    let known = settled.get(name);
    if (known === undefined) settled.set(name, (known = boundOnlyToNonApiValues(text, name)));
    if (!known) return true;
  }
  for (const m of text.matchAll(DBT_DOMAIN)) {
    let start = m.index;
    while (start > 0 && m.index - start < 256 && HOST_CHAR.test(text[start - 1]!)) start--;
    const written = text.slice(start, m.index + m[0].length);
    const host = written.replace(/^[.-]+/, '').replace(/\$?\{[^{}]*\}/g, 'x');
    // A host cut off at its start (`'.' + region + '.dbt.com'`) may be any API host.
    if (/^(?:getdbt|dbt)\.com$/i.test(host) ? written.startsWith('.') : isDbtCloudHost(host)) {
      if (!listedAmongDbtSites(text, start, m.index + m[0].length)) return true;
    }
  }
  return false;
}

/**
 * Whether the host written at `start`..`end` is a bare quoted item of a list that also names one
 * of dbt's web sites (`['docs.getdbt.com', 'cloud.getdbt.com']`: an allow-list of dbt Labs'
 * properties for links or telemetry), not a host a call is made to.
 */
function listedAmongDbtSites(text: string, start: number, end: number): boolean {
  const quote = text[start - 1];
  if ((quote !== "'" && quote !== '"') || text[end] !== quote) return false;
  const before = /[[(,]\s*$/.test(text.slice(Math.max(0, start - 41), start - 1));
  const after = /^\s*[\]),]/.test(text.slice(end + 1, end + 41));
  if (!before || !after) return false;
  const around = text.slice(Math.max(0, start - 400), end + 400);
  for (const site of around.matchAll(QUOTED_DBT_HOST)) {
    if (!isDbtCloudHost(site[1]!)) return true;
  }
  return false;
}

const QUOTED_DBT_HOST = /['"]((?:[\w-]+\.)*(?:getdbt|dbt)\.com)['"]/gi;

/** The whole identifier a name-word match lies in; none when the match spans a member access or a dash. */
function identifierAround(text: string, from: number, to: number): string | undefined {
  let start = from;
  let end = to;
  while (start > 0 && IDENTIFIER_CHAR.test(text[start - 1]!)) start--;
  while (end < text.length && IDENTIFIER_CHAR.test(text[end]!)) end++;
  const name = text.slice(start, end);
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : undefined;
}

/**
 * Whether a dbt-named location (`DBT_STATE_URL`, `dbtDocsBase`) is only ever bound, in this
 * module, to a link to one of dbt's sites that is not an API host, or to an object literal it
 * spreads whole: then its name cannot make a call a dbt Cloud call (a member of such an object,
 * `DBT_BASE.url`, could, so any member access keeps the name as evidence). Names with a
 * credential word, names never bound here (imported, parameters) and any other value stay evidence.
 */
function boundOnlyToNonApiValues(text: string, name: string): boolean {
  if (CREDENTIAL_WORD.test(name)) return false;
  let bindings = 0;
  let objects = false;
  let memberAccess = false;
  const occurrence = new RegExp(String.raw`(?<![\w$])${name.replace(/\$/g, '\\$')}(?![\w$])`, 'g');
  for (const m of text.matchAll(occurrence)) {
    const before = text.slice(Math.max(0, m.index - 3), m.index);
    if (before.endsWith('.') && before !== '...') return false;
    const after = text.slice(m.index + name.length, m.index + name.length + 300);
    const binding = /^\s*(?:=(?![=>])|:)\s*/.exec(after);
    if (binding === null) {
      // An optional property (`DBT_URL?: string`) is given its value elsewhere.
      if (/^\s*\?\s*:/.test(after)) return false;
      if (/^\s*(?:\?\.|\.(?!\.)|\[)/.test(after)) memberAccess = true;
      continue;
    }
    const value = after.slice(binding[0].length);
    bindings++;
    if (value.startsWith('{')) objects = true;
    else if (!isNonApiDbtLink(value)) return false;
  }
  return bindings > 0 && !(objects && memberAccess);
}

/** A complete string literal (no interpolation, nothing appended) linking to a dbt site that serves no API. */
function isNonApiDbtLink(value: string): boolean {
  const literal = /^(['"`])https?:\/\/([\w.-]+)(?::\d+)?(?:[/?#][^'"`$\\\n]*)?\1\s*(?:[;,)}\]\n]|$)/.exec(value);
  if (literal === null) return false;
  const host = literal[2]!.toLowerCase();
  return /(?:^|\.)(?:getdbt|dbt)\.com$/.test(host) && !isDbtCloudHost(host);
}
