import { beforeEach, describe, expect, it, vi } from 'vitest';
import { extractWith } from '../helpers/extract.js';
import * as shell from '../../src/adapters/shell/script.js';
import type { EnvBinding } from '../../src/adapters/shared/values/binding.js';
import type { FileFacts, RawCallSite } from '../../src/model/raw-facts.js';

// The shell extractor runs for real unless a test swaps in a fake that reports a call where
// `marker` is, so positions and env handed over can be checked without depending on it.
vi.mock('../../src/adapters/shell/script.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/adapters/shell/script.js')>();
  return { ...real, extractShellScript: vi.fn(real.extractShellScript) };
});

const SVC = 'dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA';
const LEGACY = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef';

interface ShellCall {
  script: string;
  env: ReadonlyMap<string, EnvBinding>;
}

let realShell: typeof shell.extractShellScript;
beforeEach(async () => {
  const real = await vi.importActual<typeof import('../../src/adapters/shell/script.js')>('../../src/adapters/shell/script.js');
  realShell = real.extractShellScript;
  vi.mocked(shell.extractShellScript).mockReset();
  vi.mocked(shell.extractShellScript).mockImplementation(realShell);
});

function fakeShell(marker = 'curl', tokenVar?: string): ShellCall[] {
  const calls: ShellCall[] = [];
  vi.mocked(shell.extractShellScript).mockImplementation(async (script, _origin, env) => {
    calls.push({ script, env });
    const facts: FileFacts = { callSites: [], credentialSites: [], definitions: [], runsScripts: [], problems: [] };
    script.split('\n').forEach((line, i) => {
      const at = line.indexOf(marker);
      if (at < 0) return;
      const call: RawCallSite = { kind: 'http', span: { line: i + 1, column: at + 1 } };
      const b = tokenVar ? env.get(tokenVar) : undefined;
      if (b && 'credential' in b) call.credential = b.credential;
      facts.callSites.push(call);
    });
    return facts;
  });
  return calls;
}

const gitlab = (text: string, path = '.gitlab-ci.yml', others: Record<string, string> = {}): Promise<FileFacts> =>
  extractWith('gitlab-ci', path, text, others);

function posOf(text: string, needle: string, from = 0): { line: number; column: number } {
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`no ${needle}`);
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

