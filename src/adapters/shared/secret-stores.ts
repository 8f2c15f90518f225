// Cloud secret stores, as the code that reads a dbt Cloud token from one calls them. The secret's
// id (`prod/dbt-cloud/service-token`) is the token's name: it says which kind of token it holds as
// an environment variable's name does. The Python and JavaScript SDKs name the same reads in
// their own case; one table keeps them together.

/** One way of reading a secret: the store, its method in each SDK, and where the id is passed. */
interface SecretStoreRead {
  what: 'aws-secret' | 'aws-parameter' | 'gcp-secret' | 'azure-secret';
  /** boto3 / google-cloud / azure-keyvault method. */
  python: string;
  /** AWS SDK v2, @google-cloud/secret-manager, @azure/keyvault-secrets method. */
  js?: string;
  /** AWS SDK v3 command class, sent with `client.send(new Command({...}))`. */
  jsCommand?: string;
  /** The id's keyword (Python) or property of the request object (JavaScript). */
  key: string;
}

const SECRET_STORE_READS: readonly SecretStoreRead[] = [
  { what: 'aws-secret', python: 'get_secret_value', js: 'getSecretValue', jsCommand: 'GetSecretValueCommand', key: 'SecretId' },
  // AWS's caching library, as Lambdas read secrets: `SecretCache(…).get_secret_string("prod/dbt-cloud/service-token")`.
  { what: 'aws-secret', python: 'get_secret_string', key: 'secret_id' },
  { what: 'aws-parameter', python: 'get_parameter', js: 'getParameter', jsCommand: 'GetParameterCommand', key: 'Name' },
  // Airflow's Amazon provider: `SsmHook(aws_conn_id=…).get_parameter_value("/prod/dbt-cloud/service-token")`.
  { what: 'aws-parameter', python: 'get_parameter_value', key: 'parameter' },
  { what: 'gcp-secret', python: 'access_secret_version', js: 'accessSecretVersion', key: 'name' },
  // Airflow's Google provider: `GoogleCloudSecretManagerHook().access_secret(secret_id="dbt-cloud-pat")`.
  { what: 'gcp-secret', python: 'access_secret', key: 'secret_id' },
  // Azure Key Vault's `SecretClient.get_secret("dbt-service-token")` / `getSecret(...)`: the name first.
  { what: 'azure-secret', python: 'get_secret', js: 'getSecret', key: 'name' },
];

export type SecretStore = SecretStoreRead['what'];

const BY_PYTHON = new Map(SECRET_STORE_READS.map((r) => [r.python, r]));
const BY_JS = new Map(SECRET_STORE_READS.flatMap((r) => (r.js ? [[r.js, r] as const] : [])));
const BY_JS_COMMAND = new Map(SECRET_STORE_READS.flatMap((r) => (r.jsCommand ? [[r.jsCommand, r] as const] : [])));

/** The store a Python method reads (`client.get_secret_value`), with the keyword its id is passed as. */
export const pythonSecretRead = (method: string): { what: SecretStore; key: string } | undefined => BY_PYTHON.get(method);

/** The store a JavaScript method (`sm.getSecretValue`) or AWS SDK v3 command class reads. */
export const jsSecretRead = (method: string, command = false): { what: SecretStore; key: string } | undefined =>
  (command ? BY_JS_COMMAND : BY_JS).get(method);

/**
 * The secret's own id in what the code passes: a Secret Manager resource name
 * (`projects/p/secrets/dbt-service-token/versions/latest`) by its secret's id.
 */
export function secretIdOf(what: SecretStore, given: string): string {
  return what === 'gcp-secret' ? (/\/secrets\/([^/]+)/.exec(given)?.[1] ?? given) : given;
}

/**
 * The stores' response wrappers, which are the secret itself: Secrets Manager's `SecretString`,
 * Parameter Store's `Parameter.Value`, Vault's `data.data`, Secret Manager's `payload.data`, Key
 * Vault's `value`. Any other key is one of the JSON the secret holds (`…["dbt_token"]`).
 */
export const SECRET_RESPONSE_KEYS: ReadonlySet<string> = new Set(['SecretString', 'Parameter', 'Value', 'data', 'payload', 'value']);

/** A key of the JSON a secret holds, named within the secret (`prod/dbt.service_token`). */
export const isSecretJsonKey = (key: string): boolean => /^[\w.-]{1,80}$/.test(key);

/**
 * The secret a setting's value refers to instead of holding a token: 1Password's
 * `op://vault/item/field` (resolved by `op run --env-file`), an AWS Secrets Manager or Parameter
 * Store ARN (an ECS task's `valueFrom`), a CloudFormation or Serverless Framework reference, an
 * Azure Key Vault reference, a Google Secret Manager resource name.
 */
export function secretReferenceIn(value: string): string | undefined {
  const whole = value.trim();
  // CloudFormation's dynamic references: `{{resolve:secretsmanager:prod/dbt-service-token:SecretString:token}}`
  // (the secret, and the key of the JSON it holds), `{{resolve:ssm-secure:/prod/dbt/pat}}`.
  const cfn = /^\{\{resolve:(secretsmanager|ssm-secure|ssm):([^:}]{1,300})(?::SecretString:([^:}]{1,100}))?[^}]*\}\}$/.exec(whole);
  if (cfn) return cfn[3] ? `${cfn[2]}.${cfn[3]}` : cfn[2];
  // The Serverless Framework's `${ssm:/prod/dbt/service-token}` (also `${ssm(eu-west-1):…}`).
  const serverless = /^\$\{ssm(?:\([\w-]*\))?:([^}\s~]{1,300})(?:~true)?\}$/.exec(whole);
  if (serverless) return serverless[1]!.replace(/^\/aws\/reference\/secretsmanager\//, '');
  // Azure App Service's Key Vault references: `@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/dbt-service-token/)`
  // or `@Microsoft.KeyVault(VaultName=kv;SecretName=dbt-service-token)`.
  const keyVault = /^@Microsoft\.KeyVault\((?:[^)]*?\/secrets\/([\w-]{1,127})|[^)]*?SecretName=([\w-]{1,127}))[^)]*\)$/i.exec(whole);
  if (keyVault) return keyVault[1] ?? keyVault[2];
  const v = whole.replace(/^\{\{\s*(.*?)\s*\}\}$/, '$1');
  if (v.length > 300) return undefined;
  // 1Password's item names may hold blanks.
  if (/^op:\/\/[^/\n]+\/[^/\n]+/.test(v)) return v;
  if (/\s/.test(v)) return undefined;
  // An ARN: Secrets Manager appends six random characters to the secret's name (`dbt-service-token-AbC123`).
  const arn = /^arn:aws[\w-]*:(?:secretsmanager:[^:]*:\d*:secret:|ssm:[^:]*:\d*:parameter)([^:]+)(?::.*)?$/.exec(v);
  if (arn) return /secretsmanager/.test(v) ? arn[1]!.replace(/-[A-Za-z0-9]{6}$/, '') : arn[1];
  if (/^projects\/[^/]+\/secrets\/[^/]+/.test(v)) return secretIdOf('gcp-secret', v);
  return undefined;
}
