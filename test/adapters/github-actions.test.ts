import { beforeEach, describe, expect, it, vi } from 'vitest';
import { extractWith } from '../helpers/extract.js';
import { adapterFor } from '../../src/adapters/registry.js';
import * as shell from '../../src/adapters/shell/script.js';
import type { ScriptOrigin } from '../../src/adapters/shell/script.js';
import type { EnvBinding } from '../../src/adapters/shared/values/binding.js';
import type { FileFacts, RawCallSite } from '../../src/model/raw-facts.js';

// The shell extractor is spied on: by default it runs for real; tests about what this adapter
// hands it (script text, env, positions) replace it with a fake that reports a call at `curl`.
vi.mock('../../src/adapters/shell/script.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/adapters/shell/script.js')>();
  return { ...real, extractShellScript: vi.fn(real.extractShellScript) };
});

const PAT = 'dbtu_FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FA';
const SVC = 'dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA';
const LEGACY = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef';

interface ShellCall {
  script: string;
  origin: ScriptOrigin;
  env: ReadonlyMap<string, EnvBinding>;
}

/** Replaces the shell extractor with one reporting an `http` call where `marker` is, crediting `$tokenVar`. */
function fakeShell(marker = 'curl', tokenVar?: string): ShellCall[] {
  const calls: ShellCall[] = [];
  vi.mocked(shell.extractShellScript).mockImplementation(async (script, origin, env) => {
    calls.push({ script, origin, env });
    const facts: FileFacts = { callSites: [], credentialSites: [], definitions: [], runsScripts: [], problems: [] };
    script.split('\n').forEach((line, i) => {
      const at = line.indexOf(marker);
      if (at < 0) return;
      const call: RawCallSite = { kind: 'http', span: { line: i + 1, column: at + 1 }, client: 'curl' };
      const b = tokenVar ? env.get(tokenVar) : undefined;
      if (b && 'credential' in b) call.credential = b.credential;
      facts.callSites.push(call);
    });
    return facts;
  });
  return calls;
}

const gha = (text: string, path = '.github/workflows/deploy.yml', others: Record<string, string> = {}): Promise<FileFacts> =>
  extractWith('github-actions', path, text, others);

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function posOf(text: string, needle: string, from = 0): { line: number; column: number } {
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`no ${needle}`);
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

beforeEach(async () => {
  const real = await vi.importActual<typeof import('../../src/adapters/shell/script.js')>('../../src/adapters/shell/script.js');
  vi.mocked(shell.extractShellScript).mockReset();
  vi.mocked(shell.extractShellScript).mockImplementation(real.extractShellScript);
});

