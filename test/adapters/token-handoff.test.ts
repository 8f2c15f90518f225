import { describe, expect, it } from 'vitest';
import { commandsOfScript, type RunCommand } from '../../src/adapters/shell/script.js';
import { textBinding, type EnvBinding } from '../../src/adapters/shared/values/binding.js';
import { consumesEnvironment, handsOnArguments, holdsDbtCloudToken } from '../../src/adapters/shared/ci-yaml/token-handoff.js';
import type { RawCredential } from '../../src/model/raw-facts.js';
import { extractWith } from '../helpers/extract.js';

// A CI step handing a dbt Cloud token to any program (shared/ci-yaml/token-handoff.ts): which names
// hold one, which programs use what they are given, and the call sites the CI adapters report.

const secret = (name: string): RawCredential => ({ source: 'secret', name });
const scope = (env: Record<string, string> = {}, databricks = false, names: string[] = []) => ({
  databricks,
  env: new Map<string, EnvBinding>(Object.entries(env).map(([k, v]) => [k, textBinding(v)])),
  names,
});
const command = (program: string, ...leadingArgs: string[]): RunCommand => ({
  program,
  leadingArgs,
  span: { line: 1, column: 1 },
  credentials: [],
  reads: [],
  writesFile: false,
});

describe('token hand-off: names', () => {
  it('takes dbt Cloud token names, and token slots filled from a dbt Cloud secret', () => {
    expect(holdsDbtCloudToken('DBT_CLOUD_API_TOKEN', secret('DBT_CLOUD_API_TOKEN'), scope())).toBe(true);
    expect(holdsDbtCloudToken('INPUT_DBT_CLOUD_SERVICE_TOKEN', secret('CI_SECRET'), scope())).toBe(true);
    expect(holdsDbtCloudToken('TF_VAR_service_token', secret('DBT_SERVICE_TOKEN'), scope())).toBe(true);
    expect(holdsDbtCloudToken('API_KEY', secret('DBT_CLOUD_KEY'), scope())).toBe(true);
  });

  it('leaves warehouse, git and dbt Core secrets alone', () => {
    expect(holdsDbtCloudToken('DATABRICKS_TOKEN', secret('DATABRICKS_TOKEN'), scope())).toBe(false);
    expect(holdsDbtCloudToken('SNOWFLAKE_PASSWORD', secret('DBT_SNOWFLAKE_PASSWORD'), scope())).toBe(false);
    expect(holdsDbtCloudToken('DBT_ENV_SECRET_PG_PASSWORD', secret('PG_PASSWORD'), scope())).toBe(false);
    expect(holdsDbtCloudToken('TF_VAR_service_token', secret('VAULT_TOKEN'), scope())).toBe(false);
    // The secret names dbt, the variable is not a token slot.
    expect(holdsDbtCloudToken('TF_VAR_account', secret('DBT_CLOUD_TOKEN'), scope())).toBe(false);
    expect(holdsDbtCloudToken('DBT_CLOUD_PAT_NAME', secret('DBT_CLOUD_PAT_NAME'), scope())).toBe(false);
    // Credentials for installing a dbt project's private packages.
    expect(holdsDbtCloudToken('TF_VAR_install_analytics_dbt_token', secret('install_analytics_dbt_token'), scope())).toBe(false);
    expect(holdsDbtCloudToken('DBT_PACKAGES_TOKEN', secret('DBT_PACKAGES_TOKEN'), scope())).toBe(false);
  });

  it('takes DBT_TOKEN only beside dbt Cloud settings and where nothing says Databricks', () => {
    expect(holdsDbtCloudToken('DBT_TOKEN', secret('DBT_TOKEN'), scope({ DBT_HOST: 'adb-1.2.azuredatabricks.net' }))).toBe(false);
    expect(holdsDbtCloudToken('DBT_TOKEN', secret('DBT_TOKEN'), scope({}, false, ['DBT_HOST', 'DBT_ACCOUNT_ID']))).toBe(true);
    expect(holdsDbtCloudToken('DBT_TOKEN', secret('DBT_TOKEN'), scope({ DBT_HOST: 'ab123.us1.dbt.com' }))).toBe(true);
    expect(holdsDbtCloudToken('DBT_TOKEN', secret('DBT_TOKEN'), scope({}, true, ['DBT_ACCOUNT_ID']))).toBe(false);
    // A secret that says dbt Cloud settles it.
    expect(holdsDbtCloudToken('DBT_TOKEN', secret('DBT_CLOUD_SERVICE_TOKEN'), scope())).toBe(true);
  });
});

