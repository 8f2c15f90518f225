// Which library function or class a resolved callee path names. Paths come from imports
// (`import requests as r; r.get` -> `requests.get`); names never imported keep their bare
// spelling, so distinctive class names (`DbtCloudRunJobOperator`) match without an import.

import { pythonSecretRead } from '../shared/secret-stores.js';

export type Library =
  /** A function that performs one HTTP request: `requests.post(url, ...)`. */
  | { kind: 'http-function'; client: string; method?: string; urlArg: number; methodArg?: number }
  /** A constructor whose instance other calls use (session, client, hook). */
  | { kind: 'object'; cls: string }
  /** Reads a token or setting: env, Airflow Variable, secret stores. */
  | { kind: 'read'; source: 'env' | 'variable' | 'secret' | 'config'; what: string }
  | { kind: 'passthrough'; arg: number }
  | { kind: 'urljoin' }
  /** Google Secret Manager's path builder: `client.secret_version_path(project, "dbt-cloud-pat", "latest")`. */
  | { kind: 'gcp-secret-path' }
  | { kind: 'dict'; attributes?: true }
  /** A prefect-dbt task or flow that calls dbt Cloud with the credentials block it is given. */
  | { kind: 'prefect-dbt-call'; name: string }
  /** Runs a shell command (a string, or an argv list): `subprocess.run`, `os.system`, Airflow's BashOperator. */
  | { kind: 'shell-command'; keyword: string; arg?: number; env?: string; container?: ContainerArgs };

/**
 * Where an operator that runs a container takes the rest of its command and environment: a pod's
 * `arguments` after its `cmds`, `private_environment` beside `environment`, and Kubernetes Secrets
 * (`secrets=[Secret("env", "DBT_CLOUD_TOKEN", "dbt-cloud", "service-token")]`) put in the env.
 */
export interface ContainerArgs {
  argvTail?: string;
  moreEnv?: string;
  podSecrets?: string;
}

/** Airflow's operators that start a pod (the cncf.kubernetes provider's, GKE's and EKS's). */
const POD_OPERATORS = /^(?:KubernetesPodOperator|GKEStartPodOperator|EksPodOperator)$/;

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
const SUBPROCESS_RUNNERS = new Set(['run', 'call', 'check_call', 'check_output', 'Popen', 'getoutput', 'getstatusoutput']);

/**
 * Standard modules with no submodules: `platform.config.settings` cannot be one of theirs, so a
 * dotted import under one of these names is the repository's own package (`platform/config/`).
 */
const LEAF_STANDARD_MODULES = new Set([
  'platform',
  'string',
  'copy',
  'pprint',
  'warnings',
  'traceback',
  'socket',
  'ssl',
  'getpass',
  'configparser',
  'inspect',
  'textwrap',
  'time',
  're',
  'mock',
]);

/** Whether an absolute import of `module` is never looked up in the repository. */
export const isKnownLibraryModule = (module: string): boolean => {
  const root = module.split('.')[0]!;
  return KNOWN_LIBRARIES.has(root) && !(module.includes('.') && LEAF_STANDARD_MODULES.has(root));
};

/** Packages never looked up in the repository when imported. */
const KNOWN_LIBRARIES = new Set([
  'os',
  'sys',
  'json',
  're',
  'time',
  'datetime',
  'logging',
  'typing',
  'pathlib',
  'base64',
  'urllib',
  'urllib2',
  'urllib3',
  'http',
  'httplib',
  'requests',
  'httpx',
  'aiohttp',
  'asyncio',
  'airflow',
  'dagster',
  'dagster_dbt',
  'prefect',
  'prefect_dbt',
  'dbtc',
  'dbtsl',
  'gql',
  'sgqlc',
  'python_graphql_client',
  'pydantic',
  'dotenv',
  'argparse',
  'subprocess',
  'collections',
  'functools',
  'itertools',
  'dataclasses',
  'enum',
  'abc',
  'contextlib',
  'io',
  'tempfile',
  'shutil',
  'uuid',
  'hashlib',
  'hmac',
  'random',
  'math',
  'csv',
  'yaml',
  'boto3',
  'google',
  'pandas',
  'numpy',
  'dbt',
  'tenacity',
  'backoff',
  'click',
  'typer',
  'textwrap',
  'string',
  'copy',
  'pprint',
  'warnings',
  'traceback',
  'unittest',
  'pytest',
  'mock',
  'socket',
  'ssl',
  'getpass',
  'configparser',
  'posixpath',
  'ntpath',
  'platform',
  'inspect',
  'databricks',
  'snowflake',
  'sqlalchemy',
  'jaydebeapi',
  'adbc_driver_flightsql',
  'pyarrow',
  'streamlit',
  'pycarlo',
  'dlt',
  'pulumi_dbtcloud',
]);

