import { isDbtSpecificName, isDbtTokenName } from './names.js';
import { LEGACY_KEY_SHAPE } from './token-shapes.js';

// A legacy user API key is 40 lowercase hex characters: the shape of a git SHA too, so it is a key
// only where a dbt token name holds it. Adapters see that name in code they parse; this is the
// same rule for what no adapter reads as an assignment: a script's `export DBT_CLOUD_API_KEY=<hex>`,
// a JSON `"dbt_cloud_api_key": "<hex>"`, a YAML `api_key: <hex>` under a `dbt_cloud:` block, and
// the default of a named read (`os.getenv("DBT_API_KEY", "<hex>")`).

const HEX = LEGACY_KEY_SHAPE.source.slice(1, -1);
/** `NAME = "<hex>"`, `NAME: <hex>`, `"NAME": "<hex>"`, `export NAME=<hex>`, `set NAME=<hex>`, one per line. */
const ASSIGNMENT = new RegExp(
  `^([ \\t]*)(?:[-,{][ \\t]*)?(?:export[ \\t]+|set[ \\t]+|\\$env:)?(["']?)([A-Za-z_][\\w.-]{0,120})\\2[ \\t]*(?::=|[:=])[ \\t]*(["']?)(${HEX})\\4(?![\\w])`,
  'gm',
);
/** A default given where a named value is read (`os.getenv("DBT_API_KEY", "<hex>")`, `config.get("dbt_token", default="<hex>")`). */
const READ_DEFAULT = new RegExp(
  `\\([ \\t]*(["'])([A-Za-z_][\\w.-]{0,120})\\1[ \\t]*,[ \\t]*(?:\\w+[ \\t]*=[ \\t]*)?(["'])(${HEX})\\3[ \\t]*\\)`,
  'g',
);
const TOKEN_VALUE = `${HEX}|dbt[uc]_[A-Za-z0-9_-]{50}`;
/**
 * The fallback of a named read, in the forms languages write it: a call's second argument
 * (`os.getenv("X", "…")`, `ENV.fetch("X", "…")`, `getOrDefault("X", "…")`, `Variable.get("x", default_var="…")`),
 * a shell default (`${X:-…}`), or an `||` / `??` / `or` after an env read (`process.env.X || "…"`, `os.environ.get("X") or "…"`).
 */
const NAMED_READ_DEFAULTS: readonly RegExp[] = [
  new RegExp(`\\([ \\t]*(["'])([A-Za-z_][\\w.-]{0,120})\\1[ \\t]*,[ \\t]*(?:\\w+[ \\t]*=[ \\t]*)?(["'])(${TOKEN_VALUE})\\3[ \\t]*\\)`, 'g'),
  new RegExp(`\\$\\{()([A-Za-z_]\\w{0,120}):?-()(${TOKEN_VALUE})\\}`, 'g'),
  new RegExp(
    `(?:\\b(?:env|ENV)\\.|\\b(?:env|ENV)\\[[ \\t]*(["'])|environ\\.get\\([ \\t]*(["'])|getenv\\([ \\t]*(["']))([A-Za-z_]\\w{0,120})(?:\\1\\]|\\2[ \\t]*\\)|\\3[ \\t]*\\))?[ \\t]*(?:\\|\\||\\?\\?|\\bor\\b)[ \\t]*(["'\\x60])(${TOKEN_VALUE})\\5`,
    'g',
  ),
];

export interface ReadDefault {
  /** The name read: an environment variable, a setting, a variable. */
  name: string;
  value: string;
  /** Offset of the value in the text. */
  at: number;
}

/**
 * Tokens given as the fallback of a named read (`os.getenv("DBT_CLOUD_API_KEY", "<hex>")`,
 * `process.env.DBT_TOKEN || "dbtu_…"`): what the author put there is the kind of token the name holds.
 */
export function namedReadDefaults(text: string): ReadDefault[] {
  // Only a text holding a token or a 40-hex run can have one as a fallback: most files are passed over here.
  if (text.length > MAX_TEXT || !(text.includes('dbtu_') || text.includes('dbtc_') || hasHexRun(text))) return [];
  const out: ReadDefault[] = [];
  for (const [i, re] of NAMED_READ_DEFAULTS.entries()) {
    for (const m of text.matchAll(re)) {
      if (out.length >= MAX_ASSIGNMENTS) return out;
      const [name, value] = i === 2 ? [m[4]!, m[6]!] : [m[2]!, m[4]!];
      out.push({ name, value, at: m.index + m[0].lastIndexOf(value) });
    }
  }
  return out;
}