describe('gitlab-ci: scripts and variables', () => {
  const pipeline = [
    'stages: [deploy]',
    '',
    'variables:',
    '  DBT_CLOUD_ACCOUNT_ID: "12345"',
    '  DBT_CLOUD_HOST: cloud.getdbt.com',
    '  DBT_CLOUD_TOKEN: $DBT_PROD_SERVICE_TOKEN',
    '',
    'trigger-dbt-cloud:',
    '  stage: deploy',
    '  image: curlimages/curl:8.8.0',
    '  variables:',
    '    DBT_CLOUD_HOST: emea.dbt.com',
    '    DBT_CLOUD_JOB_ID: 678',
    '  script:',
    '    - echo "Triggering $DBT_CLOUD_JOB_ID"',
    '    - \'curl -sf -X POST -H "Authorization: Token $DBT_CLOUD_TOKEN" "https://$DBT_CLOUD_HOST/api/v2/accounts/$DBT_CLOUD_ACCOUNT_ID/jobs/$DBT_CLOUD_JOB_ID/run/"\'',
    '  rules:',
    '    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH',
    '',
  ].join('\n');

  it('joins list items into one script, each item on its own file line, with job variables over global ones', async () => {
    const calls = fakeShell('curl', 'DBT_CLOUD_TOKEN');
    const facts = await gitlab(pipeline);
    expect(facts.role).toBe('ci-cd');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.script).toBe(
      'echo "Triggering $DBT_CLOUD_JOB_ID"\ncurl -sf -X POST -H "Authorization: Token $DBT_CLOUD_TOKEN" "https://$DBT_CLOUD_HOST/api/v2/accounts/$DBT_CLOUD_ACCOUNT_ID/jobs/$DBT_CLOUD_JOB_ID/run/"',
    );
    const env = calls[0]!.env;
    expect(env.get('DBT_CLOUD_HOST')).toMatchObject({ value: [{ kind: 'literal', text: 'emea.dbt.com' }], span: { line: 12, column: 21 } });
    expect(env.get('DBT_CLOUD_JOB_ID')).toMatchObject({ value: [{ kind: 'literal', text: '678' }] });
    expect(env.get('DBT_CLOUD_ACCOUNT_ID')).toMatchObject({ value: [{ kind: 'literal', text: '12345' }], span: { line: 4, column: 26 } });
    // `$NAME` defined nowhere in the file: a CI/CD settings variable, GitLab's secret store.
    expect(env.get('DBT_CLOUD_TOKEN')).toMatchObject({
      credential: { source: 'secret', name: 'DBT_PROD_SERVICE_TOKEN', span: { line: 6, column: 20 } },
    });
    expect(facts.callSites).toEqual([
      {
        kind: 'http',
        span: posOf(pipeline, 'curl -sf'),
        credential: { source: 'secret', name: 'DBT_PROD_SERVICE_TOKEN', span: { line: 6, column: 20 } },
      },
    ]);
  });

  it('finds the curl call with the real shell extractor', async () => {
    const facts = await gitlab(pipeline);
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({
      kind: 'http',
      span: posOf(pipeline, 'curl -sf'),
      endpoint: { host: 'emea.dbt.com', path: '/api/v2/accounts/12345/jobs/678/run/' },
      credential: { source: 'secret', name: 'DBT_PROD_SERVICE_TOKEN' },
      accountIds: ['12345'],
    });
  });

  it("binds a script's own undefined credential-like variables as secrets, predefined ones not at all", async () => {
    const text = [
      'deploy:',
      '  stage: deploy',
      '  script:',
      '    - export RUN_CAUSE="$CI_PIPELINE_URL"',
      '    - |',
      '      curl -H "Authorization: Bearer ${DBT_CLOUD_API_TOKEN}" \\',
      '        "$DBT_CLOUD_URL/api/v2/accounts/$DBT_ACCOUNT_ID/runs/"',
    ].join('\n');
    const calls = fakeShell('curl', 'DBT_CLOUD_API_TOKEN');
    const facts = await gitlab(text);
    const env = calls[0]!.env;
    expect(env.get('DBT_CLOUD_API_TOKEN')).toEqual({ credential: { source: 'secret', name: 'DBT_CLOUD_API_TOKEN' } });
    expect(env.has('CI_PIPELINE_URL')).toBe(false);
    expect(env.has('RUN_CAUSE')).toBe(false);
    expect(env.has('DBT_CLOUD_URL')).toBe(false); // a host: stays `{DBT_CLOUD_URL}`
    expect(facts.callSites[0]!.span).toEqual(posOf(text, 'curl -H'));
  });

  it('resolves extends from templates, default: before_script, anchors and merge keys', async () => {
    const text = [
      'default:',
      '  before_script:',
      '    - echo default-setup',
      '',
      '.setup: &setup',
      '  - apk add --no-cache curl jq',
      '',
      '.job_defaults: &job_defaults',
      '  image: alpine:3.20',
      '  before_script:',
      '    - *setup',
      '    - echo "from anchor"',
      '',
      '.dbt_cloud_trigger:',
      '  stage: deploy',
      '  variables:',
      '    DBT_CLOUD_JOB_ID: "1"',
      '  script:',
      '    - >',
      '      curl -X POST -H "Authorization: Token $DBT_CLOUD_SERVICE_TOKEN"',
      '      "https://cloud.getdbt.com/api/v2/accounts/$DBT_CLOUD_ACCOUNT_ID/jobs/$DBT_CLOUD_JOB_ID/run/"',
      '',
      'deploy-prod:',
      '  <<: *job_defaults',
      '  extends: .dbt_cloud_trigger',
      '  variables:',
      '    DBT_CLOUD_JOB_ID: "42"',
      '',
      'deploy-staging:',
      '  extends: .dbt_cloud_trigger',
      '  inherit:',
      '    default: false',
    ].join('\n');
    const calls = fakeShell('curl -X', 'DBT_CLOUD_SERVICE_TOKEN');
    const facts = await gitlab(text);
    // The template is not run on its own; each extending job runs it.
    expect(calls.map((c) => c.script)).toEqual([
      'apk add --no-cache curl jq\necho "from anchor"\ncurl -X POST -H "Authorization: Token $DBT_CLOUD_SERVICE_TOKEN" \\\n"https://cloud.getdbt.com/api/v2/accounts/$DBT_CLOUD_ACCOUNT_ID/jobs/$DBT_CLOUD_JOB_ID/run/"',
      'curl -X POST -H "Authorization: Token $DBT_CLOUD_SERVICE_TOKEN" \\\n"https://cloud.getdbt.com/api/v2/accounts/$DBT_CLOUD_ACCOUNT_ID/jobs/$DBT_CLOUD_JOB_ID/run/"',
    ]);
    expect(calls[0]!.env.get('DBT_CLOUD_JOB_ID')).toMatchObject({ value: [{ kind: 'literal', text: '42' }] });
    expect(calls[1]!.env.get('DBT_CLOUD_JOB_ID')).toMatchObject({ value: [{ kind: 'literal', text: '1' }] });
    // Both jobs run the same text with the same token: one call site.
    expect(facts.callSites).toEqual([
      { kind: 'http', span: posOf(text, 'curl -X'), credential: { source: 'secret', name: 'DBT_CLOUD_SERVICE_TOKEN' } },
    ]);
  });

  it('honours !reference tags and inherit: variables: false', async () => {
    const text = [
      'variables:',
      '  DBT_CLOUD_TOKEN: $DBT_PAT',
      '.scripts:',
      '  trigger:',
      '    - \'curl -H "Authorization: Token $DBT_CLOUD_TOKEN" https://cloud.getdbt.com/api/v2/accounts/1/jobs/\'',
      'job:',
      '  stage: deploy',
      '  inherit:',
      '    variables: false',
      '  script:',
      '    - echo start',
      '    - !reference [.scripts, trigger]',
    ].join('\n');
    const calls = fakeShell('curl', 'DBT_CLOUD_TOKEN');
    const facts = await gitlab(text);
    expect(calls[0]!.script).toBe(
      'echo start\ncurl -H "Authorization: Token $DBT_CLOUD_TOKEN" https://cloud.getdbt.com/api/v2/accounts/1/jobs/',
    );
    expect(calls[0]!.env.get('DBT_CLOUD_TOKEN')).toEqual({ credential: { source: 'secret', name: 'DBT_CLOUD_TOKEN' } });
    expect(facts.callSites.map((c) => c.span)).toEqual([posOf(text, 'curl -H')]);
  });

  it('binds secrets: entries (Vault and friends) as secrets', async () => {
    const text = [
      'deploy:',
      '  stage: deploy',
      '  secrets:',
      '    DBT_CLOUD_TOKEN:',
      '      vault: analytics/dbt-cloud/token@secret',
      '      file: false',
      '  script:',
      '    - \'curl -H "Authorization: Token $DBT_CLOUD_TOKEN" https://cloud.getdbt.com/api/v2/accounts/3/runs/\'',
    ].join('\n');
    const facts = await gitlab(text);
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({
      credential: { source: 'secret', name: 'DBT_CLOUD_TOKEN', span: { line: 4, column: 5 } },
      accountIds: ['3'],
    });
  });

  it('runs after_script in a shell of its own and records the scripts a job runs', async () => {
    const text = [
      'notify:',
      '  stage: .post',
      '  before_script: [cd transform]',
      '  script:',
      '    - bash ./ci/trigger_dbt_cloud.sh',
      '    - python $CI_PROJECT_DIR/scripts/poll_run.py',
      '  after_script: "sh ci/cleanup.sh"',
    ].join('\n');
    const calls = fakeShell();
    const facts = await gitlab(text, 'analytics/.gitlab-ci.yml', { 'analytics/transform/ci/trigger_dbt_cloud.sh': 'echo' });
    expect(calls.map((c) => c.script)).toEqual([
      'cd transform\nbash ./ci/trigger_dbt_cloud.sh\npython $CI_PROJECT_DIR/scripts/poll_run.py',
      'sh ci/cleanup.sh',
    ]);
    expect(facts.runsScripts).toEqual([
      'analytics/transform/ci/trigger_dbt_cloud.sh',
      'analytics/scripts/poll_run.py',
      'analytics/ci/cleanup.sh',
    ]);
  });

  it('reports a literal key in a dbt-named variable as a credential site', async () => {
    const text = `variables:\n  DBT_CLOUD_API_KEY: "${LEGACY}"\n  DBT_TARGET: prod\nbuild:\n  stage: build\n  script: [dbt build]\n`;
    const facts = await gitlab(text);
    expect(facts.credentialSites).toEqual([
      {
        span: { line: 2, column: 23 },
        credential: { source: 'literal', name: 'DBT_CLOUD_API_KEY', value: LEGACY, span: { line: 2, column: 23 } },
      },
    ]);
  });

  it('passes a literal token through a variable to the call', async () => {
    const text = [
      'variables:',
      `  DBT_CLOUD_SERVICE_TOKEN: ${SVC}`,
      'deploy:',
      '  stage: deploy',
      '  script:',
      '    - \'curl -X POST -H "Authorization: Token ${DBT_CLOUD_SERVICE_TOKEN}" https://cloud.getdbt.com/api/v2/accounts/9/jobs/8/run/\'',
    ].join('\n');
    const facts = await gitlab(text);
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({
      span: posOf(text, 'curl'),
      credential: { source: 'literal', value: SVC },
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/9/jobs/8/run/' },
    });
  });
});