describe('github-actions: run steps', () => {
  const workflow = [
    'name: Deploy dbt',
    'on:',
    '  push:',
    '    branches: [main]',
    'env:',
    '  DBT_CLOUD_ACCOUNT_ID: 12345',
    '  DBT_CLOUD_HOST: cloud.getdbt.com',
    'jobs:',
    '  trigger:',
    '    runs-on: ubuntu-latest',
    '    env:',
    '      DBT_CLOUD_HOST: emea.dbt.com',
    '      DBT_CLOUD_SERVICE_TOKEN: ${{ secrets.DBT_CLOUD_SERVICE_TOKEN }}',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - name: Trigger the production job',
    '        env:',
    '          DBT_CLOUD_JOB_ID: "678"',
    '          DBT_CLOUD_ACCOUNT_ID: ${{ env.DBT_CLOUD_ACCOUNT_ID }}',
    '          DBT_CLOUD_REGION_HOST: ${{ vars.DBT_CLOUD_REGION_HOST }}',
    '          DBT_CLOUD_FALLBACK_TOKEN: ${{ vars.DBT_CLOUD_FALLBACK_TOKEN }}',
    '        run: |',
    '          echo "Triggering job $DBT_CLOUD_JOB_ID"',
    '          curl -sf -X POST \\',
    '            -H "Authorization: Token $DBT_CLOUD_SERVICE_TOKEN" \\',
    '            "https://$DBT_CLOUD_HOST/api/v2/accounts/$DBT_CLOUD_ACCOUNT_ID/jobs/$DBT_CLOUD_JOB_ID/run/"',
    '',
  ].join('\n');

  it('merges workflow, job and step env (step wins) and binds secrets, vars and env references', async () => {
    const calls = fakeShell('curl', 'DBT_CLOUD_SERVICE_TOKEN');
    const facts = await gha(workflow);
    expect(facts.role).toBe('ci-cd');
    expect(calls).toHaveLength(1);
    const env = calls[0]!.env;
    expect(env.get('DBT_CLOUD_HOST')).toMatchObject({ value: [{ kind: 'literal', text: 'emea.dbt.com' }], span: { line: 12, column: 23 } });
    expect(env.get('DBT_CLOUD_JOB_ID')).toMatchObject({ value: [{ kind: 'literal', text: '678' }], span: { line: 18, column: 30 } });
    // `${{ env.X }}` in a step follows the workflow's X.
    expect(env.get('DBT_CLOUD_ACCOUNT_ID')).toMatchObject({ value: [{ kind: 'literal', text: '12345' }], span: { line: 6, column: 25 } });
    expect(env.get('DBT_CLOUD_SERVICE_TOKEN')).toMatchObject({
      credential: { source: 'secret', name: 'DBT_CLOUD_SERVICE_TOKEN', span: { line: 13, column: 32 } },
    });
    // A configuration variable holding a host is not known here: it stays `$NAME` for the shell.
    expect(env.has('DBT_CLOUD_REGION_HOST')).toBe(false);
    // One holding a token is a credential from the (non-secret) environment.
    expect(env.get('DBT_CLOUD_FALLBACK_TOKEN')).toMatchObject({ credential: { source: 'env', name: 'DBT_CLOUD_FALLBACK_TOKEN' } });
  });

  it('hands the block body over verbatim and maps positions back to the file', async () => {
    fakeShell('curl', 'DBT_CLOUD_SERVICE_TOKEN');
    const facts = await gha(workflow);
    expect(facts.callSites).toEqual([
      {
        kind: 'http',
        client: 'curl',
        span: posOf(workflow, 'curl -sf'),
        credential: { source: 'secret', name: 'DBT_CLOUD_SERVICE_TOKEN', span: { line: 13, column: 32 } },
      },
    ]);
    expect(vi.mocked(shell.extractShellScript).mock.calls[0]![0]).toBe(
      'echo "Triggering job $DBT_CLOUD_JOB_ID"\ncurl -sf -X POST \\\n  -H "Authorization: Token $DBT_CLOUD_SERVICE_TOKEN" \\\n  "https://$DBT_CLOUD_HOST/api/v2/accounts/$DBT_CLOUD_ACCOUNT_ID/jobs/$DBT_CLOUD_JOB_ID/run/"',
    );
  });

  it('replaces ${{ secrets.X }} inside the script with a bound variable, keeping later columns right', async () => {
    const text = [
      'on: workflow_dispatch',
      'jobs:',
      '  run:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: |',
      '          echo \'${{ secrets.DBT_PAT }}\' > /tmp/t; curl -H "Authorization: Bearer ${{ secrets.DBT_CLOUD_TOKEN }}" https://cloud.getdbt.com/api/v3/accounts/',
      '',
    ].join('\n');
    const calls = fakeShell('https://', 'DBT_CLOUD_TOKEN');
    const facts = await gha(text);
    expect(calls[0]!.script).toBe(
      `echo ''"\${DBT_PAT}"'' > /tmp/t; curl -H "Authorization: Bearer \${DBT_CLOUD_TOKEN}" https://cloud.getdbt.com/api/v3/accounts/`,
    );
    expect(calls[0]!.env.get('DBT_PAT')).toMatchObject({
      credential: { source: 'secret', name: 'DBT_PAT', span: posOf(text, '${{ secrets.DBT_PAT') },
    });
    expect(facts.callSites[0]!.span).toEqual(posOf(text, 'https://'));
    expect(facts.callSites[0]!.credential).toEqual({
      source: 'secret',
      name: 'DBT_CLOUD_TOKEN',
      span: posOf(text, '${{ secrets.DBT_CLOUD_TOKEN'),
    });
  });

  it('does not let an inline secret clobber an env variable of the same name bound to something else', async () => {
    const text = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    env:',
      '      DBT_TOKEN: ${{ secrets.OTHER_TOKEN }}',
      '    steps:',
      '      - run: |',
      '          curl -H "Authorization: Token ${{ secrets.DBT_TOKEN }}" https://cloud.getdbt.com/api/v2/accounts/1/jobs/',
    ].join('\n');
    const calls = fakeShell();
    await gha(text);
    expect(calls[0]!.script).toContain('${DBT_TOKEN_2}');
    expect(calls[0]!.env.get('DBT_TOKEN')).toMatchObject({ credential: { name: 'OTHER_TOKEN' } });
    expect(calls[0]!.env.get('DBT_TOKEN_2')).toMatchObject({ credential: { source: 'secret', name: 'DBT_TOKEN' } });
  });

  it('maps folded (>) and quoted bodies to their file lines', async () => {
    const text = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: >-',
      '          curl -X POST',
      '          https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/',
      '      - run: "echo hi && curl https://cloud.getdbt.com/api/v2/accounts/"',
    ].join('\n');
    const calls = fakeShell('https://');
    const facts = await gha(text);
    // Folded lines stay lines for the shell, joined by a continuation as YAML joins them with a space.
    expect(calls[0]!.script).toBe('curl -X POST \\\nhttps://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/');
    expect(facts.callSites.map((c) => c.span)).toEqual([posOf(text, 'https://'), posOf(text, 'https://', text.indexOf('echo hi'))]);
  });

  it('skips bodies run by a non-shell interpreter', async () => {
    const calls = fakeShell();
    await gha(
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - shell: python\n        run: |\n          import requests\n          requests.get("https://cloud.getdbt.com/api/v2/accounts/")\n',
    );
    expect(calls).toHaveLength(0);
  });

  it('carries `echo NAME=value >> $GITHUB_ENV` to later steps', async () => {
    const text = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo "DBT_CLOUD_API_TOKEN=${{ secrets.DBT_CLOUD_API_TOKEN }}" >> $GITHUB_ENV',
      '      - run: >',
      '          curl -H "Authorization: Token $DBT_CLOUD_API_TOKEN"',
      '          https://cloud.getdbt.com/api/v2/accounts/',
    ].join('\n');
    const calls = fakeShell('curl', 'DBT_CLOUD_API_TOKEN');
    const facts = await gha(text);
    expect(calls[1]!.env.get('DBT_CLOUD_API_TOKEN')).toMatchObject({ credential: { source: 'secret', name: 'DBT_CLOUD_API_TOKEN' } });
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]!.credential).toMatchObject({ source: 'secret', name: 'DBT_CLOUD_API_TOKEN', span: { line: 6 } });
  });

  it('uses literal input defaults of a composite action', async () => {
    const text = [
      'name: Trigger dbt Cloud job',
      'inputs:',
      '  dbt-cloud-host:',
      '    default: cloud.getdbt.com',
      '  dbt-cloud-token:',
      '    required: true',
      'runs:',
      '  using: composite',
      '  steps:',
      '    - shell: bash',
      '      env:',
      '        TOKEN: ${{ inputs.dbt-cloud-token }}',
      '      run: |',
      '        curl -H "Authorization: Token $TOKEN" "https://${{ inputs.dbt-cloud-host }}/api/v2/accounts/"',
    ].join('\n');
    const calls = fakeShell('curl', 'TOKEN');
    const facts = await gha(text, '.github/actions/trigger/action.yml');
    expect(facts.role).toBe('ci-cd');
    expect(calls[0]!.script).toBe('curl -H "Authorization: Token $TOKEN" "https://cloud.getdbt.com/api/v2/accounts/"');
    expect(facts.callSites[0]!.credential).toMatchObject({ source: 'unknown', name: 'inputs.dbt-cloud-token' });
  });
});

