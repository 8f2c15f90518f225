import { describe, expect, it } from 'vitest';
import { extractWith } from '../helpers/extract.js';

const PAT = 'dbtu_FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FA';
const SVC = 'dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA';
const LEGACY = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef';

const tf = (path: string, text: string, others: Record<string, string> = {}) => extractWith('terraform', path, text, others);

describe('terraform adapter: provider blocks', () => {
  it('reads a dbtcloud provider with a variable token resolved from variables.tf', async () => {
    const main = [
      'terraform {',
      '  required_providers {',
      '    dbtcloud = {',
      '      source  = "dbt-labs/dbtcloud"',
      '      version = "~> 1.0"',
      '    }',
      '  }',
      '}',
      '',
      'provider "dbtcloud" {',
      '  account_id = 12345',
      '  token      = var.dbt_cloud_token',
      '  host_url   = "https://emea.dbt.com/api"',
      '}',
      '',
    ].join('\n');
    const vars = `variable "dbt_cloud_token" {\n  type      = string\n  sensitive = true\n  default   = "${SVC}"\n}\n`;
    const facts = await tf('envs/prod/main.tf', main, { 'envs/prod/variables.tf': vars });
    expect(facts.callSites).toHaveLength(1);
    const [site] = facts.callSites;
    expect(site).toMatchObject({
      kind: 'terraform',
      span: { line: 10, column: 1 },
      endpoint: { host: 'emea.dbt.com', url: 'https://emea.dbt.com/api' },
      accountIds: ['12345'],
      workflow: 'terraform-production',
      client: 'dbt-labs/dbtcloud',
      credential: {
        source: 'variable',
        name: 'dbt_cloud_token',
        ref: { kind: 'terraform-variable', id: 'dbt_cloud_token' },
        span: { line: 12, column: 16 },
      },
    });
    expect(site!.credential!.value).toBe(SVC);
    expect(facts.problems).toEqual([]);
  });

  it('prefers an auto-loaded terraform.tfvars value over the variable default', async () => {
    const main = 'provider "dbtcloud" {\n  token = var.token\n}\nvariable "token" {\n  default = "placeholder"\n}\n';
    const facts = await tf('infra/main.tf', main, { 'infra/terraform.tfvars': `token = "${PAT}"\n` });
    expect(facts.callSites[0]!.credential).toMatchObject({ source: 'variable', name: 'token', value: PAT });
  });

  it('leaves the value out when the variable has no literal in the module', async () => {
    const facts = await tf('main.tf', 'provider "dbtcloud" {\n  token = var.dbt_token\n  account_id = var.dbt_account_id\n}\n');
    const cred = facts.callSites[0]!.credential!;
    expect(cred).toMatchObject({ source: 'variable', name: 'dbt_token', ref: { kind: 'terraform-variable', id: 'dbt_token' } });
    expect(cred.value).toBeUndefined();
    expect(facts.callSites[0]!.accountIds).toBeUndefined();
  });

  it('reads a literal PAT and a staging path', async () => {
    const main = `provider "dbtcloud" {\n  account_id = "4242"\n  token      = "${PAT}"\n  host_url   = "https://ab123.us1.dbt.com/api"\n}\n`;
    const facts = await tf('infra/staging/dbt.tf', main);
    expect(facts.callSites).toEqual([
      expect.objectContaining({
        workflow: 'terraform-staging',
        accountIds: ['4242'],
        endpoint: { host: 'ab123.us1.dbt.com', url: 'https://ab123.us1.dbt.com/api' },
        credential: { source: 'literal', value: PAT, span: expect.objectContaining({ line: 3, column: 16 }) },
      }),
    ]);
  });

  it('falls back to DBT_CLOUD_TOKEN and the default host when the block sets neither', async () => {
    const facts = await tf('main.tf', 'provider "dbtcloud" {\n  account_id = 1\n}\n');
    expect(facts.callSites[0]).toMatchObject({
      credential: { source: 'env', name: 'DBT_CLOUD_TOKEN' },
      endpoint: { host: 'cloud.getdbt.com', url: 'https://cloud.getdbt.com/api' },
      accountIds: ['1'],
    });
    expect(facts.callSites[0]!.workflow).toBeUndefined();
  });

  it('handles an empty block and a null token as the environment default', async () => {
    const facts = await tf('main.tf', 'provider "dbtcloud" {}\nprovider "dbtcloud" {\n  alias = "x"\n  token = null\n}\n');
    expect(facts.callSites.map((s) => s.credential)).toEqual([
      { source: 'env', name: 'DBT_CLOUD_TOKEN' },
      { source: 'env', name: 'DBT_CLOUD_TOKEN' },
    ]);
  });

  it('reports one call site per aliased provider', async () => {
    const main =
      'provider "dbtcloud" {\n  alias = "prod"\n  token = var.prod_token\n}\n\nprovider "dbtcloud" {\n  alias = "dev"\n  token = var.dev_token\n}\n';
    const facts = await tf('main.tf', main);
    expect(facts.callSites.map((s) => [s.span.line, s.credential?.name])).toEqual([
      [1, 'prod_token'],
      [6, 'dev_token'],
    ]);
  });

  it('resolves locals in the same file, following hops', async () => {
    const main = `locals {\n  dbt_token = local.raw\n  raw       = "${PAT}"\n  via_var   = var.t\n}\nprovider "dbtcloud" {\n  token = local.dbt_token\n}\nprovider "dbtcloud" {\n  alias = "b"\n  token = local.via_var\n}\n`;
    const facts = await tf('main.tf', main);
    expect(facts.callSites[0]!.credential).toMatchObject({ source: 'literal', value: PAT, span: { line: 3, column: 15 } });
    expect(facts.callSites[1]!.credential).toMatchObject({ source: 'variable', name: 't' });
  });

  it('marks data sources and other expressions as unknown', async () => {
    const main =
      'provider "dbtcloud" {\n  token = data.aws_secretsmanager_secret_version.dbt.secret_string\n}\nprovider "dbtcloud" {\n  alias = "b"\n  token = "Token ${var.x}"\n}\n';
    const facts = await tf('main.tf', main);
    expect(facts.callSites[0]!.credential).toMatchObject({
      source: 'unknown',
      name: 'data.aws_secretsmanager_secret_version.dbt.secret_string',
    });
    expect(facts.callSites[1]!.credential).toMatchObject({ source: 'unknown' });
    expect(facts.callSites[1]!.credential!.name).toBeUndefined();
  });

  it('unwraps "${var.x}" and sensitive(var.x)', async () => {
    const main =
      'provider "dbtcloud" {\n  token = "${var.legacy_token}"\n}\nprovider "dbtcloud" {\n  alias = "b"\n  token = sensitive(var.wrapped)\n}\n';
    const facts = await tf('main.tf', main);
    expect(facts.callSites.map((s) => s.credential?.name)).toEqual(['legacy_token', 'wrapped']);
  });

  it('puts a host_url variable as a placeholder host, or its default when known', async () => {
    const facts = await tf('main.tf', 'provider "dbtcloud" {\n  host_url = var.dbt_host_url\n}\n');
    expect(facts.callSites[0]!.endpoint).toEqual({ url: '{dbt_host_url}', host: '{dbt_host_url}' });
    const known = await tf(
      'main.tf',
      'provider "dbtcloud" {\n  host_url = var.h\n}\nvariable "h" {\n  default = "https://au.dbt.com/api"\n}\n',
    );
    expect(known.callSites[0]!.endpoint).toEqual({ url: 'https://au.dbt.com/api', host: 'au.dbt.com' });
  });

  it('recognises the legacy GtheSheep provider by its declared source', async () => {
    const main =
      'terraform {\n  required_providers {\n    dbt = {\n      source = "GtheSheep/dbt-cloud"\n    }\n  }\n}\nprovider "dbt" {\n  token = var.dbt_token\n}\n';
    const facts = await tf('main.tf', main);
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]!.client).toBe('GtheSheep/dbt-cloud');
  });

  it('reads required_providers from a sibling versions.tf', async () => {
    const versions = 'terraform {\n  required_providers {\n    cloud = {\n      source = "dbt-labs/dbtcloud"\n    }\n  }\n}\n';
    const facts = await tf('mod/providers.tf', 'provider "cloud" {\n  token = var.t\n}\n', { 'mod/versions.tf': versions });
    expect(facts.callSites).toHaveLength(1);
  });

  it('does not take a provider named dbt whose source is something else', async () => {
    const main =
      'terraform {\n  required_providers {\n    dbt = {\n      source = "example/dbt"\n    }\n  }\n}\nprovider "dbt" {\n  token = var.dbt_token\n}\n';
    expect((await tf('main.tf', main)).callSites).toEqual([]);
  });

  it('takes an undeclared `dbt` provider only when it is configured like dbt Cloud', async () => {
    expect((await tf('main.tf', 'provider "dbt" {\n  account_id = 1\n  token = var.t\n}\n')).callSites).toHaveLength(1);
    expect((await tf('main.tf', 'provider "dbt" {\n  profiles_dir = "x"\n}\n')).callSites).toEqual([]);
  });

  it('ignores other providers, dbtcloud resources and commented-out blocks', async () => {
    const main = [
      'provider "aws" {',
      '  region = "eu-west-1"',
      '}',
      '# provider "dbtcloud" {',
      `#   token = "${PAT}"`,
      '# }',
      '/* provider "dbtcloud" { token = "x" } */',
      'resource "dbtcloud_job" "daily" {',
      '  project_id = 1',
      '  name       = "daily"',
      '}',
      'module "dbt" {',
      '  source    = "./dbt"',
      '  providers = { dbtcloud = dbtcloud.prod }',
      '}',
    ].join('\n');
    const facts = await tf('main.tf', main);
    expect(facts.callSites).toEqual([]);
    expect(facts.problems).toEqual([]);
  });
});