describe('gitlab-ci: include', () => {
  const root = [
    'include:',
    "  - local: '/ci/dbt-cloud.yml'",
    '  - project: acme/ci-templates',
    '    file: /templates/base.yml',
    '  - remote: https://example.com/ci.yml',
    'variables:',
    '  DBT_CLOUD_ACCOUNT_ID: "4242"',
    '  DBT_CLOUD_API_TOKEN: $DBT_CLOUD_PROD_TOKEN',
    'stages: [deploy]',
  ].join('\n');
  const included = [
    '.dbt_cloud:',
    '  variables:',
    '    DBT_CLOUD_JOB_ID: "7"',
    '',
    'trigger-prod-job:',
    '  extends: .dbt_cloud',
    '  stage: deploy',
    '  script:',
    '    - |',
    '      curl --fail -X POST \\',
    '        -H "Authorization: Token ${DBT_CLOUD_API_TOKEN}" \\',
    '        "https://cloud.getdbt.com/api/v2/accounts/${DBT_CLOUD_ACCOUNT_ID}/jobs/${DBT_CLOUD_JOB_ID}/run/"',
  ].join('\n');

  it('scans an included file with the globals of the file that includes it', async () => {
    const facts = await gitlab(included, 'ci/dbt-cloud.yml', { '.gitlab-ci.yml': root });
    expect(facts.role).toBe('ci-cd');
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({
      kind: 'http',
      span: posOf(included, 'curl'),
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/4242/jobs/7/run/' },
      credential: { source: 'secret', name: 'DBT_CLOUD_PROD_TOKEN' },
    });
    // The binding came from another file: the credential points at its use here.
    expect(facts.callSites[0]!.credential!.span).toEqual(posOf(included, '${DBT_CLOUD_API_TOKEN}'));
  });

  it("does not report the included file's jobs from the including file", async () => {
    const facts = await gitlab(root, '.gitlab-ci.yml', { 'ci/dbt-cloud.yml': included });
    expect(facts.callSites).toEqual([]);
    expect(facts.role).toBe('ci-cd');
  });

  it('uses included templates for extends in the including file', async () => {
    const main = [
      'include: ci/templates.yml',
      'deploy:',
      '  extends: .with_token',
      '  script:',
      '    - \'curl -H "Authorization: Token $TOKEN" https://cloud.getdbt.com/api/v2/accounts/1/jobs/\'',
    ].join('\n');
    const calls = fakeShell('curl', 'TOKEN');
    await gitlab(main, '.gitlab-ci.yml', { 'ci/templates.yml': '.with_token:\n  variables:\n    TOKEN: $DBT_CLOUD_PAT\n' });
    expect(calls[0]!.env.get('TOKEN')).toEqual({ credential: { source: 'secret', name: 'DBT_CLOUD_PAT' } });
  });

  it('reports a template extended only from another file on its own', async () => {
    const tmpl =
      '.trigger:\n  script:\n    - \'curl -H "Authorization: Token $DBT_CLOUD_TOKEN" https://cloud.getdbt.com/api/v2/accounts/1/jobs/\'\n';
    const main = 'include: [{local: ci/tmpl.yml}]\ndeploy:\n  extends: .trigger\n  stage: deploy\n';
    const facts = await gitlab(tmpl, 'ci/tmpl.yml', { '.gitlab-ci.yml': main });
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]!.span).toEqual(posOf(tmpl, 'curl'));
  });
});

