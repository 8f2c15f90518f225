// dbt-cloud-cli (data-mie): the API path each command calls, one table for its command line
// (`dbt-cloud job run --account-id 1 …`, src/adapters/shell/dbt-cli-tools.ts) and its Python
// command classes (`DbtCloudJobRunCommand(…).execute()`, src/adapters/python/emit.ts).

interface CliCommand {
  path: (account: string) => string;
  method: string;
}

/** `group action` → path under the account, for the commands a pipeline typically runs. */
const DBT_CLOUD_CLI_PATHS: Readonly<Record<string, CliCommand>> = {
  'job run': { path: (a) => `/api/v2/accounts/${a}/jobs/{job_id}/run/`, method: 'POST' },
  'job get': { path: (a) => `/api/v2/accounts/${a}/jobs/{job_id}/`, method: 'GET' },
  'job list': { path: (a) => `/api/v2/accounts/${a}/jobs/`, method: 'GET' },
  'job create': { path: (a) => `/api/v2/accounts/${a}/jobs/`, method: 'POST' },
  'job delete': { path: (a) => `/api/v2/accounts/${a}/jobs/{job_id}/`, method: 'DELETE' },
  'job export': { path: (a) => `/api/v2/accounts/${a}/jobs/{job_id}/`, method: 'GET' },
  'job import': { path: (a) => `/api/v2/accounts/${a}/jobs/`, method: 'POST' },
  'run get': { path: (a) => `/api/v2/accounts/${a}/runs/{run_id}/`, method: 'GET' },
  'run list': { path: (a) => `/api/v2/accounts/${a}/runs/`, method: 'GET' },
  'run cancel': { path: (a) => `/api/v2/accounts/${a}/runs/{run_id}/cancel/`, method: 'POST' },
  'run list-artifacts': { path: (a) => `/api/v2/accounts/${a}/runs/{run_id}/artifacts/`, method: 'GET' },
  'run get-artifact': { path: (a) => `/api/v2/accounts/${a}/runs/{run_id}/artifacts/{path}`, method: 'GET' },
  'account list': { path: () => '/api/v2/accounts/', method: 'GET' },
  'account get': { path: (a) => `/api/v2/accounts/${a}/`, method: 'GET' },
  // These commands use the tool's default API version, v3.
  'audit-log get': { path: (a) => `/api/v3/accounts/${a}/audit-logs/`, method: 'GET' },
  'project list': { path: (a) => `/api/v3/accounts/${a}/projects`, method: 'GET' },
  'project get': { path: (a) => `/api/v3/accounts/${a}/projects/{project_id}`, method: 'GET' },
  'project create': { path: (a) => `/api/v3/accounts/${a}/projects/`, method: 'POST' },
  'project update': { path: (a) => `/api/v3/accounts/${a}/projects/{project_id}`, method: 'POST' },
  'project delete': { path: (a) => `/api/v3/accounts/${a}/projects/{project_id}`, method: 'DELETE' },
  'environment list': { path: (a) => `/api/v3/accounts/${a}/projects/{project_id}/environments`, method: 'GET' },
  'environment get': { path: (a) => `/api/v3/accounts/${a}/projects/{project_id}/environments/{environment_id}`, method: 'GET' },
  'environment create': { path: (a) => `/api/v3/accounts/${a}/projects/{project_id}/environments/`, method: 'POST' },
  'environment update': { path: (a) => `/api/v3/accounts/${a}/projects/{project_id}/environments/{environment_id}`, method: 'POST' },
  'environment delete': { path: (a) => `/api/v3/accounts/${a}/projects/{project_id}/environments/{environment_id}`, method: 'DELETE' },
  'connection list': { path: (a) => `/api/v3/accounts/${a}/connections/`, method: 'GET' },
  'connection get': { path: (a) => `/api/v3/accounts/${a}/connections/{connection_id}/`, method: 'GET' },
  'connection create': { path: (a) => `/api/v3/accounts/${a}/projects/{project_id}/connections/`, method: 'POST' },
  'connection delete': { path: (a) => `/api/v3/accounts/${a}/projects/{project_id}/connections/{connection_id}/`, method: 'DELETE' },
};

/** The endpoint of a `group action` command (`job run`, `account list`). */
export const dbtCloudCliCommand = (key: string): CliCommand | undefined =>
  Object.hasOwn(DBT_CLOUD_CLI_PATHS, key) ? DBT_CLOUD_CLI_PATHS[key] : undefined;

/** The groups, as the Python classes write them (`AuditLog` of `DbtCloudAuditLogGetCommand`). */
const CLASS_GROUPS: Readonly<Record<string, string>> = {
  Job: 'job',
  Run: 'run',
  Account: 'account',
  AuditLog: 'audit-log',
  Project: 'project',
  Environment: 'environment',
  Connection: 'connection',
};

/** `DbtCloudRunListArtifactsCommand` → `run list-artifacts`: the command a Python class runs. */
export function dbtCloudCliCommandOfClass(cls: string): string | undefined {
  const m = /^DbtCloud((?:AuditLog|Job|Run|Account|Project|Environment|Connection))(\w+)Command$/.exec(cls);
  if (!m) return undefined;
  const action = m[2]!.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
  return `${CLASS_GROUPS[m[1]!]} ${action}`;
}