describe('terraform adapter: workflow', () => {
  const provider = 'provider "dbtcloud" {\n  token = var.t\n}\n';
  it.each([
    ['terraform/production/main.tf', 'terraform-production'],
    ['live/eu/main.tf', 'terraform-production'],
    ['infra/prd-eu/main.tf', 'terraform-production'],
    ['dbt_prod.tf', 'terraform-production'],
    ['infra/dev/main.tf', 'terraform-staging'],
    ['environments/qa/main.tf', 'terraform-staging'],
    ['sandbox/main.tf', 'terraform-staging'],
    ['infra/devops/main.tf', undefined],
    ['infra/product/main.tf', undefined],
  ])('%s -> %s', async (path, expected) => {
    expect((await tf(path, provider)).callSites[0]!.workflow).toBe(expected);
  });

  it('reads backend and cloud workspace names', async () => {
    const backend =
      'terraform {\n  backend "remote" {\n    organization = "acme"\n    workspaces {\n      name = "dbt-cloud-staging"\n    }\n  }\n}\n';
    expect((await tf('main.tf', backend + provider)).callSites[0]!.workflow).toBe('terraform-staging');
    const cloud = 'terraform {\n  cloud {\n    organization = "acme"\n    workspaces {\n      name = "analytics-prod"\n    }\n  }\n}\n';
    expect((await tf('main.tf', cloud + provider)).callSites[0]!.workflow).toBe('terraform-production');
  });

  it('reads environment-named var files beside the module; production wins', async () => {
    expect((await tf('tf/main.tf', provider, { 'tf/staging.tfvars': 't = "x"\n' })).callSites[0]!.workflow).toBe('terraform-staging');
    expect(
      (await tf('tf/main.tf', provider, { 'tf/staging.tfvars': 't = "x"\n', 'tf/prod.tfvars': 't = "y"\n' })).callSites[0]!.workflow,
    ).toBe('terraform-production');
  });
});

