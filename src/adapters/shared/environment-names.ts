// The deployment environment a name says: a folder (`envs/prod`), a workspace, a `.tfvars` file,
// a CI job or deployment environment (`deploy-uat`). Production wins over a staging word in the
// same name, the stricter reading; `non-prod` and `pre-prod` are one word, not production.

const PRODUCTION = new Set(['prod', 'production', 'live', 'prd']);
const STAGING = new Set([
  'staging',
  'stage',
  'stg',
  'dev',
  'develop',
  'development',
  'sandbox',
  'test',
  'tests',
  'testing',
  'qa',
  'uat',
  'nonprod',
  'preprod',
  'nonproduction',
  'preproduction',
]);

export type EnvironmentKind = 'production' | 'staging';

/** The environment one name says, from its words: `prod`, `dbt-prod`, `prod.tfvars`, `staging_eu`, `non-prod`. */
export function environmentOfName(name: string): EnvironmentKind | undefined {
  const words = name
    .toLowerCase()
    .replace(/\b(non|pre)[-_ ]?(prod(?:uction)?)\b/g, '$1$2')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.some((w) => PRODUCTION.has(w))) return 'production';
  if (words.some((w) => STAGING.has(w))) return 'staging';
  return undefined;
}

/** Environment names as file stems, for the variable files a module may be applied with (`prod.tfvars`). */
export const PRODUCTION_NAMES: readonly string[] = [...PRODUCTION];
export const STAGING_NAMES: readonly string[] = [...STAGING];