describe('github-actions: with the real shell extractor', () => {
  it('finds a curl call authenticated by a secret written inside the script', async () => {
    const text = [
      'on:',
      '  push:',
      '    branches: [main]',
      'env:',
      '  ACCOUNT: 12',
      'jobs:',
      '  deploy:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: |',
      '          curl -X POST -H "Authorization: Token ${{ secrets.DBT_CLOUD_SERVICE_TOKEN }}" "https://cloud.getdbt.com/api/v2/accounts/$ACCOUNT/jobs/34/run/"',
    ].join('\n');
    const facts = await gha(text);
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({
      kind: 'http',
      span: posOf(text, 'curl'),
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/12/jobs/34/run/' },
      credential: { source: 'secret', name: 'DBT_CLOUD_SERVICE_TOKEN', span: posOf(text, '${{ secrets') },
      accountIds: ['12'],
    });
  });

  it('finds nothing in docs links, UI links, shell comments or a Databricks dbt Core job', async () => {
    const text = [
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    env:',
      '      DBT_TOKEN: ${{ secrets.DATABRICKS_TOKEN }}',
      '      DBT_HOST: adb-123.azuredatabricks.net',
      '    steps:',
      '      - run: |',
      '          echo "docs: https://docs.getdbt.com/docs/dbt-cloud-apis/service-tokens"',
      '          echo "job: https://cloud.getdbt.com/deploy/1/projects/2/jobs/3"',
      '          # curl -H "Authorization: Token ${{ secrets.DBT_CLOUD_API_KEY }}" https://cloud.getdbt.com/api/v2/accounts/1/jobs/',
      '          dbt build --target prod',
      '          curl -H "Authorization: Bearer $DBT_TOKEN" "https://$DBT_HOST/api/2.0/clusters/list"',
    ].join('\n');
    expect((await gha(text)).callSites).toEqual([]);
  });
});