describe('token hand-off: programs', () => {
  it('counts programs that may use their environment, not built-ins, installers, HTTP clients or dbt Core', () => {
    for (const c of [
      command('pytest'),
      command('make', 'deploy'),
      command('uv', 'run', 'x.py'),
      command('npm', 'run', 'deploy'),
      command('python3', '-m', 'pytest'),
      command('task', 'test:integration'),
      command('terraform', 'plan'),
    ]) {
      expect(consumesEnvironment(c), c.program).toBe(true);
    }
    for (const c of [
      command('echo', 'hi'),
      command('pip', 'install', 'x'),
      command('npm', 'ci'),
      command('uv', 'sync'),
      command('python', '-m', 'pip'),
      command('dbt', 'build'),
      command('curl', '-sf'),
      command('poetry', 'install'),
    ]) {
      expect(consumesEnvironment(c), `${c.program} ${c.leadingArgs.join(' ')}`).toBe(false);
    }
  });

  it('hands on words written to a file or piped into a program, not to the log', () => {
    expect(handsOnArguments({ ...command('echo'), writesFile: true })).toBe(true);
    expect(handsOnArguments({ ...command('printf'), pipedInto: { program: 'docker', leadingArgs: ['login'] } })).toBe(true);
    expect(handsOnArguments({ ...command('echo'), pipedInto: { program: 'wc', leadingArgs: ['-c'] } })).toBe(false);
    expect(handsOnArguments(command('echo'))).toBe(false);
    expect(handsOnArguments(command('python', 'x.py'))).toBe(true);
    expect(handsOnArguments({ ...command('curl'), writesFile: true })).toBe(false);
  });

  it('reads every command of a script with the credentials in its words, prefixes and here-documents', async () => {
    const env = new Map<string, EnvBinding>([['TOKEN', { credential: secret('DBT_CLOUD_TOKEN') }]]);
    const script = [
      'echo "X=$TOKEN" >> "$GITHUB_ENV"',
      'echo "$TOKEN" > /dev/null',
      'cat <<EOF > .env',
      'DBT_CLOUD_TOKEN=${TOKEN}',
      'EOF',
      "cat <<'EOF' > literal.txt",
      '$TOKEN',
      'EOF',
      'printf %s "$TOKEN" | tool login --stdin',
      'API_KEY=$TOKEN sudo -E make deploy',
    ].join('\n');
    const cmds = await commandsOfScript(script, { line: 1, column: 1 }, env);
    const view = cmds.map((c) => [
      c.program,
      c.writesFile,
      c.pipedInto?.program,
      c.credentials.map((u) => `${u.name}@${u.span.line}:${u.span.column}`).join(','),
    ]);
    expect(view).toEqual([
      ['echo', true, undefined, 'TOKEN@1:9'],
      ['echo', false, undefined, 'TOKEN@2:7'],
      ['cat', true, undefined, 'TOKEN@4:17'],
      ['cat', true, undefined, ''],
      ['printf', false, 'tool', 'TOKEN@9:12'],
      ['tool', false, undefined, ''],
      ['make', false, undefined, 'API_KEY@10:9'],
    ]);
  });
});