describe('terraform adapter: definitions and credential sites', () => {
  it('emits a Definition for every variable with a literal default, and sites for token values', async () => {
    const vars = [
      'variable "dbt_cloud_token" {',
      `  default = "${PAT}"`,
      '}',
      'variable "dbt_account_id" {',
      '  default = 12345',
      '}',
      'variable "dbt_api_key" {',
      `  default = "${LEGACY}"`,
      '}',
      'variable "git_sha" {',
      `  default = "${LEGACY}"`,
      '}',
      'variable "no_default" {',
      '  type = string',
      '}',
      'variable "computed" {',
      '  default = "${upper("x")}"',
      '}',
    ].join('\n');
    const facts = await tf('variables.tf', vars);
    expect(facts.callSites).toEqual([]);
    expect(facts.definitions.map((d) => d.ref.id)).toEqual(['dbt_cloud_token', 'dbt_account_id', 'dbt_api_key', 'git_sha']);
    expect(facts.definitions[0]).toMatchObject({
      ref: { kind: 'terraform-variable', id: 'dbt_cloud_token' },
      credential: { source: 'literal', name: 'dbt_cloud_token', value: PAT, span: { line: 2, column: 13 } },
      span: { line: 1, column: 1 },
    });
    expect(facts.definitions[1]!.accountIds).toEqual(['12345']);
    expect(facts.credentialSites.map((s) => [s.credential.name, s.span.line])).toEqual([
      ['dbt_cloud_token', 2],
      ['dbt_api_key', 8],
    ]);
  });

  it('reads .tfvars assignments as Definitions', async () => {
    const facts = await tf('envs/prod.tfvars', `# production values\ndbt_token = "${SVC}"\ndbt_account_id = 7\nregion = "eu"\n`);
    expect(facts.callSites).toEqual([]);
    expect(facts.definitions.map((d) => [d.ref.id, d.credential.value, d.span.line])).toEqual([
      ['dbt_token', SVC, 2],
      ['dbt_account_id', '7', 3],
      ['region', 'eu', 4],
    ]);
    expect(facts.credentialSites).toHaveLength(1);
    expect(facts.credentialSites[0]!.span).toMatchObject({ line: 2, column: 13 });
  });

  it('reports token-shaped locals as credential sites', async () => {
    const facts = await tf('locals.tf', `locals {\n  dbt = {\n    x = 1\n  }\n  cloud_token = "${SVC}"\n}\n`);
    expect(facts.credentialSites.map((s) => s.credential.name)).toEqual(['cloud_token']);
    expect(facts.definitions).toEqual([]);
  });
});

