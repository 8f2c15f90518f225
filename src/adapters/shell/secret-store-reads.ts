// A command substitution that reads a secret from a cloud secret store, Vault or a mounted secret file
// (`TOKEN=$(aws secretsmanager get-secret-value --secret-id prod/dbt-service-token …)`): the value
// is that secret, named by its id, so a name saying service token types it as a CI secret's does.

const READS: readonly RegExp[] = [
  // AWS Secrets Manager.
  /^aws\s+secretsmanager\s+get-secret-value\b[^;&|]*?\s--secret-id(?:=|\s+)["']?([\w/+=.@:-]{1,200})/,
  // Google Secret Manager: `gcloud secrets versions access latest --secret=NAME`.
  /^gcloud\s+secrets\s+versions\s+access\b[^;&|]*?\s--secret(?:=|\s+)["']?([\w.-]{1,200})/,
  // Azure Key Vault.
  /^az\s+keyvault\s+secret\s+show\b[^;&|]*?\s(?:--name|-n)(?:=|\s+)["']?([\w.-]{1,200})/,
  // HashiCorp Vault: `vault kv get -field=token secret/dbt/service-token` (the path is the last word), `vault read …`.
  /^vault\s+(?:kv\s+get|read)\b(?:\s+-[\w-]+(?:=\S+)?)*\s+["']?([\w/.@:-]{1,200})["']?\s*$/,
  // AWS Systems Manager Parameter Store: `aws ssm get-parameter --name /prod/dbt/service-token --with-decryption`.
  /^aws\s+ssm\s+get-parameter\b[^;&|]*?\s--name(?:=|\s+)["']?([\w/.@:-]{1,200})/,
  // 1Password: `op read "op://Data/dbt-cloud-service-token/credential"`; quoted, vault and item names may hold blanks.
  /^op\s+read\b[^;&|]*?\s(?:"(op:\/\/[^"\n]{1,200})"|'(op:\/\/[^'\n]{1,200})'|(op:\/\/[^\s"';&|)]{1,200}))/,
  // Doppler: `doppler secrets get DBT_CLOUD_SERVICE_TOKEN --plain`.
  /^doppler\s+secrets\s+get\s+(?:-\S+\s+)*["']?([\w.-]{1,200})/,
  // Buildkite's secrets: `buildkite-agent secret get dbt_cloud_pat`.
  /^buildkite-agent\s+secret\s+get\s+(?:-\S+\s+)*["']?([\w/.-]{1,200})/,
  // pass / gopass: `pass show dbt/service-token`.
  /^(?:pass|gopass)\s+(?:show\s+)?(?:-\S+\s+)*["']?([\w/.@-]{1,200})["']?\s*$/,
  // A Docker or Kubernetes secret mounted as a file: `cat /run/secrets/dbt_cloud_pat`, `< /run/secrets/x`.
  /^(?:cat\s+|<\s*)["']?\/(?:run|var\/run)\/secrets\/([\w.-]{1,200})["']?\s*$/,
];

/** `| jq -r .service_token` (or `'.service_token'`, `.["service_token"]`) ending the read. */
const JQ_KEY = /\|\s*jq\s+(?:-\w+\s+)*["']?\.(?:\[")?([\w-]{1,80})(?:"\])?["']?\s*$/;

/** Vault's `-field=service_token` (or `-field service_token`): the secret's field read. */
const VAULT_FIELD = /^vault\s[^|;&]*?\s-field(?:=|\s+)["']?([\w.-]{1,80})/;

/** Reads whose secret is named by two words: chamber's service and key (`chamber read -q analytics dbt_service_token`). */
const CHAMBER_READ = /^chamber\s+read\b(?:\s+-\S+)*\s+([\w.-]{1,100})\s+([\w.-]{1,100})\s*$/;

/** The id of the secret a substituted command (the text inside `$(…)`) reads, if it is such a read. */
export function secretStoreRead(command: string): string | undefined {
  const text = command.trim();
  if (text.length > 1000) return undefined;
  for (const re of READS) {
    const id = re
      .exec(text)
      ?.slice(1)
      .find((g) => g !== undefined);
    // A key of the JSON the secret holds, picked by jq: `… --query SecretString --output text | jq -r .service_token`,
    // or Vault's field of the secret: `vault kv get -field=service_token secret/analytics/dbt-cloud`.
    const key = id ? (JQ_KEY.exec(text)?.[1] ?? VAULT_FIELD.exec(text)?.[1]) : undefined;
    if (id) return key ? `${id}.${key}` : id;
  }
  const chamber = CHAMBER_READ.exec(text);
  return chamber ? `${chamber[1]}/${chamber[2]}` : undefined;
}