const AIRFLOW_DBT_PATHS: Record<string, string> = {
  DbtCloudRunJobOperator: '/api/v2/accounts/{account_id}/jobs/{job_id}/run/',
  DbtCloudJobRunSensor: '/api/v2/accounts/{account_id}/runs/{run_id}/',
  DbtCloudJobRunAsyncSensor: '/api/v2/accounts/{account_id}/runs/{run_id}/',
  DbtCloudGetJobRunArtifactOperator: '/api/v2/accounts/{account_id}/runs/{run_id}/artifacts/{path}',
  DbtCloudListJobsOperator: '/api/v2/accounts/{account_id}/jobs/',
  DbtCloudListJobRunsOperator: '/api/v2/accounts/{account_id}/runs/',
  DbtCloudHook: '',
  // Astronomer's deferrable versions (astronomer.providers.dbt.cloud), which call the same endpoints.
  DbtCloudRunJobOperatorAsync: '/api/v2/accounts/{account_id}/jobs/{job_id}/run/',
  DbtCloudJobRunSensorAsync: '/api/v2/accounts/{account_id}/runs/{run_id}/',
};

/**
 * What the Airflow provider's `DbtCloudHook` methods call (providers/dbt/cloud/hooks/dbt.py): a
 * hook made in a DAG is a call site at each of these calls, with its endpoint.
 */
const AIRFLOW_HOOK_METHOD_PATHS: Record<string, { path: string; method?: 'POST' }> = {
  list_accounts: { path: '/api/v2/accounts/' },
  get_account: { path: '/api/v2/accounts/{account_id}/' },
  test_connection: { path: '/api/v2/accounts/' },
  list_projects: { path: '/api/v3/accounts/{account_id}/projects/' },
  get_project: { path: '/api/v3/accounts/{account_id}/projects/{project_id}/' },
  list_environments: { path: '/api/v3/accounts/{account_id}/projects/{project_id}/environments/' },
  get_environment: { path: '/api/v3/accounts/{account_id}/projects/{project_id}/environments/{environment_id}/' },
  list_jobs: { path: '/api/v2/accounts/{account_id}/jobs/' },
  get_job: { path: '/api/v2/accounts/{account_id}/jobs/{job_id}' },
  get_job_by_name: { path: '/api/v2/accounts/{account_id}/jobs/' },
  trigger_job_run: { path: '/api/v2/accounts/{account_id}/jobs/{job_id}/run/', method: 'POST' },
  retry_failed_job_run: { path: '/api/v2/accounts/{account_id}/jobs/{job_id}/rerun/', method: 'POST' },
  list_job_runs: { path: '/api/v2/accounts/{account_id}/runs/' },
  get_job_runs: { path: '/api/v2/accounts/{account_id}/runs/' },
  get_job_run: { path: '/api/v2/accounts/{account_id}/runs/{run_id}/' },
  get_job_run_status: { path: '/api/v2/accounts/{account_id}/runs/{run_id}/' },
  wait_for_job_run_status: { path: '/api/v2/accounts/{account_id}/runs/{run_id}/' },
  cancel_job_run: { path: '/api/v2/accounts/{account_id}/runs/{run_id}/cancel/', method: 'POST' },
  list_job_run_artifacts: { path: '/api/v2/accounts/{account_id}/runs/{run_id}/artifacts/' },
  get_job_run_artifact: { path: '/api/v2/accounts/{account_id}/runs/{run_id}/artifacts/{path}' },
};

