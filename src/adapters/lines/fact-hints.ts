import { isYaml } from '../descriptor.js';
import { DBT_CLI_TOOL_COMMAND } from '../shell/dbt-cli-tool-names.js';
import { DBT_SITE_LABELS } from '../../classify/dbt-sites.js';

// What any fact of the line-level adapter needs somewhere in a file. One home for two readers: the
// adapter tests a file's text before its lexer runs; the pre-filter tests a UTF-8 file's bytes
// read as Latin-1 before decoding them, so that the thousands of files a dbt project's own
// sources hold (Rust `DbtPath`, `dbt_cloud` config structs, docs links) are never decoded.

/**
 * The hints, with `gap` between `dbt` and the word after it: on text one separator at most; on
 * bytes also the two or three bytes of a Unicode space, so that the bytes pass wherever the text does.
 */
function hints(gap: string): { yaml: RegExp; codeName: RegExp } {
  return {
    /**
     * A YAML file's facts: a dbt Cloud host or API path, a token prefix, or a dbt Cloud token
     * name (a YAML key naming a dbt token is a fact by itself).
     */
    yaml: new RegExp(
      String.raw`getdbt|dbt\.com|dbt[uc]_|\/api\/v[23]\/|\/api\/ai\/v1\/mcp|dbt${gap}cloud|dbt[_-]?(?:token|service|pat\b|personal|api[_-]?(?:key|token)|auth|access)`,
      'i',
    ),
    codeName: new RegExp(String.raw`dbt${gap}(?:cloud|token|service|pat\b|personal|api[_-]?(?:key|token)|auth|access)`, 'i'),
  };
}

const ON_TEXT = hints(String.raw`[\s_-]?`);
const ON_BYTES = hints(String.raw`(?:[\s_-]|[\x80-\xff]{2,3})?`);

// Each test is one literal-led pattern: an alternation of differently led ones is slower than all of them.
const TOKEN_PREFIX = /dbt[uc]_/i;
const API_PATH = /api\/(?:v[23]|ai\/v1\/mcp|private\/accounts)\//i;
/** An account path under a base that holds `/api` (the Terraform provider's `host_url`, a client's own `{url}/v2/accounts/…`). */
const ACCOUNTS_UNDER_BASE = /\/v[234]\/accounts\b/i;
const DBT_DOMAIN = /dbt\.com/gi;

/**
 * A host on getdbt.com or dbt.com that is not one of its web sites (`cloud.getdbt.com`,
 * `ab123.us1.dbt.com`). Host names are ASCII: the same answer on text and on bytes.
 */
function mentionsApiHost(code: string): boolean {
  DBT_DOMAIN.lastIndex = 0;
  for (let m = DBT_DOMAIN.exec(code); m; m = DBT_DOMAIN.exec(code)) {
    let end = m.index;
    if (code.slice(end - 3, end).toLowerCase() === 'get') end -= 3;
    if (code[end - 1] !== '.') continue;
    let start = end - 1;
    while (start > 0 && /[\w-]/.test(code[start - 1]!)) start--;
    if (start < end - 1 && !DBT_SITE_LABELS.has(code.slice(start, end - 1).toLowerCase())) return true;
  }
  return false;
}

const NAME_COMPANIONS = [/\/accounts\b/i, /graphql/i, /\/api\//i];
/** dbt Cloud's partner header, which only its clients send: with an API path, a call at a host set elsewhere. */
const PARTNER_HEADER = /x-dbt-partner-source/i;
const LEGACY_KEY = /\b[0-9a-f]{40}\b/i;
/** What a legacy key site is assigned to: a name with dbt and a secret word (credentials/names.ts), either first. */
const DBT_SECRET_NAME = /dbt[\w$.-]{0,60}?(?:token|key|pat|secret)|(?:token|key|pat|secret)[\w$.-]{0,60}?dbt/i;

/**
 * What a fact of a source file (Go, Java, Rust, ...) needs in its code: a call site is a URL on a
 * dbt Cloud API host or an `/api/v2|v3/` path (a `{base}` placeholder counts only beside a
 * literal dbt Cloud base URL); a token site is a token prefix, or 40 hex characters assigned to
 * a dbt token name (a commit digest beside dbt words is neither). Documentation hosts
 * (`docs.getdbt.com`, `www.getdbt.com`, `schemas.…`) and dbt words alone give none: dbt's own Rust
 * sources say `dbt_cloud` and link the docs everywhere. dbt Cloud's partner header beside an API path
 * or GraphQL makes a call of a client whose host is set elsewhere.
 */
const codeFactHint =
  (h: { codeName: RegExp }) =>
  (code: string): boolean =>
    TOKEN_PREFIX.test(code) ||
    API_PATH.test(code) ||
    ACCOUNTS_UNDER_BASE.test(code) ||
    mentionsApiHost(code) ||
    (PARTNER_HEADER.test(code) && NAME_COMPANIONS.some((re) => re.test(code))) ||
    // The name before the 40 hex characters: on a dbt project's sources their search costs twice the name's.
    (h.codeName.test(code) && (NAME_COMPANIONS.some((re) => re.test(code)) || (DBT_SECRET_NAME.test(code) && LEGACY_KEY.test(code))));

/** On text: the adapter's own test, also the line scanner's (`needs`, shared/line-facts/line-facts.ts). */
export const mayHoldCodeFact = codeFactHint(ON_TEXT);
const mayHoldCodeFactInBytes = codeFactHint(ON_BYTES);

/** Whether the adapter can take a fact from this text. */
export const mayHoldLineFact = (text: string, path: string): boolean =>
  isYaml(path) ? ON_TEXT.yaml.test(text) : mayHoldCodeFact(text) || runsCliTool(text, path);

/** The same on a UTF-8 file's bytes read as Latin-1: true wherever the decoded text passes. */
export const mayHoldLineFactInBytes = (bytesAsLatin1: string, path: string): boolean =>
  isYaml(path) ? ON_BYTES.yaml.test(bytesAsLatin1) : mayHoldCodeFactInBytes(bytesAsLatin1) || runsCliTool(bytesAsLatin1, path);

/** A Makefile or justfile whose recipes run a dbt Cloud CLI client (`dbt-cloud job run`): a call without a URL. */
const RECIPE_FILE = /(?:^|\/)(?:(?:gnu)?makefile|\.?justfile)$|\.(?:mk|just)$/i;
const runsCliTool = (text: string, path: string): boolean => RECIPE_FILE.test(path) && DBT_CLI_TOOL_COMMAND.test(text);
