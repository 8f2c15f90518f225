import { MAX_YAML_NESTING, yamlNestingDepth } from '../discover/yaml-nesting.js';
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { TokenType } from '../facts/types.js';
import { redactText } from '../findings/redact.js';
import type { RuleId } from '../report/types.js';
import { isRuleId, RULE_IDS } from '../rules/rule-ids.js';
import { DEFAULT_CONFIG, type Config, type RuleSetting } from './config.js';
import { loadYaml } from '../packages.js';

const DEFAULT_NAMES = ['.dbt-token-scan.yml', '.dbt-token-scan.yaml'];
const TOKEN_KINDS: readonly Exclude<TokenType, 'unknown'>[] = ['pat', 'service-token', 'legacy-user-api-key'];
const SETTINGS: readonly RuleSetting[] = ['off', 'note', 'warning', 'error'];
const KEYS = ['tokens', 'production', 'development', 'ignore', 'rules'];

/**
 * Reads the config named by --config, or `.dbt-token-scan.yml`/`.yaml` in `cwd` when present.
 * Every problem is a ConfigError naming the file, the key and what was expected.
 */
export async function loadConfig(cwd: string, explicit?: string): Promise<Config> {
  let path: string | undefined;
  if (explicit !== undefined) {
    path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new ConfigError(`${explicit}: config file not found`);
  } else {
    path = DEFAULT_NAMES.map((n) => resolve(cwd, n)).find((p) => existsSync(p));
    if (!path) return DEFAULT_CONFIG;
  }
  const shown = relative(cwd, path).split('\\').join('/') || path;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`${shown}: cannot read the config file`);
  }
  return parseConfig(text, shown);
}

export async function parseConfig(text: string, shown: string): Promise<Config> {
  if (yamlNestingDepth(text) > MAX_YAML_NESTING) throw new ConfigError(`${shown}: nested too deeply to be a config file`);
  const { parseDocument } = await loadYaml();
  const doc = parseDocument(text, { prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    // The library's own message quotes the source line; the position is enough and leaks nothing.
    const line = firstError.linePos?.[0]?.line;
    throw new ConfigError(`${shown}: not valid YAML${line ? ` (line ${line})` : ''}`);
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  if (raw === null || raw === undefined) return { ...DEFAULT_CONFIG, file: shown };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${shown}: expected a mapping with keys ${KEYS.join(', ')}`);
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!KEYS.includes(key)) throw new ConfigError(`${shown}: unknown key "${key}"; expected one of ${KEYS.join(', ')}`);
  }
  return {
    tokens: readTokens(obj.tokens, shown),
    production: readGlobs(obj.production, 'production', shown),
    development: readGlobs(obj.development, 'development', shown),
    ignore: readGlobs(obj.ignore, 'ignore', shown),
    rules: readRules(obj.rules, shown),
    file: shown,
  };
}

function readTokens(value: unknown, shown: string): Map<string, Exclude<TokenType, 'unknown'>> {
  const out = new Map<string, Exclude<TokenType, 'unknown'>>();
  if (value === undefined || value === null) return out;
  if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`${shown}: tokens: expected a mapping of secret or variable name to ${TOKEN_KINDS.join(' | ')}`);
  for (const [name, kind] of Object.entries(value as Record<string, unknown>)) {
    if (typeof kind !== 'string' || !(TOKEN_KINDS as readonly string[]).includes(kind)) {
      throw new ConfigError(`${shown}: tokens.${name}: expected one of ${TOKEN_KINDS.join(', ')}, got ${redactText(String(JSON.stringify(kind)))}`);
    }
    out.set(name, kind as Exclude<TokenType, 'unknown'>);
  }
  return out;
}

function readGlobs(value: unknown, key: string, shown: string): string[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((g) => typeof g !== 'string' || g.trim() === '')) {
    throw new ConfigError(`${shown}: ${key}: expected a list of glob patterns (strings)`);
  }
  return list.map((g: string) => g.trim());
}

function readRules(value: unknown, shown: string): Map<RuleId, RuleSetting> {
  const out = new Map<RuleId, RuleSetting>();
  if (value === undefined || value === null) return out;
  if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`${shown}: rules: expected a mapping of rule id to ${SETTINGS.join(' | ')}`);
  for (const [id, setting] of Object.entries(value as Record<string, unknown>)) {
    if (!isRuleId(id)) throw new ConfigError(`${shown}: rules.${id}: unknown rule id; expected one of ${RULE_IDS.join(', ')}`);
    const s = setting === false ? 'off' : setting;
    if (typeof s !== 'string' || !(SETTINGS as readonly string[]).includes(s)) {
      throw new ConfigError(`${shown}: rules.${id}: expected one of ${SETTINGS.join(', ')}, got ${redactText(String(JSON.stringify(setting)))}`);
    }
    out.set(id, s as RuleSetting);
  }
  return out;
}