describe('terraform adapter: JSON syntax', () => {
  it('reads a provider from .tf.json with its position', async () => {
    const json = JSON.stringify(
      {
        terraform: { required_providers: { dbtcloud: { source: 'dbt-labs/dbtcloud' } } },
        provider: { dbtcloud: { token: '${var.dbt_token}', account_id: 99, host_url: 'https://cloud.getdbt.com/api' } },
        variable: { dbt_token: { type: 'string', sensitive: true } },
      },
      null,
      2,
    );
    const facts = await tf('infra/prod/main.tf.json', json);
    expect(facts.callSites).toHaveLength(1);
    const lines = json.split('\n');
    const line = lines.findIndex((l, i) => l.includes('"dbtcloud": {') && lines[i - 1]!.includes('"provider"')) + 1;
    expect(facts.callSites[0]).toMatchObject({
      span: { line, column: 5 },
      credential: { source: 'variable', name: 'dbt_token', ref: { kind: 'terraform-variable', id: 'dbt_token' } },
      accountIds: ['99'],
      endpoint: { host: 'cloud.getdbt.com' },
      workflow: 'terraform-production',
    });
  });

  it('reads provider arrays (aliases) and variable defaults in .tf.json', async () => {
    const json = JSON.stringify({
      provider: { dbtcloud: [{ token: PAT }, { alias: 'b' }] },
      variable: { dbt_token: { default: SVC } },
      locals: { x: 'y' },
    });
    const facts = await tf('main.tf.json', json);
    expect(facts.callSites.map((s) => s.credential?.source)).toEqual(['literal', 'env']);
    expect(facts.definitions.map((d) => d.ref.id)).toEqual(['dbt_token']);
  });

  it('reads .tfvars.json assignments', async () => {
    const facts = await tf('prod.tfvars.json', `{\n  "dbt_token": "${SVC}",\n  "n": 3\n}\n`);
    expect(facts.definitions.map((d) => [d.ref.id, d.span.line])).toEqual([
      ['dbt_token', 2],
      ['n', 3],
    ]);
    expect(facts.credentialSites).toHaveLength(1);
  });

  it('reports malformed JSON without quoting it', async () => {
    const facts = await tf('main.tf.json', `{\n  "provider": {\n    "dbtcloud": {\n      "token": "${PAT}",\n`);
    expect(facts.problems).toEqual(['JSON parse error at line 5']);
    // What was read before the error still counts.
    expect(facts.callSites).toHaveLength(1);
  });
});

