import { isBudgetExceeded, rethrowUnless } from '../errors.js';
import { MAX_YAML_NESTING, yamlNestingDepth } from '../discover/yaml-nesting.js';
import { join, relative, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { isRuleId, RULE_IDS, type RuleId, type TokenType } from '../model/vocabulary.js';
import { redactText } from '../findings/redact.js';
import { globProblem } from '../discover/glob-problems.js';
import { DEFAULT_CONFIG, RULE_SETTINGS, type Config, type RuleSetting } from './config.js';
import { foldersUpToRepositoryRoot } from './find-upward.js';
import { readInputFile } from './read-input-file.js';
import { loadYaml } from '../packages.js';

const DEFAULT_NAMES = ['.dbt-token-scan.yml', '.dbt-token-scan.yaml'];
const TOKEN_KINDS: readonly Exclude<TokenType, 'unknown'>[] = ['pat', 'service-token', 'legacy-user-api-key'];
const KEYS = ['tokens', 'production', 'development', 'ignore', 'rules'];

/**
 * A config file is a few dozen lines. The bounds keep a hostile one (it may come with a pull
 * request) from costing more than a moment: the YAML library parses some 10,000 to 50,000 short
 * lines a second, so 64 KB costs at most about 0.4 s, and aliases may not multiply it.
 */
const MAX_CONFIG_BYTES = 64 * 1024;
const MAX_ALIAS_EXPANSIONS = 100;

/**
 * The config that applies to a scan of `scanned` (the folder scanned, or the one holding the
 * scanned files): the file named by --config, else the nearest `.dbt-token-scan.yml`/`.yaml` at
 * or above that folder, as ESLint and gitleaks find theirs. The search stops at the repository
 * root (a folder holding `.git`), so a config of an enclosing checkout or the home folder never
 * applies; outside a repository only the scanned folder itself is looked in. Every problem is a
 * ConfigError naming the file, the line, the key and what was expected. `scanRoot`: the folder the
 * scan's paths are relative to, when not the current folder.
 */
export async function loadConfig(cwd: string, explicit?: string, scanned: string = cwd, scanRoot: string = cwd): Promise<Config> {
  if (explicit !== undefined) {
    // A named config keeps the meaning it has always had: its globs are relative to the current folder.
    return rooted(await parseConfig(readConfigText(resolve(cwd, explicit), explicit, true)!, explicit), scanRoot, cwd);
  }
  for (const folder of foldersUpToRepositoryRoot(resolve(cwd, scanned))) {
    for (const name of DEFAULT_NAMES) {
      const path = join(folder, name);
      const shown = relative(cwd, path).split('\\').join('/') || path;
      const text = readConfigText(path, shown, false);
      if (text !== undefined) return rooted(await parseConfig(text, shown), scanRoot, folder);
    }
  }
  return DEFAULT_CONFIG;
}

/**
 * Globs in a found config are relative to its folder, in a named one to the current folder; paths
 * in a scan are relative to the folder it is rooted in (`scanRoot`: the current folder, or a
 * repository scanned from outside, src/cli/scan-root.ts).
 */
function rooted(config: Config, scanRoot: string, configFolder: string): Config {
  const slash = (p: string): string => p.split('\\').join('/');
  const up = slash(relative(configFolder, scanRoot));
  const down = slash(relative(scanRoot, configFolder));
  if (!down) return config;
  if (up && !up.startsWith('..')) return { ...config, base: up };
  return { ...config, base: { strip: down } };
}

/** The file's text; undefined when a default-named file is absent. Never reads past the size bound. */
function readConfigText(path: string, shown: string, required: boolean): string | undefined {
  const text = readInputFile(path, { shown, what: 'a config file', maxBytes: MAX_CONFIG_BYTES, unit: 'KB' });
  if (text === undefined && required) throw new ConfigError(`${shown}: config file not found`);
  return text;
}

/** Where a YAML node sits, for messages: a key's node or the value's. */
interface Node {
  range?: [number, number, number?] | null;
}

async function parseConfig(text: string, shown: string): Promise<Config> {
  if (text.length > MAX_CONFIG_BYTES)
    throw new ConfigError(`${shown}: too big for a config file (the limit is ${MAX_CONFIG_BYTES / 1024} KB)`);
  if (yamlNestingDepth(text) > MAX_YAML_NESTING) throw new ConfigError(`${shown}: nested too deeply to be a config file`);
  const { parseDocument, isMap, isPair, isScalar, isSeq, visit } = await loadYaml();
  const lineOf = (node: Node | null | undefined): number => lineAt(text, node?.range?.[0] ?? 0);
  const at = (node: Node | null | undefined, message: string): ConfigError => new ConfigError(`${shown}:${lineOf(node)}: ${message}`);

  // Duplicate keys are found below in one pass; the library's own check is quadratic in the keys.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  const firstError = doc.errors[0];
  // The library's own message quotes the source line; the position is enough and leaks nothing.
  if (firstError)
    throw new ConfigError(
      `${shown}:${lineAt(text, firstError.pos[0])}: not valid YAML (${firstError.code.toLowerCase().replace(/_/g, ' ')})`,
    );
  let aliases = 0;
  let firstAlias: Node | undefined;
  visit(doc, {
    Alias(_key, node) {
      aliases++;
      firstAlias ??= node;
    },
  });
  // A config has no need for anchors; a few are harmless, many are an expansion bomb.
  if (aliases > MAX_ALIAS_EXPANSIONS) throw at(firstAlias, `${aliases} YAML aliases; at most ${MAX_ALIAS_EXPANSIONS} are accepted`);

  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === undefined))) return { ...DEFAULT_CONFIG, file: shown };
  if (!isMap(root)) throw at(root, `expected a mapping with keys ${KEYS.join(', ')}`);

  let js: Record<string, unknown>;
  try {
    js = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS }) as Record<string, unknown>;
  } catch (e) {
    // The yaml package refuses an excessive alias count with a ReferenceError.
    rethrowUnless(e, (x) => x instanceof ReferenceError, isBudgetExceeded);
    throw at(firstAlias ?? root, 'YAML aliases expand too far (an alias bomb?)');
  }

  /** The pair under `path` (a key of the root map, then of its value), for its line. */
  const pairAt = (...path: string[]): Node | undefined => {
    let map: unknown = root;
    let found: Node | undefined;
    for (const segment of path) {
      if (!isMap(map)) return found;
      const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) return found;
      found = pair.key as Node;
      map = pair.value;
    }
    return found;
  };
  const valueAt = (key: string, index: number): Node | undefined => {
    const pair = root.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    return isSeq(pair?.value) ? (pair.value.items[index] as Node) : (pair?.value as Node | undefined);
  };

  const seen = new Set<string>();
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined) throw at(pair.key as Node, 'keys must be plain names');
    if (!KEYS.includes(key)) throw at(pair.key as Node, `unknown key "${key}"; expected one of ${KEYS.join(', ')}`);
    if (seen.has(key)) throw at(pair.key as Node, `"${key}" is given twice`);
    seen.add(key);
    if (isMap(pair.value)) {
      const inner = new Set<string>();
      for (const p of pair.value.items) {
        const k = isScalar(p.key) ? String(p.key.value) : '';
        if (inner.has(k)) throw at(p.key as Node, `${key}.${k} is given twice`);
        inner.add(k);
      }
    }
  }

  const fail = { at, pairAt, valueAt };
  return {
    tokens: readTokens(js.tokens, fail),
    production: readGlobs(js.production, 'production', fail),
    development: readGlobs(js.development, 'development', fail),
    ignore: readGlobs(js.ignore, 'ignore', fail),
    rules: readRules(js.rules, fail),
    file: shown,
  };
}

