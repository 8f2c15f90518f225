import type { FileFacts } from '../../../model/raw-facts.js';
import { terraformWorkflow } from '../../shell/terraform-runs.js';

// A terraform run in a CI job applies to the environment the job is for: a job, stage or
// deployment environment named staging/dev/sandbox/test makes its runs 'terraform-staging'
// (the shell extractor only sees the command line, and defaults to production).

/** Marks the terraform call sites of one job's shell facts with the workflow its names say. */
export function labelTerraformRuns(facts: FileFacts, jobNames: ReadonlyArray<string | undefined>): FileFacts {
  const label = jobNames.filter((n): n is string => n !== undefined).join(' ');
  if (terraformWorkflow(label) !== 'terraform-staging') return facts;
  for (const c of facts.callSites) if (c.kind === 'terraform') c.workflow = 'terraform-staging';
  return facts;
}