describe('github-actions: uses steps', () => {
  it('gives dpguthrie/dbt-cloud-downstream-ci-action the job-run endpoint on the default host', async () => {
    const text = [
      'on: pull_request',
      'jobs:',
      '  ci:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: dpguthrie/dbt-cloud-downstream-ci-action@v1',
      '        with:',
      '          dbt_cloud_service_token: ${{ secrets.DBT_CLOUD_SERVICE_TOKEN }}',
      '          dbt_cloud_account_id: 43786',
      '          dbt_cloud_job_id: 567183',
      '      - uses: dpguthrie/dbt-cloud-downstream-ci-action@v1',
      '        with:',
      '          dbt_cloud_service_token: ${{ secrets.DBT_CLOUD_SERVICE_TOKEN }}',
      '          dbt_cloud_host: emea.dbt.com',
      '          dbt_cloud_account_id: 1',
      '          dbt_cloud_job_id: 2',
    ].join('\n');
    const facts = await gha(text);
    expect(facts.callSites).toMatchObject([
      {
        kind: 'ci-step',
        // At the input that hands the action its token, where it is configured (not the `uses:` line).
        span: { line: 8, column: 36 },
        client: 'dpguthrie/dbt-cloud-downstream-ci-action',
        credential: { source: 'secret', name: 'DBT_CLOUD_SERVICE_TOKEN', slotType: 'service-token' },
        accountIds: ['43786'],
        endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/43786/jobs/567183/run/', method: 'POST' },
      },
      { endpoint: { host: 'emea.dbt.com', path: '/api/v2/accounts/1/jobs/2/run/' } },
    ]);
  });

  it('reads a local action.yml to treat `uses: ./` as a dbt Cloud action with its URL default', async () => {
    const action = [
      'name: Trigger job',
      'inputs:',
      '  api_token:',
      '    required: true',
      '  dbt_cloud_url:',
      '    default: https://ab123.us1.dbt.com',
      '  job_id:',
      '    required: true',
      'description: Triggers a dbt Cloud job',
      'runs:',
      '  using: node20',
      '  main: dist/index.js',
    ].join('\n');
    const text = [
      'on: push',
      'jobs:',
      '  run:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: ./',
      '        with:',
      '          api_token: ${{ secrets.DBT_TOKEN }}',
      '          job_id: 7',
      '      - uses: ./tools/other',
      '        with:',
      '          api_token: ${{ secrets.OTHER_TOKEN }}',
    ].join('\n');
    const facts = await gha(text, 'sub/.github/workflows/ci.yml', {
      'sub/action.yml': action,
      'sub/tools/other/action.yml': 'name: Slack notify\ninputs:\n  api_token: {}\nruns:\n  using: node20\n  main: x.js\n',
    });
    expect(facts.callSites).toMatchObject([
      {
        kind: 'ci-step',
        span: { line: 8, column: 22 },
        client: './',
        credential: { source: 'secret', name: 'DBT_TOKEN' },
        endpoint: { host: 'ab123.us1.dbt.com' },
      },
    ]);
    expect(facts.callSites).toHaveLength(1);
  });

  it('reports dbt-labs/dbt-cloud-job-action as a ci-step with the job-run endpoint', async () => {
    const text = [
      'name: Run dbt Cloud job',
      'on:',
      '  push:',
      '    branches: [main]',
      'jobs:',
      '  run:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: dbt-labs/dbt-cloud-job-action@v4',
      '        id: trigger',
      '        with:',
      '          dbt_cloud_token: ${{ secrets.DBT_CLOUD_API_TOKEN }}',
      '          dbt_cloud_account_id: 12345',
      '          dbt_cloud_job_id: ${{ vars.DBT_PROD_JOB_ID }}',
    ].join('\n');
    const facts = await gha(text);
    expect(facts.callSites).toEqual([
      {
        kind: 'ci-step',
        span: { line: 12, column: 28 },
        client: 'dbt-labs/dbt-cloud-job-action',
        credential: { source: 'secret', name: 'DBT_CLOUD_API_TOKEN', span: { line: 12, column: 28 } },
        accountIds: ['12345'],
        endpoint: {
          host: 'cloud.getdbt.com',
          path: '/api/v2/accounts/12345/jobs/{job_id}/run/',
          method: 'POST',
          url: 'https://cloud.getdbt.com/api/v2/accounts/12345/jobs/{job_id}/run/',
        },
      },
    ]);
  });

  it('keeps a literal token value and reads the host input', async () => {
    const text = [
      'on: workflow_dispatch',
      'jobs:',
      '  run:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - name: Trigger',
      '        uses: fal-ai/dbt-cloud-action@main',
      '        with:',
      `          dbt_cloud_token: "${PAT}"`,
      '          dbt_cloud_url: https://emea.dbt.com',
      '          dbt_cloud_account_id: "777"',
      '          dbt_cloud_job_id: "42"',
    ].join('\n');
    const facts = await gha(text);
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({
      kind: 'ci-step',
      span: { line: 9, column: 29 },
      client: 'fal-ai/dbt-cloud-action',
      credential: { source: 'literal', name: 'dbt_cloud_token', value: PAT, span: { line: 9, column: 29 } },
      accountIds: ['777'],
      endpoint: { host: 'emea.dbt.com', path: '/api/v2/accounts/777/jobs/42/run/' },
    });
  });

  it('recognises any action given a dbt Cloud token input, with its slot type and host', async () => {
    const text = [
      'on: pull_request',
      'jobs:',
      '  ci:',
      '    runs-on: ubuntu-latest',
      '    env:',
      '      DBT_HOST: ${{ vars.DBT_CLOUD_HOST }}',
      '    steps:',
      '      - uses: dpguthrie/dbt-cloud-downstream-ci@v1',
      '        with:',
      '          dbt_cloud_service_token: ${{ secrets.DBT_CLOUD_SERVICE_TOKEN }}',
      '          dbt_cloud_host: ${{ vars.DBT_CLOUD_HOST }}',
      '      - uses: someone/notify@v2',
      '        with:',
      '          dbt-cloud-api-token: ${{ secrets.DBT_CLOUD_API_TOKEN }}',
      '          dbt-cloud-api-url-base: cloud.getdbt.com',
    ].join('\n');
    const facts = await gha(text);
    expect(facts.callSites).toHaveLength(2);
    expect(facts.callSites[0]).toMatchObject({
      kind: 'ci-step',
      client: 'dpguthrie/dbt-cloud-downstream-ci',
      credential: { source: 'secret', name: 'DBT_CLOUD_SERVICE_TOKEN', slotType: 'service-token' },
      endpoint: { host: '{DBT_CLOUD_HOST}' },
    });
    expect(facts.callSites[1]).toMatchObject({
      client: 'someone/notify',
      credential: { name: 'DBT_CLOUD_API_TOKEN' },
      endpoint: { host: 'cloud.getdbt.com' },
    });
  });

  it('follows ${{ env.X }} in an input to the env block that holds the literal', async () => {
    const text = [
      'on: push',
      'env:',
      `  DBT_CLOUD_TOKEN: ${SVC}`,
      'jobs:',
      '  run:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: dbt-labs/dbt-cloud-job-action@v4',
      '        with:',
      '          dbt_cloud_token: ${{ env.DBT_CLOUD_TOKEN }}',
    ].join('\n');
    const facts = await gha(text);
    expect(facts.callSites[0]!.credential).toEqual({
      source: 'literal',
      name: 'dbt_cloud_token',
      value: SVC,
      span: { line: 3, column: 20 },
      // The published action's input: its name types no code of the repository.
      nameIsLocal: true,
    });
  });

  it('reports a reusable workflow job handed a dbt Cloud token', async () => {
    const text = [
      'on: push',
      'jobs:',
      '  deploy:',
      '    uses: acme/workflows/.github/workflows/dbt-cloud.yml@main',
      '    with:',
      '      dbt_cloud_account_id: 5',
      '    secrets:',
      '      dbt_cloud_api_key: ${{ secrets.DBT_CLOUD_API_KEY }}',
    ].join('\n');
    const facts = await gha(text);
    expect(facts.callSites).toEqual([
      expect.objectContaining({
        kind: 'ci-step',
        span: { line: 8, column: 26 },
        client: 'acme/workflows/.github/workflows/dbt-cloud.yml',
        accountIds: ['5'],
        credential: { source: 'secret', name: 'DBT_CLOUD_API_KEY', span: { line: 8, column: 26 } },
      }),
    ]);
  });

  it('ignores look-alikes: dbt Core token inputs, paths, docker steps, unrelated actions', async () => {
    const text = [
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/setup-python@v5',
      '      - uses: some-org/dbt-run-action@v1',
      '        with:',
      '          dbt_token: ${{ secrets.DATABRICKS_TOKEN }}',
      '          dbt_project_path: ./transform',
      '          dbt_keyfile: keyfile.json',
      '      - uses: docker://ghcr.io/acme/dbt-cloud-trigger:1',
      '        with:',
      '          args: --token ${{ secrets.DBT_CLOUD_API_TOKEN }}',
      '      - uses: appleboy/ssh-action@v1',
      '        with:',
      '          dbt_ssh_key: ${{ secrets.SSH_KEY }}',
    ].join('\n');
    const facts = await gha(text);
    expect(facts.callSites).toEqual([]);
    expect(facts.role).toBe('ci-cd');
  });
});