/** The endpoint a `DbtCloudHook` method calls; undefined for other methods (`get_conn`, ...). */
export function airflowHookMethod(name: string): { path: string; method?: 'POST' } | undefined {
  return Object.hasOwn(AIRFLOW_HOOK_METHOD_PATHS, name) ? AIRFLOW_HOOK_METHOD_PATHS[name] : undefined;
}

/** The API path an Airflow dbt Cloud operator calls ('' when it varies). */
export function airflowDbtPath(cls: string): string | undefined {
  return AIRFLOW_DBT_PATHS[cls.replace(/^airflow\.dbt:/, '')];
}

/** Where an app framework reads its settings files: Streamlit's `st.secrets`, dlt's `dlt.secrets` and `dlt.config`. */
export const APP_SECRETS_ROOTS: ReadonlySet<string> = new Set(['streamlit.secrets', 'dlt.secrets', 'dlt.config']);

/**
 * `st.secrets["X"]`, `st.secrets.section.X`, `st.secrets["section"]["X"]`: a Streamlit secret
 * (`.streamlit/secrets.toml`, or the app host's secret store), named by its key path; so is
 * dlt's `dlt.secrets["dbt_cloud.api_token"]` (`.dlt/secrets.toml`). A `config` source: the file
 * is the settings of the app, and where a scan finds it (committed), its value.
 */
export function appSecretName(path: string): string | undefined {
  for (const root of APP_SECRETS_ROOTS)
    if (path.startsWith(`${root}.`) && path.length > root.length + 1) return path.slice(root.length + 1);
  return undefined;
}

/**
 * An environment reader object: django-environ's `env = environ.Env()`, environs' `Env()`,
 * python-decouple's `AutoConfig()`. Calling it (`env("DBT_CLOUD_TOKEN")`) or one of its typed
 * readers (`env.str(…)`, `env.int(…)`) reads that environment variable (or the `.env` file it loads).
 */
export const ENV_READER = 'env-reader';
export const ENV_READER_CLASSES = new Set(['environ.Env', 'environ.environ.Env', 'environs.Env', 'decouple.AutoConfig', 'decouple.Config']);
const ENV_READER_CASTS = new Set([
  'str',
  'int',
  'bool',
  'float',
  'decimal',
  'url',
  'list',
  'tuple',
  'dict',
  'json',
  'path',
  'db',
  'db_url',
  'cache',
  'cache_url',
  'email',
  'email_url',
  'get_value',
]);