describe('terraform adapter: robustness', () => {
  it('survives malformed HCL and names only a line', async () => {
    const facts = await tf('main.tf', `provider "dbtcloud" {\n  token = "${PAT}"\n}\nresource "x" {{{ "\n`);
    expect(facts.problems).toHaveLength(1);
    expect(facts.problems[0]).toMatch(/^HCL syntax error/);
    expect(facts.problems[0]).not.toContain('dbtu_');
    expect(facts.callSites).toHaveLength(1);
  });

  it('survives 100k levels of nested blocks and tuples', async () => {
    const deep = 'a {\n'.repeat(100_000) + '}\n'.repeat(100_000);
    await expect(tf('main.tf', deep)).resolves.toBeDefined();
    const tuples = 'x = ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\nprovider "dbtcloud" {}\n';
    expect((await tf('main.tf', tuples)).callSites).toHaveLength(1);
    const json = '{"provider":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    await expect(tf('main.tf.json', json)).resolves.toBeDefined();
  }, 30_000);

  it('skips a huge file with a problem and keeps working afterwards', async () => {
    const huge = `x = "${'a'.repeat(20_000_000)}"`;
    const facts = await tf('main.tf', huge);
    expect(facts.problems[0]).toMatch(/too large/);
    expect((await tf('main.tf', 'provider "dbtcloud" {}\n')).callSites).toHaveLength(1);
  }, 30_000);

  it('survives binary-ish input', async () => {
    const junk = '\u0000\u0001provider "dbtcloud" {\u0000\uFFFD\n'.repeat(1000);
    await expect(tf('main.tf', junk)).resolves.toBeDefined();
    await expect(tf('main.tf.json', junk)).resolves.toBeDefined();
  });
});

