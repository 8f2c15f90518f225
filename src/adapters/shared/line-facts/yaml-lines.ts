import type { FileFacts, RawCredential } from '../../../model/raw-facts.js';
import { LineIndex } from '../../../facts/location.js';
import { addEnvEntryFacts, type EnvContext } from '../env-entries/dbt-env.js';
import { isDbtTokenEntry, typeFromName } from '../../../credentials/names.js';
import { isDbtCloudHost } from '../../../classify/endpoint.js';
import { mentionsDatabricks } from '../../../credentials/token-shapes.js';
import { helmLineScan } from '../env-entries/helm-line-scan.js';
import { dedupeFacts } from '../ci-yaml/yaml-steps.js';
import { scanLinesForFacts } from './line-facts.js';
import { solePlaceholder, templated } from './placeholders.js';
import { YAML_SYNTAX } from './syntaxes.js';
import { cutMessage, MAX_SCANNED_SITES_PER_FILE } from '../../../facts/limits.js';
import { noteCut } from '../../extraction-limits.js';
import { secretReferenceIn } from '../secret-stores.js';
import { isCompleteToken } from '../../../credentials/token-shapes.js';
import { textBinding } from '../values/binding.js';

// YAML read line by line: files no YAML adapter claims (Helm values, Databricks bundles, other
// configuration) and YAML a parser gave up on. Besides URLs and Authorization values, a key named
// for a dbt Cloud token configures one: `DBT_CLOUD_API_TOKEN: ${{ secrets.X }}`, `{{secrets/s/k}}`,
// `${X}` are `config` call sites with that reference as credential (as a CI `env:` line is), and
// `- name: DBT_…` env entries and literal values are read as in Helm templates.