/** A YAML or INI key that opens a block (`dbt_cloud:`, `[dbt_cloud]`): what the keys below it belong to. */
const BLOCK_KEY = /^([ \t]*)(?:["']?([A-Za-z_][\w.-]{0,120})["']?[ \t]*:[ \t]*(?:#.*)?|\[([A-Za-z_][\w. -]{0,120})\][ \t]*)$/;
const MAX_ASSIGNMENTS = 50;
const MAX_TEXT = 256 * 1024;

/** What precedes a value assigned to a key on its line: `"NAME": "`, `NAME: `, `NAME=`. */
const KEY_BEFORE_VALUE = /["']?([A-Za-z_][\w.-]{0,120})["']?[ \t]*(?::=|[:=])[ \t]*["']?$/;

/**
 * The dbt token name a value written at `column` of `line` is assigned to (`"dbt_cloud_token":
 * "dbtc_…"` in a JSON file, `dbt_cloud_token: dbtu_…`), in what no adapter reads as code.
 */
export function dbtKeyOfValueAt(line: string, column: number): string | undefined {
  const name = KEY_BEFORE_VALUE.exec(line.slice(Math.max(0, column - 160), column))?.[1];
  return name && (isDbtTokenName(name) || isDbtSpecificName(name)) ? name : undefined;
}

export interface KeyAssignment {
  /** The key, with the block it sits in when it is indented under one (`dbt_cloud.api_key`). */
  name: string;
  value: string;
  /** Offset of the value in the text. */
  at: number;
}

/** Assignments of a 40-hex value to a dbt token name (`DBT_CLOUD_API_KEY`, `dbt_cloud.api_key`): legacy user API keys. */
export function dbtKeyAssignments(text: string): KeyAssignment[] {
  return hexKeyAssignments(text).filter((a) => isDbtTokenName(a.name) || isDbtTokenName(a.name.replace(/\./g, '_')));
}

/** Assignments of a 40-hex value to a named key, whatever the name. */
function hexKeyAssignments(text: string): KeyAssignment[] {
  // A key is set by hand in a config or a script: a generated file of hundreds of KB is neither.
  if (text.length > MAX_TEXT || !hasHexRun(text)) return [];
  const out: KeyAssignment[] = [];
  for (const m of text.matchAll(ASSIGNMENT)) {
    if (out.length >= MAX_ASSIGNMENTS) break;
    const indent = m[1]!.replace(/\t/g, '    ').length;
    const key = m[3]!;
    const block = blockAbove(text, m.index, indent);
    out.push({ name: block ? `${block}.${key}` : key, value: m[5]!, at: m.index + m[0].length - m[4]!.length - m[5]!.length });
  }
  for (const m of text.matchAll(READ_DEFAULT)) {
    if (out.length >= MAX_ASSIGNMENTS) break;
    out.push({ name: m[2]!, value: m[4]!, at: m.index + m[0].lastIndexOf(m[4]!) });
  }
  return out;
}

const HEX_RUN = 40;
const isLowerHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102);

/**
 * Whether the text holds 40 lowercase hex characters in a row. Looks at the last character a run
 * ending there would have: when it is not hex no run covers it, and the next 40 characters need
 * not be looked at one by one (asked of every file that mentions dbt, where such runs are rare).
 */
function hasHexRun(text: string): boolean {
  for (let end = HEX_RUN - 1; end < text.length;) {
    if (!isLowerHex(text.charCodeAt(end))) {
      end += HEX_RUN;
      continue;
    }
    let start = end;
    while (start > end - HEX_RUN + 1 && isLowerHex(text.charCodeAt(start - 1))) start--;
    if (start === end - HEX_RUN + 1) return true;
    // The character before `start` is not hex: a run must begin after it.
    end = start - 1 + HEX_RUN;
  }
  return false;
}

/** The nearest line above `at` that opens a block with less indentation (a YAML parent key, an INI section). */
function blockAbove(text: string, at: number, indent: number): string | undefined {
  let end = at;
  for (let n = 0; n < 200 && end > 0; n++) {
    const start = text.lastIndexOf('\n', end - 2) + 1;
    const line = text.slice(start, end - 1).replace(/\r$/, '');
    end = start;
    if (line.trim() === '' || /^[ \t]*#/.test(line)) continue;
    const m = BLOCK_KEY.exec(line);
    if (m?.[3] !== undefined) return m[3].trim();
    const own = line.length - line.trimStart().length;
    if (own >= indent) continue;
    return m?.[2];
  }
  return undefined;
}
