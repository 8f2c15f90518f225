import { parse as parseYaml } from 'yaml';
import { looksLikeCredentialName } from '../../credentials/names.js';
import { lit, newId, readValue, type Val } from './values.js';

// A settings file of the repository that a script loads (`yaml.safe_load(open("config.yml"))`,
// `json.load(…)`, `tomllib.load(…)`, configparser's `read("config.ini")`): its values are what the
// script's requests use, the dbt Cloud host or the variable the token is read from. The file
// itself is not Python; it is read here as data, never run.

/** Bigger settings files are not read. */
const MAX_CONFIG_BYTES = 256 * 1024;
/** Nesting and entries read, so a huge data file costs little. */
const MAX_DEPTH = 8;
const MAX_ENTRIES = 500;

type Format = 'yaml' | 'json' | 'ini';

/** The format of a settings file, by its name; undefined for anything else. */
function configFormat(path: string): Format | undefined {
  const ext = /\.([A-Za-z]+)$/.exec(path)?.[1]?.toLowerCase();
  if (ext === 'yml' || ext === 'yaml') return 'yaml';
  if (ext === 'json') return 'json';
  if (ext === 'toml' || ext === 'ini' || ext === 'cfg' || ext === 'conf') return 'ini';
  return undefined;
}

/**
 * The repository path of a settings file a script names: the literal end of what it passes
 * (`os.path.join(os.path.dirname(__file__), "config.yml")` ends in `config.yml`), looked for
 * beside the script, then in the folders above it.
 */
export function configCandidates(scriptPath: string, written: string): string[] {
  const rel = written
    .replace(/\\/g, '/')
    .replace(/^(?:\.{0,2}\/)+/, '')
    .trim();
  if (!rel || rel.length > 300 || rel.includes('..') || !configFormat(rel)) return [];
  const dirs = scriptPath.split('/').slice(0, -1);
  const out: string[] = [];
  for (let i = dirs.length; i >= 0 && out.length < 4; i--) out.push([...dirs.slice(0, i), rel].join('/'));
  return out;
}

/** Where values read from a settings file are placed: the call that loads it. */
interface Place {
  line: number;
  col: number;
  owner: object;
}

/** The settings file's content as values, or undefined when it cannot be read as its format. */
export function configFileValue(text: string, path: string, place: Place): Val | undefined {
  if (text.length > MAX_CONFIG_BYTES) return undefined;
  const format = configFormat(path);
  let data: unknown;
  try {
    if (format === 'yaml') data = parseYaml(text, { maxAliasCount: 50, uniqueKeys: false, logLevel: 'silent' });
    else if (format === 'json') data = JSON.parse(text);
    else if (format === 'ini') data = parseIni(text);
    else return undefined;
  } catch {
    // Not valid in its format: the script's reads of it stay unknown.
    return undefined;
  }
  const budget = { entries: 0 };
  return toVal(data, [], place, budget, 0);
}

function toVal(data: unknown, keys: string[], place: Place, budget: { entries: number }, depth: number): Val {
  if (depth > MAX_DEPTH || budget.entries++ > MAX_ENTRIES) return { t: 'unknown' };
  if (typeof data === 'string') return stringVal(data, keys, place);
  if (typeof data === 'number' || typeof data === 'boolean') return lit(String(data), place.line, place.col, place.owner);
  if (Array.isArray(data))
    return { t: 'seq', items: data.slice(0, 50).map((x, i) => toVal(x, [...keys, String(i)], place, budget, depth + 1)) };
  if (data && typeof data === 'object') {
    const entries = new Map<string, Val>();
    for (const [k, v] of Object.entries(data).slice(0, 100)) entries.set(k, toVal(v, [...keys, k], place, budget, depth + 1));
    return { t: 'dict', id: newId(), entries, owner: place.owner };
  }
  return { t: 'unknown' };
}

/**
 * An environment variable written where the loader (or `os.path.expandvars`) puts its value:
 * `${NAME}`, `$NAME`, `${NAME:-default}`, OmegaConf's `${oc.env:NAME}`, dbt's `{{ env_var('NAME') }}`.
 */
const ENV_REFERENCE = [
  /^\$\{([A-Za-z_]\w{0,100})(?::?-[^}]*)?\}$/,
  /^\$([A-Za-z_]\w{0,100})$/,
  /^\$\{(?:oc\.)?env:([A-Za-z_]\w{0,100})(?:,[^}]*)?\}$/,
  /^\{\{\s*env_var\(\s*['"]([A-Za-z_]\w{0,100})['"]/,
];

function stringVal(text: string, keys: string[], place: Place): Val {
  const value = text.trim();
  for (const re of ENV_REFERENCE) {
    const name = re.exec(value)?.[1];
    if (name) return readValue('env', name, place);
  }
  // A secret's value is the setting, named by its keys (`dbt_cloud.service_token`): the file
  // itself is searched for committed tokens, and a name says more than a copy of the value.
  // An environment variable's name under such a key (`token_env = DBT_CLOUD_PAT`) is no secret.
  const key = keys.filter((k) => !/^\d+$/.test(k)).join('.');
  // A token's value under any key stays in the settings file: the literal search reports it there,
  // not at the script that loads it; the setting carries it only for its type.
  const tokenLike = /dbt[uc]_|^[0-9a-f]{40}$/i.test(value);
  if (key && tokenLike) {
    const read = readValue('config', key, place);
    if (read.t === 'str' && read.parts[0]?.kind === 'reference') read.parts[0].heldValue = value;
    return read;
  }
  if (key && looksLikeCredentialName(keys[keys.length - 1] ?? '') && !/^[A-Z][A-Z0-9_]{1,100}$/.test(value))
    return readValue('config', key, place);
  return lit(value, place.line, place.col, place.owner);
}

/** INI and the flat TOML a settings file uses: `[section]` then `key = value` (or `key: value`). */
function parseIni(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let section: Record<string, unknown> = root;
  for (const raw of text.split(/\r?\n/).slice(0, 2000)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const head = /^\[\s*([^\]]{1,100}?)\s*\]$/.exec(line);
    if (head) {
      section = {};
      root[head[1]!.replace(/^["']|["']$/g, '')] = section;
      continue;
    }
    const kv = /^([\w.-]{1,100})\s*[=:]\s*(.*)$/.exec(line);
    if (!kv) continue;
    const unquoted = /^(["'])(.*)\1\s*(?:#.*)?$/.exec(kv[2]!);
    section[kv[1]!] = unquoted ? unquoted[2] : kv[2]!.replace(/\s+[#;].*$/, '');
  }
  return root;
}