describe('github-actions: runsScripts and credential sites', () => {
  it('resolves scripts against the repository root holding .github, then the scan root', async () => {
    const text = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    defaults:',
      '      run:',
      '        working-directory: tools',
      '    steps:',
      '      - run: ./ci/run.sh',
      '        working-directory: .',
      '      - run: python trigger.py --job 1',
      '      - run: bash "$GITHUB_WORKSPACE/scripts/notify.sh"',
    ].join('\n');
    const facts = await gha(text, 'sub/.github/workflows/a.yml', { 'sub/ci/run.sh': 'echo', 'sub/tools/trigger.py': 'print()' });
    expect(facts.runsScripts).toEqual(['sub/ci/run.sh', 'sub/tools/trigger.py', 'sub/scripts/notify.sh']);
  });

  it('resolves `python -m` runs to the module file, and drops modules the repository does not have', async () => {
    const text = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: python -m pip install -r requirements.txt',
      '      - run: python -m reports.weekly --out report.md',
      '      - run: python -m ops',
      '        working-directory: jobs',
    ].join('\n');
    const facts = await gha(text, '.github/workflows/a.yml', { 'reports/weekly.py': 'print()', 'jobs/ops/__main__.py': 'print()' });
    expect(facts.runsScripts).toEqual(['reports/weekly.py', 'jobs/ops/__main__.py']);
  });

  it('resolves ${{ github.action_path }} in a composite action to the action folder', async () => {
    const text = 'runs:\n  using: composite\n  steps:\n    - run: ${{ github.action_path }}/trigger.sh\n      shell: bash\n';
    const facts = await gha(text, '.github/actions/dbt/action.yml', { '.github/actions/dbt/trigger.sh': 'echo' });
    expect(facts.runsScripts).toEqual(['.github/actions/dbt/trigger.sh']);
  });

  it('reports a literal key in a dbt-named env variable as a credential site', async () => {
    const text = `on: push\nenv:\n  DBT_CLOUD_API_KEY: ${LEGACY}\n  DBT_TARGET: prod\njobs: {}\n`;
    const facts = await gha(text);
    expect(facts.credentialSites).toEqual([
      {
        span: { line: 3, column: 22 },
        credential: { source: 'literal', name: 'DBT_CLOUD_API_KEY', value: LEGACY, span: { line: 3, column: 22 } },
      },
    ]);
  });
});

