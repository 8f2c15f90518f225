// A command substitution that reads a secret from a cloud secret store or Vault
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
];

/** The id of the secret a substituted command (the text inside `$(…)`) reads, if it is such a read. */
export function secretStoreRead(command: string): string | undefined {
  const text = command.trim();
  if (text.length > 1000) return undefined;
  for (const re of READS) {
    const id = re.exec(text)?.[1];
    if (id) return id;
  }
  return undefined;
}
