import type { Span } from '../../model/raw-facts.js';
import { fileSpan } from '../shared/embedded-shell/file-span.js';
import type { EnvBinding } from '../shared/values/binding.js';
import { actionName } from './dbt-cloud-actions.js';
import { secretIdOf } from '../shared/secret-stores.js';

// Actions that fetch secrets from a store into the job's environment: the variables they set
// hold the secrets they name, for the steps after them. The secret's id (`analytics/dbt-cloud/
// service-token`) then types a token the workflow's name for it (`DBT_CLOUD_TOKEN`) does not.

/** An action input as written: its lines, and where each starts in the file. */
export interface RawInput {
  lines: readonly string[];
  spanOf: (lineIndex: number) => Span;
}

/** What a secret-fetching action sets: variables of the job's environment, and the step's outputs (`steps.<id>.outputs.<name>`). */
export interface SecretActionResult {
  env: Map<string, EnvBinding>;
  outputs: Map<string, EnvBinding>;
}

/**
 * A secret-fetching action's variables and outputs, each bound to the secret it is set from;
 * empty for other actions. `stepEnv` is the step's own `env:` as written (1Password's action
 * reads its `op://` references there).
 */
export function secretActionEnv(
  uses: string,
  input: (name: string) => RawInput | undefined,
  stepEnv: ReadonlyMap<string, { text: string; span: Span }> = new Map(),
  namesStartingWith: (prefix: string) => readonly string[] = () => [],
): SecretActionResult {
  const out = new Map<string, EnvBinding>();
  const outputs = new Map<string, EnvBinding>();
  const name = actionName(uses).toLowerCase();
  const bind = (variable: string, secret: string, span: Span, into = out): void => {
    if (!/^[A-Za-z_][\w-]{0,200}$/.test(variable) || secret.length > 300 || /\$\{\{|\*/.test(secret)) return;
    into.set(variable, { credential: { source: 'secret', name: secret, span: fileSpan(span) } });
  };
  if (name === 'google-github-actions/get-secretmanager-secrets') {
    // `secrets:` one per line, `output:project/secret[/version]` or a full resource name.
    const secrets = input('secrets');
    for (const { text: line, at } of secrets ? entries(secrets, /\n/) : []) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const ref = line.slice(colon + 1).trim();
      const secret = ref.startsWith('projects/') ? secretIdOf('gcp-secret', ref) : ref.split('/')[1];
      if (secret) bind(line.slice(0, colon).trim(), secret, at, outputs);
    }
  } else if (name === '1password/load-secrets-action') {
    // The step's `env:` names each secret by its `op://vault/item/field` reference; `export-env`
    // (the default in v1, `true` in most workflows) puts it in the job's environment, else in the step's outputs.
    const exported = input('export-env')?.lines.join('').trim() !== 'false';
    for (const [variable, { text, span }] of stepEnv) {
      const ref = text.trim();
      if (/^op:\/\/[^/\n]+\/[^/\n]+/.test(ref)) bind(variable, ref, span, exported ? out : outputs);
    }
  }
  if (name === 'aws-actions/aws-secretsmanager-get-secrets') {
    // `secret-ids:` one per line, `ALIAS, secret-id` or the id alone: then the variable is the
    // id upper-cased, other characters as `_` (the action's own rule).
    const ids = input('secret-ids');
    // `parse-json-secrets: true`: each key of the secret's JSON is a variable of its own, `ALIAS_KEY`
    // (the key upper-cased); the workflow's reads of such names are that key of the secret.
    const parsed = input('parse-json-secrets')?.lines.join('').trim().toLowerCase() === 'true';
    for (const { text: line, at } of ids ? entries(ids, /\n/) : []) {
      const comma = line.indexOf(',');
      const secret = (comma >= 0 ? line.slice(comma + 1) : line).trim();
      const variable = comma >= 0 ? line.slice(0, comma).trim() : envNameOf(secret.replace(/^arn:.*:secret:/, ''));
      bind(variable, secret, at);
      if (parsed && /^[A-Za-z_]\w{0,100}$/.test(variable))
        for (const name of namesStartingWith(`${variable}_`).slice(0, 50))
          bind(name, `${secret}.${name.slice(variable.length + 1).toLowerCase()}`, at);
    }
  } else if (name === 'hashicorp/vault-action') {
    // `secrets:` as `path key | VARIABLE ;`, the variable the key upper-cased when not given.
    const secrets = input('secrets');
    for (const { text: entry, at } of secrets ? entries(secrets, /;/) : []) {
      const [source = '', given] = entry.split('|');
      const [path, key] = source.trim().split(/\s+/);
      if (!path || !key) continue;
      bind(given?.trim() || envNameOf(key), `${path}.${key}`, at);
    }
  }
  return { env: out, outputs };
}

/** The input's entries (one a line, or also split by `separator` within a line), each where its line starts. */
function entries(input: RawInput, separator: RegExp): { text: string; at: Span }[] {
  const out: { text: string; at: Span }[] = [];
  input.lines.slice(0, 100).forEach((line, i) => {
    for (const piece of line.split(separator)) {
      const text = piece.trim();
      if (text !== '' && !text.startsWith('#')) out.push({ text, at: input.spanOf(i) });
    }
  });
  return out;
}

const envNameOf = (id: string): string => id.replace(/[^A-Za-z0-9]/g, '_').toUpperCase();