describe('github-actions: robustness', () => {
  it('reports parse errors by line without quoting the source', async () => {
    const text = `on: push\njobs:\n  a:\n    steps:\n      - run: "curl -H 'Authorization: Token ${PAT}\n    bad: [\n`;
    const facts = await gha(text);
    expect(facts.problems.length).toBeGreaterThan(0);
    for (const p of facts.problems) {
      expect(p).toMatch(/^YAML (parse error|nesting too deep) at line \d+$/);
      expect(p).not.toContain('dbtu_');
    }
  });

  it('survives 100k levels of nesting, alias bombs and a 20 MB line', async () => {
    const deep = await gha(`on: push\njobs: ${'['.repeat(100_000)}`);
    expect(deep.problems.length).toBeGreaterThan(0);

    const bomb = ['on: push', 'x0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      bomb.push(
        `x${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    bomb.push('env: &e', '  <<: *a11', 'jobs:', '  a:', '    env: *a11', '    steps: *a11');
    const started = Date.now();
    const facts = await gha(bomb.join('\n'));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(facts.callSites).toEqual([]);

    const merges = ['on: push', 'm0: &m0 {a: 1}'];
    for (let i = 1; i < 30; i++)
      merges.push(
        `m${i}: &m${i} {<<: [${Array(8)
          .fill(`*m${i - 1}`)
          .join(', ')}]}`,
      );
    merges.push('jobs:', '  a:', '    env: *m29', '    steps: []');
    const t2 = Date.now();
    const merged = await gha(merges.join('\n'));
    expect(Date.now() - t2).toBeLessThan(5000);
    expect(merged.problems.join()).not.toContain('m29');

    const huge = await gha(`on: push\njobs:\n  a:\n    steps:\n      - run: echo ${'x'.repeat(20_000_000)}\n`);
    expect(huge.role).toBe('ci-cd');
  }, 60_000);

  it('returns nothing for YAML that is not a workflow', async () => {
    const facts = await gha('just: a list\nof: [things]\n');
    expect(facts).toEqual({ callSites: [], credentialSites: [], definitions: [], runsScripts: [], problems: [] });
  });
});

describe('github-actions: registry routing', () => {
  const workflow = [
    'name: CI',
    'on:',
    '  pull_request:',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo hi',
  ].join('\n');
  it('routes workflow files outside .github/workflows by their content', () => {
    expect(adapterFor('examples/github_autoscaling_ci.yml', workflow)?.id).toBe('github-actions');
    expect(adapterFor('docs/ci/deploy.yaml', workflow.replace('on:', '"on":'))?.id).toBe('github-actions');
    expect(adapterFor('docs/ci/deploy.yml', workflow.replace('on:', 'true:'))?.id).toBe('github-actions');
    expect(adapterFor('.github/workflows/x.yml', 'name: x')?.id).toBe('github-actions');
  });
  it('leaves GitLab, CircleCI, Azure and plain YAML alone', () => {
    const gitlab = [
      'stages: [deploy]',
      'deploy:',
      '  stage: deploy',
      '  script:',
      '    - ./run.sh',
      'workflow:',
      '  rules:',
      '    - when: always',
    ].join('\n');
    expect(adapterFor('ci/templates/deploy.yml', gitlab)?.id).toBe('gitlab-ci');
    const circle = [
      'version: 2.1',
      'jobs:',
      '  build:',
      '    docker:',
      '      - image: cimg/python:3.11',
      '    steps:',
      '      - run: dbt build',
      'workflows:',
      '  main:',
      '    jobs: [build]',
    ].join('\n');
    expect(adapterFor('.circleci/config.yml', circle)?.id).toBe('circleci');
    expect([undefined, 'lines']).toContain(adapterFor('ci/circle.yml', circle)?.id);
    const azure = [
      'trigger:',
      '  - main',
      'pool:',
      '  vmImage: ubuntu-latest',
      'jobs:',
      '  - job: build',
      '    steps:',
      '      - script: echo hi',
    ].join('\n');
    expect(adapterFor('azure-pipelines.yml', azure)?.id).toBe('azure-pipelines');
    // Kept anywhere, an Azure pipeline or template is told by its own keys (`- job:`, `- script:`).
    expect(adapterFor('pipelines/build.yml', azure)?.id).toBe('azure-pipelines');
    // runs-on at the top level or without jobs: is not a workflow (plain YAML goes to the line-level reader at most).
    expect([undefined, 'lines']).toContain(adapterFor('config/settings.yml', 'on: true\nruns-on: x\n')?.id);
    expect(adapterFor('docs/ci/deploy.md', workflow)?.id).not.toBe('github-actions');
  });
});

describe('github-actions: terraform steps with a dbt token in TF_VAR_*', () => {
  it('reports the terraform run at the token line, credited to the secret, production unless the job says staging', async () => {
    const text = [
      'on: push',
      'jobs:',
      '  deploy:',
      '    runs-on: ubuntu-latest',
      '    env:',
      '      TF_VAR_dbt_token: ${{ secrets.DBT_CLOUD_SERVICE_TOKEN }}',
      '    steps:',
      '      - uses: hashicorp/setup-terraform@v3',
      '      - run: terraform apply -auto-approve',
      '  deploy-dev:',
      '    runs-on: ubuntu-latest',
      '    environment: dev',
      '    steps:',
      '      - run: terraform plan',
      '        env:',
      '          TF_VAR_dbt_token: ${{ secrets.DBT_DEV_TOKEN }}',
      '          TF_VAR_dbt_host_url: https://emea.dbt.com/api',
    ].join('\n');
    const f = await gha(text);
    expect(f.callSites).toMatchObject([
      {
        kind: 'terraform',
        span: { line: 6, column: 25 },
        workflow: 'terraform-production',
        credential: { source: 'secret', name: 'DBT_CLOUD_SERVICE_TOKEN' },
        endpoint: { host: 'cloud.getdbt.com' },
      },
      {
        kind: 'terraform',
        span: { line: 16, column: 29 },
        workflow: 'terraform-staging',
        credential: { source: 'secret', name: 'DBT_DEV_TOKEN' },
        endpoint: { host: 'emea.dbt.com' },
      },
    ]);
  });
});