const MAX_LINE = 2_000;
/** No real configuration file sets more dbt token keys than this; a file that does is reported cut. */
const MAX_KEY_SITES = MAX_SCANNED_SITES_PER_FILE;
const KEY_REFERENCE = /^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_.-]{0,127}):\s+(["']?)(.{1,500}?)\3\s*$/;

export function scanYamlLines(text: string, client = 'yaml'): FileFacts {
  // `$${X}` is how CI YAML (Buildkite, Drone, GitLab) writes the shell's `${X}`, left for the step's
  // shell: read as that (lines stay; a column after it on its line is one less than in the file).
  if (text.includes('$$')) text = text.replace(/\$\$(?=[{A-Za-z_])/g, '$');
  const facts = scanLinesForFacts(text, { family: 'yaml', syntax: YAML_SYNTAX, configFile: true });
  const secrets = storeSecretsOf(text);
  for (const c of facts.callSites) {
    const s = c.credential?.source === 'env' && c.credential.name ? secrets.get(c.credential.name) : undefined;
    if (s) c.credential = storeSecretCredential(c.credential!.name!, s);
  }
  const ctx: EnvContext = { databricks: mentionsDatabricks(text), client };
  helmLineScan(text, facts, ctx);
  keyReferences(text, facts, ctx);
  proxiedHeaders(text, facts);
  dedupeFacts(facts);
  // A file that only lists dbt Cloud addresses (an API catalogue, a service inventory, a base URL
  // setting) configures no token: nothing in it talks to dbt Cloud.
  if (!facts.credentialSites.length && facts.callSites.every((c) => c.kind === 'config' && !c.credential)) facts.callSites = [];
  return facts;
}

/** Drone's `DBT_TOKEN:` then `from_secret: dbt_cloud_service_token` on the next line: the step's env var is that secret. */
const FROM_SECRET =
  /^([ \t]*)([A-Za-z_][A-Za-z0-9_]{0,127})[ \t]*:[ \t]*\r?\n[ \t]+from_secret[ \t]*:[ \t]*["']?([\w.-]{1,128})["']?[ \t]*\r?$/gm;

/** A secret a pipeline puts in a step's environment, by variable: its name and where it is written. */
export interface StoreSecret {
  name: string;
  line: number;
  column: number;
}

/**
 * The credential a variable filled from a store holds: the secret, named by its id; typed by the
 * variable's own name (`DBT_CLOUD_SERVICE_TOKEN: prod/dbt-cloud:token`) when the id says nothing.
 */
export function storeSecretCredential(variable: string, s: StoreSecret): RawCredential {
  const credential: RawCredential = { source: 'secret', name: s.name, span: { line: s.line, column: s.column } };
  if (typeFromName(s.name) === undefined && typeFromName(variable) !== undefined)
    credential.description = { text: variable, line: s.line, isName: true };
  return credential;
}

/**
 * The variables a line-read pipeline fills from its secret stores: Drone's and Woodpecker's
 * `from_secret`, CodeBuild's `secrets-manager` / `parameter-store`, Buildkite's secret plugins. A command reading one reads that secret.
 */
export function storeSecretsOf(text: string): Map<string, StoreSecret> {
  const secrets = codeBuildSecrets(text);
  pluginSecrets(text, secrets);
  if (!text.includes('from_secret')) return secrets;
  const index = new LineIndex(text);
  for (const m of text.matchAll(FROM_SECRET)) {
    const at = index.at(m.index + m[0].lastIndexOf(m[3]!));
    secrets.set(m[2]!, { name: m[3]!, line: at.line, column: at.column });
  }
  return secrets;
}

/**
 * AWS CodeBuild's `env: secrets-manager:` (`DBT_CLOUD_TOKEN: prod/dbt-cloud:service_token`, the
 * secret and a key of its JSON) and `parameter-store:` (`DBT_TOKEN: /analytics/dbt-cloud/pat`):
 * a command reading the variable reads that secret, named by its id (`prod/dbt-cloud.service_token`).
 */
function codeBuildSecrets(text: string): Map<string, StoreSecret> {
  const secrets = new Map<string, StoreSecret>();
  if (!/^[ \t]+(?:secrets-manager|parameter-store)[ \t]*:/m.test(text)) return secrets;
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  let block: { store: string; indent: number } | undefined;
  lines.forEach((line, i) => {
    if (line.trim() === '' || line.trim().startsWith('#') || line.length > MAX_LINE) return;
    const indent = line.length - line.trimStart().length;
    const head = /^[ \t]+(secrets-manager|parameter-store)[ \t]*:[ \t]*$/.exec(line);
    if (head) {
      block = { store: head[1]!, indent };
      return;
    }
    if (!block || indent <= block.indent) {
      block = undefined;
      return;
    }
    const entry = /^[ \t]+([A-Za-z_][A-Za-z0-9_]{0,127})[ \t]*:[ \t]*["']?([^"'\s#]{1,300})["']?/.exec(line);
    if (!entry) return;
    const [id, key] = block.store === 'secrets-manager' ? entry[2]!.split(':') : [entry[2]!];
    const name = key ? `${id}.${key}` : id!;
    secrets.set(entry[1]!, { name, line: i + 1, column: line.indexOf(entry[2]!) + 1 });
  });
  return secrets;
}

/** A Buildkite plugin that puts store secrets in the step's environment: `- seek-oss/aws-sm#v2.3.2:`, `- avaly/gcp-secret-manager#v1.2.0:`. */
const SECRET_PLUGIN = /^[ \t]*(?:-[ \t]+)?(?:seek-oss\/aws-sm|avaly\/gcp-secret-manager)#[^:\s]*[ \t]*:[ \t]*$/;

/**
 * Buildkite's secret plugins' `env:` (`DBT_CLOUD_TOKEN: prod/dbt-cloud/service-token`, or
 * `secret-id:` with a `json-key: .token` of the JSON it holds): a command reading the variable
 * reads that secret, named by its id (`prod/dbt-cloud.token`).
 */
function pluginSecrets(text: string, secrets: Map<string, StoreSecret>): void {
  if (!/aws-sm#|gcp-secret-manager#/.test(text)) return;
  let plugin: number | undefined;
  let env: number | undefined;
  let entry: string | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.trim().startsWith('#') || line.length > MAX_LINE) return;
    const indent = line.length - line.trimStart().length;
    if (SECRET_PLUGIN.test(line)) {
      [plugin, env, entry] = [indent, undefined, undefined];
      return;
    }
    if (plugin === undefined || indent <= plugin) {
      plugin = undefined;
      return;
    }
    if (env === undefined || indent <= env) {
      env = /^[ \t]+env[ \t]*:[ \t]*$/.test(line) ? indent : undefined;
      return;
    }
    const m = /^[ \t]+([A-Za-z_][\w-]{0,127})[ \t]*:[ \t]*(?:["']?([^"'\s#]{1,300})["']?)?/.exec(line);
    if (!m) return;
    const at = { line: i + 1, column: m[2] !== undefined ? line.indexOf(m[2], m[1]!.length + indent) + 1 : indent + 1 };
    if (m[1] === 'secret-id' && entry && m[2]) secrets.set(entry, { name: m[2], ...at });
    else if (m[1] === 'json-key' && entry && m[2] && secrets.has(entry)) secrets.get(entry)!.name += `.${m[2].replace(/^\./, '')}`;
    else if (/^[A-Za-z_]\w*$/.test(m[1]!)) {
      entry = m[1]!;
      if (m[2]) secrets.set(entry, { name: m[2], ...at });
    }
  });
}

/** `KEY: <one reference>` where KEY names a dbt Cloud token: the reference is the credential. */
function keyReferences(text: string, facts: FileFacts, ctx: EnvContext): void {
  let sites = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length > MAX_LINE || !/[{$]|dbt[uc]_/.test(line)) return;
    const m = KEY_REFERENCE.exec(line);
    if (!m || !isDbtTokenEntry(m[2]!, undefined, ctx.databricks)) return;
    if (sites >= MAX_KEY_SITES) {
      noteCut(cutMessage('dbt token keys read line by line', MAX_KEY_SITES, undefined, 'the first kept'));
      return;
    }
    const value = m[4]!.replace(/\s+#.*$/, '').trim();
    // Only a value that is one reference as a whole; `Token ${X}` and prose are not. A secret
    // store's reference (`{{resolve:secretsmanager:…}}`, `${ssm:…}`) is that secret.
    const secret = secretReferenceIn(value);
    const p = secret !== undefined ? { source: 'secret' as const, name: m[2]! } : solePlaceholder(templated(value, 'yaml'));
    const keyColumn = m[1]!.length + 1;
    const valueColumn = line.indexOf(value, keyColumn + m[2]!.length) + 1;
    // A token written as the key's value (Helm values' `env: { DBT_CLOUD_TOKEN: dbtu_… }`) configures one too.
    if (!p && isCompleteToken(value, false)) {
      const span = { line: i + 1, column: valueColumn };
      addEnvEntryFacts(facts, { name: m[2]!, span: { line: i + 1, column: keyColumn }, binding: textBinding(value, span) }, ctx);
      sites++;
      return;
    }
    if (!p) return;
    const credential: RawCredential = { source: p.source, name: p.name, span: { line: i + 1, column: valueColumn } };
    // The variable holds the secret; the secret's own id says what it is (as a Kubernetes Secret's name does).
    if (secret !== undefined) credential.description = { text: secret, line: i + 1, isName: true };
    addEnvEntryFacts(facts, { name: m[2]!, span: { line: i + 1, column: keyColumn }, binding: { credential } }, ctx);
    sites++;
  });
}

/** `Authorization: Token ${X}` as a YAML entry (a proxy's or a gateway's headers). */
const AUTH_HEADER_ENTRY = /^(\s*(?:-\s+)?)["']?authorization["']?\s*:\s*(["']?)((?:token|bearer)\s+.{1,300}?)\2\s*$/i;
/** A dbt Cloud URL set in the same block: a proxy's `target`, a gateway's upstream. */
const DBT_CLOUD_URL = /https?:\/\/([a-z0-9.-]+\.(?:getdbt|dbt)\.com)(\/[^\s"'#]*)?/i;
/** How far above its header a block's target may be written. */
const TARGET_WINDOW = 12;

/**
 * A proxy's configuration that sends a token to dbt Cloud (Backstage's `proxy.endpoints`:
 * `target: https://cloud.getdbt.com/api/v2` with `headers: { Authorization: Token ${DBT_CLOUD_SERVICE_TOKEN} }`):
 * the service calls dbt Cloud with it, a `config` site at the header, on the host the block targets,
 * in the `application` workflow.
 */
function proxiedHeaders(text: string, facts: FileFacts): void {
  if (!/authorization/i.test(text)) return;
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  lines.forEach((line, i) => {
    const m = line.length <= MAX_LINE ? AUTH_HEADER_ENTRY.exec(line) : null;
    if (!m) return;
    // A line a site already holds (a request's header beside its URL) is that site's.
    if (facts.callSites.some((c) => c.span.line === i + 1 || c.credential?.span?.line === i + 1)) return;
    const valueColumn = line.indexOf(m[3]!) + 1;
    const scheme = /^\S+\s+/.exec(m[3]!)![0];
    const token = m[3]!.slice(scheme.length).trim();
    const p = solePlaceholder(templated(token, 'yaml'));
    const credential: RawCredential | undefined = p
      ? { source: p.source, name: p.name, span: { line: i + 1, column: valueColumn + scheme.length } }
      : isCompleteToken(token, false)
        ? { source: 'literal', value: token, span: { line: i + 1, column: valueColumn + scheme.length } }
        : undefined;
    if (!credential) return;
    // The block's dbt Cloud target, within the lines above the header that are not less indented than its block.
    const indent = indentOf(line) - 2;
    for (let j = i - 1; j >= 0 && j >= i - TARGET_WINDOW; j--) {
      const above = lines[j]!;
      if (above.trim() === '' || above.trimStart().startsWith('#')) continue;
      if (indentOf(above) < indent) break;
      const url = DBT_CLOUD_URL.exec(above);
      if (!url || !isDbtCloudHost(url[1]!)) continue;
      const host = url[1]!.toLowerCase();
      facts.callSites.push({
        kind: 'config',
        span: { line: i + 1, column: m[1]!.length + 1 },
        endpoint: { host, url: `https://${host}${url[2] ?? ''}` },
        credential,
        client: 'proxy',
      });
      if (credential.source === 'literal') facts.credentialSites.push({ span: credential.span!, credential: { ...credential } });
      // A proxy is a running service's: its configuration is deployed with it.
      facts.role ??= 'application';
      return;
    }
  });
}

const RUN_KEY = /^(\s*)(-\s+)?(?:run|script|before_script|after_script|command|cmd|inlineScript)\s*:\s*(.*?)\s*$/;
const indentOf = (l: string): number => l.length - l.trimStart().length;

/**
 * Shell bodies of a CI file read line by line: `run: cmd`, `run: |` blocks and `script:` lists.
 * For the scripts a pipeline runs when its YAML does not parse.
 */
export function shellBodies(text: string): string[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const out: string[] = [];
  for (let i = 0; i < lines.length && out.length < 1000; i++) {
    const m = RUN_KEY.exec(lines[i]!.length > MAX_LINE ? '' : lines[i]!);
    if (!m) continue;
    const keyIndent = m[1]!.length + (m[2]?.length ?? 0);
    const value = m[3]!;
    if (value !== '' && !/^[|>][-+0-9]*$/.test(value)) {
      out.push(value.replace(/^(["'])(.*)\1$/, '$2'));
      continue;
    }
    const body: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j]!;
      if (l.trim() === '') continue;
      if (indentOf(l) <= keyIndent && !(value === '' && indentOf(l) === keyIndent && l.trimStart().startsWith('- '))) break;
      body.push(
        value === ''
          ? l
              .trim()
              .replace(/^-\s+/, '')
              .replace(/^(["'])(.*)\1$/, '$2')
          : l.trim(),
      );
    }
    out.push(body.join('\n'));
  }
  return out;
}