export function classifyCallee(path: string): Library | undefined {
  if (path.length > 300) return undefined;
  const segs = path.split('.');
  const last = segs[segs.length - 1] ?? '';
  const root = segs[0] ?? '';

  // Reading values.
  if (path === 'os.getenv' || path === 'os.environ.get' || path === 'os.environ.setdefault' || path === 'os.environ.pop')
    return { kind: 'read', source: 'env', what: 'env' };
  if (path === ENV_READER || path === 'decouple.config' || (path.startsWith(`${ENV_READER}.`) && ENV_READER_CASTS.has(last)))
    return { kind: 'read', source: 'env', what: 'env-reader' };
  if (/(^|\.)Variable\.get$/.test(path) && (root === 'airflow' || path === 'Variable.get'))
    return { kind: 'read', source: 'variable', what: 'airflow-variable' };
  if (/(^|\.)EnvVar(\.int|\.bool|\.str)?$/.test(path) && (root === 'dagster' || segs[0] === 'EnvVar'))
    return { kind: 'read', source: 'env', what: 'dagster-envvar' };
  // `load`, or Prefect 3's `aload` awaited in async flows.
  if (/(^|\.)Secret\.a?load$/.test(path) && (root === 'prefect' || segs[0] === 'Secret'))
    return { kind: 'read', source: 'config', what: 'prefect-secret' };
  // The notebook's global `dbutils`, or one imported (`from databricks.sdk.runtime import dbutils`),
  // made (`DBUtils(spark)`) or reached through the SDK (`WorkspaceClient().dbutils`).
  if (/(?:^|\.)(?:dbutils|DBUtils)\.secrets\.get$/.test(path)) return { kind: 'read', source: 'secret', what: 'databricks-secret' };
  // Synapse's and Fabric's notebooks: `mssparkutils.credentials.getSecret("kv-analytics", "dbt-cloud-service-token")` (the vault, then the secret).
  if (/(?:^|\.)(?:mssparkutils|notebookutils)\.credentials\.getSecret$/.test(path))
    return { kind: 'read', source: 'secret', what: 'fabric-secret' };
  if (path === 'streamlit.secrets.get') return { kind: 'read', source: 'config', what: 'streamlit-secret' };
  if (path === 'google.colab.userdata.get' || path === 'userdata.get') return { kind: 'read', source: 'secret', what: 'colab-secret' };
  // Windmill's variables and secrets, by path: `wmill.get_variable("f/data/dbt_cloud_service_token")`.
  if (path === 'wmill.get_variable') return { kind: 'read', source: 'variable', what: 'windmill-variable' };
  // Cloud secret stores, by their method names (the client is rarely traceable): AWS Secrets
  // Manager's `get_secret_value(SecretId=…)`, Parameter Store's `get_parameter(Name=…)`, Google
  // Secret Manager's `access_secret_version(name=…)`, Azure Key Vault's `get_secret(name)`.
  const store = segs.length > 1 ? pythonSecretRead(last) : undefined;
  if (store) return { kind: 'read', source: 'secret', what: store.what };
  // HashiCorp Vault through hvac: `client.secrets.kv.v2.read_secret_version(path="dbt/service-token")`, `kv.v1.read_secret(path=…)`.
  if ((last === 'read_secret_version' || last === 'read_secret') && segs.includes('secrets') && segs.includes('kv'))
    return { kind: 'read', source: 'secret', what: 'vault-secret' };
  // A Snowflake procedure's secret, by the alias its `SECRETS = ('alias' = db.schema.secret)` clause binds (sql/adapter.ts names the object).
  if (/^_snowflake\.get_(?:generic_secret_string|username_password|oauth_access_token)$/.test(path))
    return { kind: 'read', source: 'secret', what: 'snowflake-secret' };
  if (
    [
      'str',
      'int',
      'float',
      'urllib.parse.quote',
      'urllib.parse.quote_plus',
      'pydantic.SecretStr',
      'SecretStr',
      'pydantic.types.SecretStr',
      'string.Template',
      // A yarl URL reads as its text; `/` on it appends a segment (module.ts).
      'yarl.URL',
    ].includes(path)
  )
    return { kind: 'passthrough', arg: 0 };
  if (path === 'typing.cast') return { kind: 'passthrough', arg: 1 };
  // A secret kept base64-encoded (the Databricks SDK returns it so): decoded, the same secret.
  if (path === 'base64.b64decode' || path === 'base64.standard_b64decode') return { kind: 'passthrough', arg: 0 };
  if (path === 'urllib.parse.urljoin' || path === 'urlparse.urljoin' || path === 'os.path.join' || path === 'posixpath.join')
    return { kind: 'urljoin' };
  if (path === 'dict' || path === 'requests.structures.CaseInsensitiveDict' || path === 'CaseInsensitiveDict') return { kind: 'dict' };
  if (segs.length > 1 && (last === 'secret_version_path' || last === 'secret_path')) return { kind: 'gcp-secret-path' };
  if (path === 'types.SimpleNamespace' || path === 'argparse.Namespace') return { kind: 'dict', attributes: true };
  // `partial(requests.post, headers=HEADERS)`: the function with keywords bound (module.ts calleeOfValue).
  if (path === 'functools.partial') return obj('functools.partial');

  // Shell commands.
  if (root === 'subprocess' && segs.length === 2 && SUBPROCESS_RUNNERS.has(last))
    return { kind: 'shell-command', keyword: 'args', arg: 0, env: 'env' };
  if (path === 'os.system' || path === 'os.popen') return { kind: 'shell-command', keyword: 'command', arg: 0 };
  if (last === 'BashOperator' && (root === 'airflow' || segs.length === 1))
    return { kind: 'shell-command', keyword: 'bash_command', env: 'env' };
  if (POD_OPERATORS.test(last) && (root === 'airflow' || segs.length === 1))
    return { kind: 'shell-command', keyword: 'cmds', env: 'env_vars', container: { argvTail: 'arguments', podSecrets: 'secrets' } };
  if (last === 'DockerOperator' && (root === 'airflow' || segs.length === 1))
    return { kind: 'shell-command', keyword: 'command', env: 'environment', container: { moreEnv: 'private_environment' } };

  // HTTP functions.
  if ((root === 'requests' && (segs.length === 2 || (segs.length === 3 && segs[1] === 'api'))) || (root === 'httpx' && segs.length === 2)) {
    if (HTTP_METHODS.has(last)) return { kind: 'http-function', client: root, method: last.toUpperCase(), urlArg: 0 };
    if (last === 'request') return { kind: 'http-function', client: root, urlArg: 1, methodArg: 0 };
    if (last === 'stream' && root === 'httpx') return { kind: 'http-function', client: root, urlArg: 1, methodArg: 0 };
  }
  if (path === 'urllib.request.urlopen' || path === 'urllib2.urlopen') return { kind: 'http-function', client: 'urllib', urlArg: 0 };
  if (path === 'urllib3.request' || path === 'aiohttp.request') return { kind: 'http-function', client: root, urlArg: 1, methodArg: 0 };

  // Clients, sessions and connections.
  if (/^requests(\.sessions)?\.[Ss]ession$/.test(path)) return obj('requests.Session');
  if (path === 'httpx.Client' || path === 'httpx.AsyncClient') return obj('httpx.Client');
  if (/^aiohttp(\.client)?\.ClientSession$/.test(path)) return obj('aiohttp.ClientSession');
  if (/^urllib3(\.poolmanager)?\.(PoolManager|ProxyManager)$/.test(path) || path === 'urllib3.connection_from_url')
    return obj('urllib3.PoolManager');
  if (path === 'urllib.request.Request' || path === 'urllib2.Request') return obj('urllib.Request');
  if (/^(http\.client|httplib)\.HTTPS?Connection$/.test(path)) return obj('http.client.Connection');
  if (
    /^gql\.transport\.[a-z_]+\.(RequestsHTTPTransport|AIOHTTPTransport|HTTPXTransport|HTTPXAsyncTransport)$/.test(path) ||
    /^(RequestsHTTPTransport|AIOHTTPTransport|HTTPXAsyncTransport|HTTPXTransport)$/.test(path)
  )
    return obj('gql.Transport');
  // sgqlc's endpoints (`HTTPEndpoint(url, base_headers)`) and python-graphql-client's `GraphqlClient(endpoint, headers)`.
  if (/^sgqlc\.endpoint\.(http\.HTTPEndpoint|requests\.RequestsEndpoint)$/.test(path)) return obj('sgqlc.Endpoint');
  if (path === 'python_graphql_client.GraphqlClient') return obj('python_graphql_client.GraphqlClient');

  // dbt Cloud clients and orchestrator integrations (distinctive names match without import).
  if (last === 'dbtCloudClient') return obj('dbtc');
  // dbt-cloud-cli's commands used as a library: `DbtCloudJobRunCommand(api_token=…, job_id=…).execute()`.
  if (root === 'dbt_cloud' && /^DbtCloud\w+Command$/.test(last)) return obj('dbt-cloud-cli');
  if (last in AIRFLOW_DBT_PATHS && (root === 'airflow' || segs.length === 1 || path.includes('dbt'))) return obj(`airflow.dbt:${last}`);
  // Dynamic task mapping: `DbtCloudRunJobOperator.partial(task_id=…, dbt_cloud_conn_id=…)` makes
  // the operator's tasks, `.expand(job_id=[…])` one a value.
  if (last === 'partial' && segs.length > 1) {
    const operator = classifyCallee(segs.slice(0, -1).join('.'));
    if (operator?.kind === 'object' && operator.cls.startsWith('airflow.dbt:') && operator.cls !== 'airflow.dbt:DbtCloudHook')
      return operator;
  }
  if ((last === 'HttpOperator' || last === 'SimpleHttpOperator') && (root === 'airflow' || segs.length === 1))
    return obj('airflow.HttpOperator');
  // Polls an endpoint until it answers as wanted: a dbt Cloud run's status, after the operator triggered it.
  if (last === 'HttpSensor' && (root === 'airflow' || segs.length === 1)) return obj('airflow.HttpSensor');
  if (last === 'HttpHook' && (root === 'airflow' || segs.length === 1)) return obj('airflow.HttpHook');
  if (last === 'Connection' && root === 'airflow') return obj('airflow.Connection');
  // `BaseHook.get_connection("dbt_cloud")`: the stored connection, whose `.password` is the token.
  // Airflow 3's task SDK: `Connection.get("dbt_cloud")` (`from airflow.sdk import Connection`).
  if (last === 'get' && segs[segs.length - 2] === 'Connection' && root === 'airflow') return obj('airflow.ConnectionRef');
  if (
    (last === 'get_connection' || last === 'get_connection_from_secrets') &&
    // `self.get_connection(…)`: an operator's or hook's own (BaseOperator and BaseHook have it).
    (root === 'airflow' || (segs.length === 2 && (/(Hook|^Connection)$/.test(root) || root === 'self')))
  )
    return obj('airflow.ConnectionRef');
  if (last === 'DbtCloudCredentials') {
    if (root === 'dagster_dbt' || root === 'dagster') return obj('dagster.DbtCloudCredentials');
    if (root === 'prefect_dbt' || root === 'prefect') return obj('prefect.DbtCloudCredentials');
    return obj('DbtCloudCredentials');
  }
  // `load`, or Prefect 3's `aload` awaited in async flows.
  if (/(^|\.)DbtCloudCredentials\.a?load$/.test(path)) return obj('prefect.DbtCloudCredentials.load');
  // prefect-dbt's job block (credentials and a job id), made here or loaded from the server.
  if (root === 'prefect_dbt' && last === 'DbtCloudJob') return obj('prefect.DbtCloudJob');
  if (root === 'prefect_dbt' && /\.DbtCloudJob\.a?load$/.test(path)) return obj('prefect.DbtCloudJob.load');
  // Its tasks and flows (`trigger_dbt_cloud_job_run`, `run_dbt_cloud_job`, ...); not prefect_dbt.cli, which runs dbt Core.
  if (root === 'prefect_dbt' && segs.length > 1 && (segs[1] === 'cloud' || /dbt_cloud/.test(last)) && /^[a-z_]+$/.test(last))
    return { kind: 'prefect-dbt-call', name: last };
  // Prefect 1's task (`from prefect.tasks.dbt import DbtCloudRunJob`, or `dbt.DbtCloudRunJob`).
  if (last === 'DbtCloudRunJob' && (root === 'prefect' || segs.length === 1)) return obj('prefect1.DbtCloudRunJob');
  if (last === 'DbtCloudWorkspace') return obj('dagster.DbtCloudWorkspace');
  if (last === 'DbtCloudWorkspaceClient' && (root.startsWith('dagster') || segs.length === 1))
    return obj('dagster.DbtCloudWorkspaceClient');
  // dlt's dbt Cloud helpers (`from dlt.helpers.dbt_cloud import run_dbt_cloud_job`) and client.
  if (
    root === 'dlt' &&
    (last === 'run_dbt_cloud_job' || last === 'get_dbt_cloud_run_status' || last === 'DBTCloudClientV2' || last === 'DBTCloudConfiguration')
  )
    return obj(`dlt.${last}`);
  // dlt's REST API source (`rest_api_source({"client": {...}, "resources": [...]})`) and its
  // client (`RESTClient(base_url=…, auth=…)`, requests by `get` / `post` / `paginate(path)`).
  if (root === 'dlt' && (last === 'rest_api_source' || last === 'rest_api_resources')) return obj('dlt.rest_api');
  if (root === 'dlt' && last === 'RESTClient') return obj('dlt.RESTClient');
  // Monte Carlo's SDK reads dbt Cloud runs for the account: a partner integration's client.
  if (last === 'DbtCloudClient' && root === 'pycarlo') return obj('pycarlo.DbtCloudClient');
  // Names from a module the repository does not hold (`from .dbt_cloud_client import DbtCloudClient`) count too.
  if (
    (last === 'DbtCloudClientResource' || last === 'DbtCloudResource' || last === 'DbtCloudClient') &&
    (root.startsWith('dagster') || segs.length === 1 || /dbt/i.test(segs.slice(0, -1).join('.')))
  )
    return obj('dagster.DbtCloudClientResource');
  if (/(^|\.)dbt_cloud_resource\.configured$/.test(path)) return obj('dagster.dbt_cloud_resource');
  if (/^adbc_driver_flightsql(\.dbapi)?\.connect$/.test(path)) return obj('adbc.flightsql');
  // Arrow Flight itself: `pyarrow.flight.FlightClient("grpc+tls://semantic-layer.cloud.getdbt.com:443")`.
  if (path === 'pyarrow.flight.FlightClient' || path === 'pyarrow.flight.connect') return obj('pyarrow.flight.FlightClient');
  // Pulumi's dbt Cloud provider (the Terraform provider, bridged): `pulumi_dbtcloud.Provider("dbt", token=…)`.
  if (root === 'pulumi_dbtcloud' && last === 'Provider') return obj('pulumi.dbtcloud.Provider');
  // A Pulumi stack's configuration, whose secrets a program reads (module.ts).
  if (path === 'pulumi.Config') return obj('pulumi.Config');
  if (/^(?:Async|Sync)?SemanticLayerClient$/.test(last) && (root === 'dbtsl' || segs.length === 1)) return obj('dbtsl.SemanticLayerClient');
  return undefined;
}