interface Locator {
  at(node: Node | undefined, message: string): ConfigError;
  pairAt(...path: string[]): Node | undefined;
  valueAt(key: string, index: number): Node | undefined;
}

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function readTokens(value: unknown, loc: Locator): Map<string, Exclude<TokenType, 'unknown'>> {
  const out = new Map<string, Exclude<TokenType, 'unknown'>>();
  if (value === undefined || value === null) return out;
  if (typeof value !== 'object' || Array.isArray(value))
    throw loc.at(loc.pairAt('tokens'), `tokens: expected a mapping of secret or variable name to ${TOKEN_KINDS.join(' | ')}`);
  for (const [name, kind] of Object.entries(value as Record<string, unknown>)) {
    if (typeof kind !== 'string' || !(TOKEN_KINDS as readonly string[]).includes(kind)) {
      throw loc.at(loc.pairAt('tokens', name), `tokens.${name}: expected one of ${TOKEN_KINDS.join(', ')}, got ${shortJson(kind)}`);
    }
    out.set(name, kind as Exclude<TokenType, 'unknown'>);
  }
  return out;
}

function readGlobs(value: unknown, key: string, loc: Locator): string[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) throw loc.at(loc.pairAt(key), `${key}: expected a list of glob patterns (strings)`);
  return list.map((g: unknown, i) => {
    if (typeof g !== 'string' || g.trim() === '')
      throw loc.at(loc.valueAt(key, i), `${key}: expected a list of glob patterns (strings), got ${shortJson(g)}`);
    const problem = globProblem(g.trim());
    if (problem) throw loc.at(loc.valueAt(key, i), `${key}: ${shortJson(g.trim())} is not a valid pattern: ${problem}`);
    return g.trim();
  });
}

function readRules(value: unknown, loc: Locator): Map<RuleId, RuleSetting> {
  const out = new Map<RuleId, RuleSetting>();
  if (value === undefined || value === null) return out;
  if (typeof value !== 'object' || Array.isArray(value))
    throw loc.at(loc.pairAt('rules'), `rules: expected a mapping of rule id to ${RULE_SETTINGS.join(' | ')}`);
  for (const [id, setting] of Object.entries(value as Record<string, unknown>)) {
    if (!isRuleId(id))
      throw loc.at(loc.pairAt('rules', id), `rules.${shortText(id)}: unknown rule id; expected one of ${RULE_IDS.join(', ')}`);
    const s = setting === false ? 'off' : setting;
    if (typeof s !== 'string' || !(RULE_SETTINGS as readonly string[]).includes(s)) {
      throw loc.at(loc.pairAt('rules', id), `rules.${id}: expected one of ${RULE_SETTINGS.join(', ')}, got ${shortJson(setting)}`);
    }
    out.set(id, s as RuleSetting);
  }
  return out;
}

/** A value quoted in a message, never a page of it, and redacted before it is cut. */
const shortJson = (v: unknown): string => shortText(JSON.stringify(v) ?? String(v));
const shortText = (s: string): string => {
  const safe = redactText(s);
  return safe.length > 60 ? `${safe.slice(0, 57)}...` : safe;
};
