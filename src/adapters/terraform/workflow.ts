import type { Workflow } from '../../model/vocabulary.js';
import { environmentOfName, PRODUCTION_NAMES, STAGING_NAMES } from '../shared/environment-names.js';

// Which Terraform workflow a provider block runs in, from the words of its path, its workspace
// name, or the environment-named .tfvars files beside it. Nothing found -> undefined, and the
// core treats Terraform without a signal as production (the safer assumption).

type TfWorkflow = Extract<Workflow, 'terraform-production' | 'terraform-staging'>;

/** The workflow one name says: `prod`, `dbt-prod`, `prod.tfvars`, `staging_eu`. */
export function workflowOfName(name: string): TfWorkflow | undefined {
  const env = environmentOfName(name);
  return env === 'production' ? 'terraform-production' : env === 'staging' ? 'terraform-staging' : undefined;
}

/** From the file name first, then folders from the nearest up. */
export function workflowOfPath(path: string): TfWorkflow | undefined {
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  const file = segments.pop() ?? '';
  // `prod.tfvars`, `dbt_prod.tf`: drop the Terraform extensions before reading the words.
  const stem = file.replace(/\.(tf|tfvars)(\.json)?$/i, '');
  const own = workflowOfName(stem);
  if (own) return own;
  for (let i = segments.length - 1; i >= 0; i--) {
    const w = workflowOfName(segments[i]!);
    if (w) return w;
  }
  return undefined;
}

/**
 * Variables that name the environment a module is applied to (`variable "environment" { default =
 * "sandbox" }`, `env = "dev"` in terraform.tfvars): their value, when it is a literal, is a signal.
 */
const ENVIRONMENT_VARIABLES = new Set([
  'environment',
  'env',
  'environment_name',
  'env_name',
  'stage',
  'deployment_environment',
  'target_environment',
]);

/** The workflow the module's environment variable says, from its auto-loaded value or else its default. */
export function workflowOfEnvironmentVariable(values: ReadonlyMap<string, string | undefined>): TfWorkflow | undefined {
  for (const [name, value] of values)
    if (ENVIRONMENT_VARIABLES.has(name.toLowerCase()) && value !== undefined) return workflowOfName(value);
  return undefined;
}

/** Environment-named variable files that may sit beside a module (`terraform apply -var-file=prod.tfvars`). */
const ENV_VAR_FILES: { names: readonly string[]; workflow: TfWorkflow }[] = [
  { names: PRODUCTION_NAMES, workflow: 'terraform-production' },
  { names: STAGING_NAMES, workflow: 'terraform-staging' },
];

/**
 * A module applied with a `prod.tfvars` beside it runs in production, even if it is applied
 * with `staging.tfvars` too: production wins because it is the stricter reading.
 */
export function workflowOfSiblingVarFiles(dir: string, fileExists: (path: string) => boolean): TfWorkflow | undefined {
  const prefix = dir === '' ? '' : `${dir}/`;
  for (const { names, workflow } of ENV_VAR_FILES) {
    for (const n of names) {
      if (fileExists(`${prefix}${n}.tfvars`) || fileExists(`${prefix}${n}.tfvars.json`)) return workflow;
    }
  }
  return undefined;
}
