import type { GlobRoot } from '../discover/globs.js';
import type { RuleId, Severity, TokenType } from '../model/vocabulary.js';

/** What `.dbt-token-scan.yml` may set a rule to, in the order error messages list them. */
export const RULE_SETTINGS = ['off', 'note', 'warning', 'error'] as const satisfies readonly (Severity | 'off')[];
export type RuleSetting = (typeof RULE_SETTINGS)[number];

/** `.dbt-token-scan.yml`, validated. */
export interface Config {
  /** Secret or variable name -> what it holds (names match exactly, as env vars do). */
  tokens: ReadonlyMap<string, Exclude<TokenType, 'unknown'>>;
  production: readonly string[];
  development: readonly string[];
  ignore: readonly string[];
  rules: ReadonlyMap<RuleId, RuleSetting>;
  /** The file it came from, relative to the current folder; undefined for the built-in default. */
  file?: string;
  /** Where a found config's globs belong (they are relative to its own folder, as a `.gitignore`'s are). */
  base?: GlobRoot;
}

export const DEFAULT_CONFIG: Config = {
  tokens: new Map(),
  production: [],
  development: [],
  ignore: [],
  rules: new Map(),
};

/** A plain-data copy of the config that crosses into worker threads. */
export interface ConfigData {
  tokens: [string, Exclude<TokenType, 'unknown'>][];
  production: string[];
  development: string[];
  ignore: string[];
  rules: [RuleId, RuleSetting][];
  file?: string;
  base?: GlobRoot;
}

export const toConfigData = (c: Config): ConfigData => ({
  tokens: [...c.tokens],
  production: [...c.production],
  development: [...c.development],
  ignore: [...c.ignore],
  rules: [...c.rules],
  file: c.file,
  base: c.base,
});