describe('terraform adapter: generic HTTP to dbt Cloud', () => {
  it('reads a hashicorp/http data source with a literal URL and a Token header from a variable', async () => {
    const main = [
      'data "http" "jobs" {',
      '  url = "https://cloud.getdbt.com/api/v2/accounts/1/jobs/"',
      '  request_headers = { Authorization = "Token ${var.dbt_pat}" }',
      '}',
      '',
    ].join('\n');
    const facts = await tf('infra/prod/jobs.tf', main);
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({
      kind: 'http',
      span: { line: 1, column: 1 },
      client: 'hashicorp/http',
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/1/jobs/' },
      accountIds: ['1'],
      workflow: 'terraform-production',
      credential: {
        source: 'variable',
        name: 'dbt_pat',
        ref: { kind: 'terraform-variable', id: 'dbt_pat' },
        span: { line: 3, column: 48 },
      },
    });
    expect(facts.problems).toEqual([]);
  });

  it('writes format("%s/...", var.dbt_host_url) with a placeholder host and reads a Bearer header', async () => {
    const main = [
      'variable "dbt_host_url" {',
      '  type = string',
      '}',
      'data "http" "installations" {',
      '  url = format("%s/api/v2/integrations/github/installations/", var.dbt_host_url)',
      '  request_headers = {',
      '    Accept        = "application/json"',
      '    Authorization = "Bearer ${var.dbt_pat}"',
      '  }',
      '}',
      '',
    ].join('\n');
    const facts = await tf('modules/dbt/staging/github.tf', main);
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({
      kind: 'http',
      span: { line: 4, column: 1 },
      endpoint: { host: '{dbt_host_url}', path: '/api/v2/integrations/github/installations/' },
      workflow: 'terraform-staging',
      credential: { source: 'variable', name: 'dbt_pat' },
    });
    expect(facts.callSites[0]!.accountIds).toBeUndefined();
  });

  it('resolves the host variable default and a literal account id when they are written in the module', async () => {
    const main = [
      'data "http" "runs" {',
      '  url = format("%s/api/v2/accounts/%d/runs/", var.dbt_host_url, var.dbt_account_id)',
      '  request_headers = { "Authorization" = "Token ${local.token}" }',
      '}',
      'locals {',
      '  token = var.dbt_token',
      '}',
      '',
    ].join('\n');
    const vars = [
      'variable "dbt_host_url" {',
      '  default = "https://emea.dbt.com"',
      '}',
      'variable "dbt_account_id" {',
      '  default = 42',
      '}',
      `variable "dbt_token" {\n  default = "${SVC}"\n}`,
      '',
    ].join('\n');
    const facts = await tf('tf/main.tf', main, { 'tf/variables.tf': vars });
    expect(facts.callSites).toHaveLength(1);
    const site = facts.callSites[0]!;
    expect(site).toMatchObject({ endpoint: { host: 'emea.dbt.com', path: '/api/v2/accounts/42/runs/' }, accountIds: ['42'] });
    expect(site.credential).toMatchObject({ source: 'variable', name: 'dbt_token', value: SVC });
  });

  it('reads a literal token in the header', async () => {
    const main = `data "http" "me" {\n  url = "https://cloud.getdbt.com/api/v3/accounts/7/projects/"\n  request_headers = {\n    Authorization = "Token ${PAT}"\n  }\n}\n`;
    const facts = await tf('main.tf', main);
    expect(facts.callSites[0]!.credential).toMatchObject({ source: 'literal', value: PAT, span: { line: 4 } });
  });

  it('reads a Mastercard restapi provider pointed at dbt Cloud', async () => {
    const main = [
      'terraform {',
      '  required_providers {',
      '    restapi = { source = "Mastercard/restapi" }',
      '  }',
      '}',
      'provider "restapi" {',
      '  uri                  = "https://cloud.getdbt.com"',
      '  write_returns_object = true',
      '  headers = {',
      '    Authorization = "Token ${var.dbt_cloud_token}"',
      '    Content-Type  = "application/json"',
      '  }',
      '}',
      '',
    ].join('\n');
    const facts = await tf('prod/restapi.tf', main);
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({
      kind: 'http',
      span: { line: 6, column: 1 },
      client: 'Mastercard/restapi',
      endpoint: { host: 'cloud.getdbt.com' },
      credential: { source: 'variable', name: 'dbt_cloud_token' },
      workflow: 'terraform-production',
    });
  });

  it('reads a data "http" block in .tf.json', async () => {
    const json = JSON.stringify(
      {
        data: {
          http: {
            jobs: { url: 'https://cloud.getdbt.com/api/v2/accounts/5/jobs/', request_headers: { Authorization: 'Token ${var.dbt_pat}' } },
          },
        },
      },
      null,
      2,
    );
    const facts = await tf('main.tf.json', json);
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({ kind: 'http', accountIds: ['5'], credential: { source: 'variable', name: 'dbt_pat' } });
  });

  it('ignores HTTP data sources and restapi providers that do not reach dbt Cloud', async () => {
    const main = [
      'data "http" "ip" {',
      '  url = "https://api.ipify.org"',
      '}',
      'data "http" "docs" {',
      '  url = "https://docs.getdbt.com/docs/dbt-cloud-apis/overview"',
      '}',
      'data "http" "ui" {',
      '  url = "https://cloud.getdbt.com/deploy/1/projects/2/jobs/3"',
      '}',
      'data "http" "generic" {',
      '  url = format("%s/api/v2/things", var.host)',
      '  request_headers = { Authorization = "Bearer ${var.token}" }',
      '}',
      'provider "restapi" {',
      '  uri = "https://api.example.com"',
      '}',
      '# data "http" "old" { url = "https://cloud.getdbt.com/api/v2/accounts/1/jobs/" }',
      '',
    ].join('\n');
    const facts = await tf('main.tf', main);
    expect(facts.callSites).toEqual([]);
  });
});