describe('gitlab-ci: look-alikes and robustness', () => {
  it('finds no dbt Cloud call in a dbt Core job using DBT_TOKEN for Databricks', async () => {
    const text = [
      'variables:',
      '  DBT_PROFILES_DIR: $CI_PROJECT_DIR/profiles',
      '  DBT_HOST: adb-1234567890123456.7.azuredatabricks.net',
      'dbt-build:',
      '  stage: build',
      '  image: python:3.12',
      '  script:',
      '    - pip install dbt-databricks',
      '    - export DBT_TOKEN=$DATABRICKS_TOKEN',
      '    - dbt deps && dbt build --target prod',
      '    - \'curl -sf -H "Authorization: Bearer $DBT_TOKEN" "https://$DBT_HOST/api/2.0/clusters/list"\'',
    ].join('\n');
    const facts = await gitlab(text);
    expect(facts.callSites).toEqual([]);
    expect(facts.role).toBe('ci-cd');
  });

  it('leaves YAML that is not a pipeline alone', async () => {
    const facts = await gitlab('agent:\n  config: true\n', '.gitlab/agents/prod/config.yaml');
    expect(facts).toEqual({ callSites: [], credentialSites: [], definitions: [], runsScripts: [], problems: [] });
  });

  it('survives malformed input, deep nesting and merge-key bombs', async () => {
    const bad = await gitlab(`job:\n  script:\n    - "curl -H 'Authorization: Token ${SVC}\n  variables: [\n`);
    expect(bad.problems.length).toBeGreaterThan(0);
    for (const p of bad.problems) expect(p).not.toContain('dbtc_');

    const deep = await gitlab(`job:\n  script: ${'{a: '.repeat(50_000)}`);
    expect(deep.problems.length).toBeGreaterThan(0);

    const merges = ['m0: &m0 {script: [echo]}'];
    for (let i = 1; i < 30; i++)
      merges.push(
        `.m${i}: &m${i} {<<: [${Array(8)
          .fill(`*m${i - 1}`)
          .join(', ')}]}`,
      );
    merges.push('job:', '  <<: *m29', '  stage: x');
    const started = Date.now();
    const bomb = await gitlab(merges.join('\n'));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(bomb.callSites).toEqual([]);

    const lists = ['.l0: &l0 [echo, echo, echo, echo, echo, echo, echo, echo, echo, echo]'];
    for (let i = 1; i < 10; i++)
      lists.push(
        `.l${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    lists.push('job:', '  stage: x', '  script: *l9');
    const t2 = Date.now();
    const listBomb = await gitlab(lists.join('\n'));
    expect(Date.now() - t2).toBeLessThan(5000);
    expect(listBomb.problems).toEqual(['YAML too complex: alias or merge key expansion limit reached']);

    const cyclic = await gitlab('a:\n  extends: b\n  script: [echo]\nb:\n  extends: a\n');
    expect(cyclic.callSites).toEqual([]);
  }, 60_000);
});

describe('gitlab-ci: terraform jobs with a dbt token in TF_VAR_*', () => {
  it('reports the terraform run at the bound token line, with the host and workflow from the job', async () => {
    const text = [
      'stages: [plan, deploy]',
      'variables:',
      '  TF_VAR_dbt_host_url: "https://ab123.us1.dbt.com/api"',
      '  TF_VAR_dbt_account_id: "70403"',
      '',
      'apply:',
      '  stage: deploy',
      '  environment: production',
      '  variables:',
      '    TF_VAR_dbt_token: $dbtcloud_user_api_token',
      '  script:',
      '    - terraform init',
      '    - terraform plan -out plan.tfplan',
      '    - terraform apply plan.tfplan',
      '',
      'apply_staging:',
      '  stage: deploy',
      '  environment: { name: staging }',
      '  variables:',
      '    DBT_CLOUD_TOKEN: $DBT_STAGING_SERVICE_TOKEN',
      '  script:',
      '    - gitlab-terraform apply',
      '',
      'lint:',
      '  stage: plan',
      '  variables:',
      '    TF_VAR_github_token: $GH_TOKEN',
      '  script:',
      '    - terraform fmt -check',
      '    - terraform plan',
    ].join('\n');
    const f = await gitlab(text);
    expect(f.callSites).toMatchObject([
      {
        kind: 'terraform',
        span: { line: 10, column: 23 },
        client: 'terraform',
        workflow: 'terraform-production',
        endpoint: { host: 'ab123.us1.dbt.com' },
        credential: { source: 'secret', name: 'dbtcloud_user_api_token' },
        accountIds: ['70403'],
      },
      {
        kind: 'terraform',
        span: { line: 20, column: 22 },
        client: 'gitlab-terraform',
        workflow: 'terraform-staging',
        credential: { source: 'secret', name: 'DBT_STAGING_SERVICE_TOKEN' },
      },
    ]);
    expect(f.callSites).toHaveLength(2);
  });

  it('reads `export TF_VAR_...` in the script and a test stage as staging', async () => {
    const text = [
      'tf:',
      '  stage: test',
      '  script:',
      '    - export TF_VAR_dbt_cloud_token="$DBT_PAT"',
      '    - terragrunt run-all apply --terragrunt-non-interactive',
    ].join('\n');
    const f = await gitlab(text);
    expect(f.callSites).toMatchObject([
      {
        kind: 'terraform',
        span: { line: 5, column: 7 },
        workflow: 'terraform-staging',
        credential: { source: 'secret', name: 'DBT_PAT' },
        endpoint: { host: 'cloud.getdbt.com' },
      },
    ]);
  });
});