function obj(cls: string): Library {
  return { kind: 'object', cls };
}

/** Methods that send one request on a session or client object, and where the URL is. */
export function objectRequestMethod(cls: string, method: string): { method?: string; urlArg: number; methodArg?: number } | undefined {
  switch (cls) {
    case 'dlt.RESTClient':
      if (method === 'paginate') return { method: 'GET', urlArg: 0 };
      if (HTTP_METHODS.has(method)) return { method: method.toUpperCase(), urlArg: 0 };
      return undefined;
    case 'requests.Session':
    case 'httpx.Client':
    case 'aiohttp.ClientSession':
      if (HTTP_METHODS.has(method)) return { method: method.toUpperCase(), urlArg: 0 };
      if (method === 'request' || method === 'stream' || method === 'build_request') return { urlArg: 1, methodArg: 0 };
      return undefined;
    case 'urllib3.PoolManager':
      if (method === 'request' || method === 'urlopen' || method === 'request_encode_body' || method === 'request_encode_url')
        return { urlArg: 1, methodArg: 0 };
      return undefined;
    case 'http.client.Connection':
      if (method === 'request' || method === 'putrequest') return { urlArg: 1, methodArg: 0 };
      return undefined;
    default:
      return undefined;
  }
}

/** Calls on unknown objects that send a request when their URL is a dbt Cloud API URL. */
export function genericRequestMethod(method: string): { method?: string; urlArg: number; methodArg?: number } | undefined {
  if (HTTP_METHODS.has(method)) return { method: method.toUpperCase(), urlArg: 0 };
  if (method === 'request') return { urlArg: 1, methodArg: 0 };
  return undefined;
}

/**
 * String constants of libraries that code builds keys or URLs from: ADBC's Flight SQL option
 * names (`f"{DatabaseOptions.RPC_CALL_HEADER_PREFIX.value}environmentid"`, as dbt's Semantic Layer
 * docs write the call header). By the path the evaluator gives them, `.value` included.
 */
const LIBRARY_CONSTANTS: ReadonlyMap<string, string> = new Map([
  ['adbc_driver_flightsql.DatabaseOptions.AUTHORIZATION_HEADER.value', 'adbc.flight.sql.authorization_header'],
  ['adbc_driver_flightsql.DatabaseOptions.RPC_CALL_HEADER_PREFIX.value', 'adbc.flight.sql.rpc.call_header.'],
]);

export const libraryConstant = (path: string): string | undefined => LIBRARY_CONSTANTS.get(path);