describe('token hand-off: CI call sites', () => {
  it('reports the env entry of a step that runs any program with a dbt Cloud token (GitHub Actions)', async () => {
    const text = [
      'on: push',
      'jobs:',
      '  check:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: ./gradlew integrationTest',
      '        env:',
      '          DBT_CLOUD_PAT: ${{ secrets.ANALYTICS_DBT_PAT }}',
      '',
    ].join('\n');
    const facts = await extractWith('github-actions', '.github/workflows/check.yml', text);
    expect(facts.callSites).toEqual([
      {
        kind: 'ci-step',
        span: { line: 8, column: 26 },
        client: 'gradlew',
        credential: { source: 'secret', name: 'ANALYTICS_DBT_PAT', span: { line: 8, column: 26 }, slotType: 'pat' },
      },
    ]);
  });

  it("does not report the token twice when the step's own call to dbt Cloud already uses it", async () => {
    const text = [
      'on: push',
      'jobs:',
      '  trigger:',
      '    runs-on: ubuntu-latest',
      '    env:',
      '      DBT_CLOUD_API_KEY: ${{ secrets.DBT_CLOUD_API_KEY }}',
      '    steps:',
      '      - run: |',
      '          curl -X POST -H "Authorization: Token $DBT_CLOUD_API_KEY" https://cloud.getdbt.com/api/v2/accounts/5/jobs/9/run/',
      '          ./notify.sh',
      '',
    ].join('\n');
    const facts = await extractWith('github-actions', '.github/workflows/t.yml', text);
    expect(facts.callSites.map((c) => c.kind)).toEqual(['http']);
  });

  it('reports a secret written inline into a command, and into $GITHUB_ENV for later steps, once', async () => {
    const text = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo "TF_VAR_token=${{ secrets.DBT_CLOUD_TOKEN }}" >> $GITHUB_ENV',
      '      - run: terraform plan',
      '      - run: ./release.sh --key "${{ secrets.DBT_API_KEY }}"',
      '',
    ].join('\n');
    const facts = await extractWith('github-actions', '.github/workflows/a.yml', text);
    expect(facts.callSites.map((c) => [c.kind, c.span.line, c.credential?.name])).toEqual([
      ['ci-step', 6, 'DBT_CLOUD_TOKEN'],
      ['ci-step', 8, 'DBT_API_KEY'],
    ]);
  });

  it('reports nothing for a token only a uses: step without its own env, or dbt Core, is given', async () => {
    const text = [
      'on: push',
      'env:',
      '  DBT_CLOUD_TOKEN: ${{ secrets.DBT_CLOUD_TOKEN }}',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - run: dbt build --target ci',
      '      - run: pip install -r requirements.txt && echo done',
      '',
    ].join('\n');
    const facts = await extractWith('github-actions', '.github/workflows/a.yml', text);
    expect(facts.callSites).toEqual([]);
  });

  it("passes the token in a run step's words on CircleCI, at the reference", async () => {
    const text = [
      'version: 2.1',
      'jobs:',
      '  sync:',
      '    docker: [{ image: cimg/node:20.11 }]',
      '    steps:',
      '      - run: node scripts/sync.js --token "$DBT_CLOUD_SYNC_TOKEN"',
      '      - run: echo "$DBT_CLOUD_SYNC_TOKEN" | wc -c',
      '',
    ].join('\n');
    const facts = await extractWith('circleci', '.circleci/config.yml', text);
    expect(facts.callSites).toMatchObject([
      { kind: 'ci-step', span: { line: 6, column: 44 }, client: 'node', credential: { source: 'secret', name: 'DBT_CLOUD_SYNC_TOKEN' } },
    ]);
  });
});

describe('token hand-off: odd workflows', () => {
  it('counts a Python or PowerShell run body as a program given the env', async () => {
    const text = [
      'on: workflow_dispatch',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    env:',
      '      DBT_CLOUD_SERVICE_TOKEN: ${{ secrets.DBT_CLOUD_SERVICE_TOKEN }}',
      '    steps:',
      '      - shell: python',
      '        run: |',
      '          import os, trigger',
      '          trigger.run(os.environ["DBT_CLOUD_SERVICE_TOKEN"])',
      '',
    ].join('\n');
    const facts = await extractWith('github-actions', '.github/workflows/a.yml', text);
    expect(facts.callSites).toMatchObject([
      { kind: 'ci-step', span: { line: 6, column: 32 }, client: 'python', credential: { name: 'DBT_CLOUD_SERVICE_TOKEN' } },
    ]);
  });

  it('reads token env lines of a workflow the YAML parser gave up on, once each, and only dbt Cloud ones', async () => {
    const text = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - name: Good step',
      '        env:',
      '          DBT_CLOUD_API_KEY: ${{ secrets.DBT_CLOUD_API_KEY }}',
      '        run: ./sync.sh',
      '      - name: Broken step',
      '          env:',
      '            DBT_CLOUD_PAT: "${{ secrets.DBT_CLOUD_PAT }}"',
      '            GH_TOKEN: ${{ secrets.GH_TOKEN }}',
      '          run: ./publish.sh',
      '',
    ].join('\n');
    const facts = await extractWith('github-actions', '.github/workflows/a.yml', text);
    expect(facts.problems.some((p) => p.startsWith('YAML parse error'))).toBe(true);
    expect(facts.callSites.map((c) => [c.span.line, c.span.column, c.credential?.name])).toEqual([
      [8, 30, 'DBT_CLOUD_API_KEY'],
      [12, 29, 'DBT_CLOUD_PAT'],
    ]);
  });
});
