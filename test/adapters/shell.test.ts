import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../src/adapters/registry.js';
import type { ScriptOrigin } from '../../src/adapters/shell/script.js';
import { textBinding, type EnvBinding } from '../../src/adapters/shared/values/binding.js';
import { extractShellScript, scriptPathsRun } from '../../src/adapters/shell/script.js';
import { commandLineValues } from '../../src/adapters/shell/scripts-run.js';
import type { FileFacts } from '../../src/model/raw-facts.js';
import { extractWith } from '../helpers/extract.js';

const PAT = 'dbtu_FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FA';
const SVC = 'dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA';
const LEGACY = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef';

const sh = (text: string): Promise<FileFacts> => extractWith('shell', 'scripts/trigger.sh', text);
const embedded = (text: string, env: Record<string, EnvBinding> = {}, origin: ScriptOrigin = { line: 1, column: 1 }): Promise<FileFacts> =>
  extractShellScript(text, origin, new Map(Object.entries(env)));

describe('shell adapter: curl', () => {
  it('finds a job trigger with an env token, headers split over continuation lines', async () => {
    const f = await sh(
      [
        '#!/usr/bin/env bash',
        'set -euo pipefail',
        '',
        'curl --fail -sS -X POST \\',
        '  -H "Authorization: Token ${DBT_CLOUD_API_TOKEN}" \\',
        '  -H "Content-Type: application/json" \\',
        '  --data \'{"cause": "Triggered by CI"}\' \\',
        '  "https://cloud.getdbt.com/api/v2/accounts/${DBT_ACCOUNT_ID}/jobs/${DBT_JOB_ID}/run/"',
      ].join('\n'),
    );
    expect(f.callSites).toHaveLength(1);
    const c = f.callSites[0]!;
    expect(c).toMatchObject({
      kind: 'http',
      client: 'curl',
      span: { line: 4, column: 1 },
      endpoint: {
        host: 'cloud.getdbt.com',
        path: '/api/v2/accounts/{DBT_ACCOUNT_ID}/jobs/{DBT_JOB_ID}/run/',
        method: 'POST',
      },
      credential: { source: 'env', name: 'DBT_CLOUD_API_TOKEN', span: { line: 5, column: 28 } },
    });
    expect(c.credential?.value).toBeUndefined();
    expect(c.accountIds).toBeUndefined();
    expect(f.problems).toEqual([]);
  });

  it('resolves variables set in the script: literal PAT, aliases, defaults, account ids', async () => {
    const f = await sh(
      [
        'DBT_PAT="' + PAT + '"',
        'ACCOUNT_ID=70403',
        'BASE_URL="https://emea.dbt.com/api/v2/accounts/${ACCOUNT_ID}"',
        'curl -s -H "Authorization: Bearer $DBT_PAT" "$BASE_URL/runs/?limit=5"',
      ].join('\n'),
    );
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]).toMatchObject({
      span: { line: 4, column: 1 },
      endpoint: { host: 'emea.dbt.com', path: '/api/v2/accounts/70403/runs/', method: 'GET' },
      credential: { source: 'literal', name: 'DBT_PAT', value: PAT, span: { line: 1, column: 10 } },
      accountIds: ['70403'],
    });
  });

  it('takes the first name of ${A:-$B}, follows X="${Y}" and `: "${X:?}"`', async () => {
    const f = await sh(
      [
        ': "${DBT_CLOUD_SERVICE_TOKEN:?set it}"',
        'TOKEN="${DBT_CLOUD_SERVICE_TOKEN}"',
        'HOST="${DBT_CLOUD_HOST:-$FALLBACK_HOST}"',
        'curl -H "Authorization: Token $TOKEN" "https://$HOST/api/v3/accounts/"',
        'curl -H "Authorization: Token ${DBT_TOKEN:-$DBT_CLOUD_TOKEN}" "https://${DBT_CLOUD_HOST}/api/v2/accounts/1/jobs/"',
      ].join('\n'),
    );
    expect(f.callSites).toHaveLength(2);
    expect(f.callSites[0]).toMatchObject({
      endpoint: { host: '{DBT_CLOUD_HOST}', path: '/api/v3/accounts/' },
      credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN', span: { line: 2, column: 8 } },
    });
    expect(f.callSites[1]).toMatchObject({
      endpoint: { host: '{DBT_CLOUD_HOST}', path: '/api/v2/accounts/1/jobs/' },
      credential: { source: 'env', name: 'DBT_TOKEN' },
      accountIds: ['1'],
    });
  });

  it('handles a placeholder host without scheme, -u, --oauth2-bearer, single-quoted literal tokens', async () => {
    const f = await sh(
      [
        'curl -u ":$DBT_API_KEY" "${DBT_CLOUD_HOST}/api/v2/accounts/42/"',
        'curl --oauth2-bearer "$DBT_SERVICE_TOKEN" https://metadata.cloud.getdbt.com/graphql -d @query.json',
        "curl -H 'Authorization: Token " + LEGACY + "' https://cloud.getdbt.com/api/v2/accounts/",
      ].join('\n'),
    );
    expect(f.callSites.map((c) => c.credential)).toMatchObject([
      { source: 'env', name: 'DBT_API_KEY' },
      { source: 'env', name: 'DBT_SERVICE_TOKEN' },
      { source: 'literal', value: LEGACY, span: { line: 3, column: 31 } },
    ]);
    expect(f.callSites[0]!.endpoint).toMatchObject({ host: '{DBT_CLOUD_HOST}', path: '/api/v2/accounts/42/' });
    expect(f.callSites[1]!.endpoint).toMatchObject({ host: 'metadata.cloud.getdbt.com', path: '/graphql', method: 'POST' });
    expect(f.callSites[2]!.credential!.name).toBeUndefined();
  });

  it('sees curl inside command substitutions, conditionals, functions and wrappers', async () => {
    const f = await sh(
      [
        'trigger() {',
        '  curl -sf -XPOST -H "Authorization: Token $API_TOKEN" "$DBT_URL/api/v2/accounts/$ACCOUNT/jobs/$1/run/"',
        '}',
        'DBT_URL=https://cloud.getdbt.com',
        'RUN_ID=$(curl -s -H "Authorization: Token $API_TOKEN" "$DBT_URL/api/v2/accounts/$ACCOUNT/runs/" | jq ".data[0].id")',
        'if [ -n "$RUN_ID" ]; then sudo -E curl -H "Authorization: Token $API_TOKEN" "$DBT_URL/api/v2/accounts/$ACCOUNT/runs/$RUN_ID/cancel/" -X POST; fi',
      ].join('\n'),
    );
    expect(f.callSites).toHaveLength(3);
    expect(f.callSites.map((c) => [c.span.line, c.span.column, c.endpoint?.method, c.endpoint?.host])).toEqual([
      [2, 3, 'POST', 'cloud.getdbt.com'],
      [5, 10, 'GET', 'cloud.getdbt.com'],
      [6, 27, 'POST', 'cloud.getdbt.com'],
    ]);
    expect(f.callSites[0]!.endpoint!.path).toBe('/api/v2/accounts/{ACCOUNT}/jobs/{value}/run/');
  });

  it('does not report comments, heredoc text, echo of URLs, other APIs, UI or docs links', async () => {
    const f = await sh(
      [
        '#!/bin/bash',
        '# curl -H "Authorization: Token $DBT_TOKEN" https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/',
        '  # curl https://cloud.getdbt.com/api/v2/accounts/',
        'echo "Trigger with: curl https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/"',
        'cat <<EOF',
        'curl -H "Authorization: Token $DBT_TOKEN" https://cloud.getdbt.com/api/v2/accounts/1/',
        'EOF',
        'curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/repos/acme/analytics/dispatches',
        'curl -H "Authorization: Token $DBT_TOKEN" https://cloud.getdbt.com/deploy/1/projects/2/jobs/3',
        'curl -sL https://docs.getdbt.com/dbt-cloud/api-v2 -o api.html',
        'curl -X POST "$SLACK_WEBHOOK_URL" -d "{\\"text\\": \\"dbt done\\"}"',
      ].join('\n'),
    );
    expect(f.callSites).toEqual([]);
  });

  it('leaves the credential undefined when no auth is given', async () => {
    const f = await sh('curl https://cloud.getdbt.com/api/v2/accounts/1/jobs/ -H "Accept: application/json"');
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]!.credential).toBeUndefined();
  });

  it('reads Azure $(VAR) macros as variables and ignores other command substitutions', async () => {
    const f = await embedded(
      [
        'curl -H "Authorization: Token $(DBT_CLOUD_TOKEN)" https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/ -X POST',
        'curl -H "Authorization: Token $(cat ~/.dbt-token)" https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/ -X POST',
      ].join('\n'),
    );
    expect(f.callSites.map((c) => c.credential)).toMatchObject([{ source: 'env', name: 'DBT_CLOUD_TOKEN' }, { source: 'unknown' }]);
  });
});

describe('shell adapter: wget, httpie, dbt Cloud CLIs', () => {
  it('finds wget with --header= and --header', async () => {
    const f = await sh(
      [
        'wget -qO- --header="Authorization: Token ${DBT_CLOUD_API_KEY}" https://cloud.getdbt.com/api/v2/accounts/123/runs/',
        'wget --method=POST --header "Authorization: Bearer $DBT_PAT" -O run.json "https://au.dbt.com/api/v2/accounts/9/jobs/8/run/"',
      ].join('\n'),
    );
    expect(f.callSites).toMatchObject([
      {
        client: 'wget',
        endpoint: { host: 'cloud.getdbt.com', method: 'GET' },
        credential: { source: 'env', name: 'DBT_CLOUD_API_KEY' },
        accountIds: ['123'],
      },
      {
        client: 'wget',
        endpoint: { host: 'au.dbt.com', method: 'POST' },
        credential: { source: 'env', name: 'DBT_PAT' },
        accountIds: ['9'],
      },
    ]);
  });

  it('finds httpie request items, default schemes and bearer auth', async () => {
    const f = await sh(
      [
        'http POST https://cloud.getdbt.com/api/v2/accounts/5/jobs/6/run/ Authorization:"Token $DBT_TOKEN" cause="nightly"',
        'https cloud.getdbt.com/api/v3/accounts/ "Authorization: Bearer ${DBT_SERVICE_TOKEN}"',
        'http -A bearer -a "$DBT_PAT" GET https://cloud.getdbt.com/api/v2/accounts/5/runs/ limit==1',
      ].join('\n'),
    );
    expect(f.callSites).toMatchObject([
      { client: 'httpie', endpoint: { method: 'POST', path: '/api/v2/accounts/5/jobs/6/run/' }, credential: { name: 'DBT_TOKEN' } },
      {
        client: 'httpie',
        endpoint: { method: 'GET', host: 'cloud.getdbt.com', url: 'https://cloud.getdbt.com/api/v3/accounts/' },
        credential: { name: 'DBT_SERVICE_TOKEN' },
      },
      { client: 'httpie', endpoint: { method: 'GET' }, credential: { source: 'env', name: 'DBT_PAT' } },
    ]);
  });

  it('finds dbt-cloud-cli runs that carry a token', async () => {
    const f = await sh(
      [
        'dbt-cloud job run --job-id "$JOB_ID" --account-id 43786 --api-token "$DBT_CLOUD_SERVICE_TOKEN" --wait',
        'DBT_CLOUD_API_TOKEN=' + SVC + ' dbt-cloud run get --run-id 1',
        'dbt-cloud job list --dbt-cloud-host emea.dbt.com --api-token=$TOKEN',
        'dbt-cloud job get --job-id 1',
      ].join('\n'),
    );
    expect(f.callSites).toHaveLength(4);
    expect(f.callSites[0]).toMatchObject({
      kind: 'cli',
      client: 'dbt-cloud-cli',
      span: { line: 1, column: 1 },
      endpoint: { path: '/api/v2/accounts/43786/jobs/{job_id}/run/', method: 'POST' },
      credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN' },
      accountIds: ['43786'],
    });
    expect(f.callSites[1]!.credential).toMatchObject({
      source: 'literal',
      name: 'DBT_CLOUD_API_TOKEN',
      value: SVC,
      span: { line: 2, column: 21 },
    });
    expect(f.callSites[2]!.endpoint).toMatchObject({ host: 'emea.dbt.com', path: '/api/v2/accounts/{account_id}/jobs/' });
    // No visible binding: the runner's project variable DBT_CLOUD_API_TOKEN, default host.
    expect(f.callSites[3]).toMatchObject({
      span: { line: 4, column: 1 },
      endpoint: {
        host: 'cloud.getdbt.com',
        url: 'https://cloud.getdbt.com/api/v2/accounts/{account_id}/jobs/1/',
        path: '/api/v2/accounts/{account_id}/jobs/1/',
      },
      credential: { source: 'env', name: 'DBT_CLOUD_API_TOKEN', span: { line: 4, column: 1 } },
    });
  });

  it('reports dbt-cloud-cli runs with an unbound token env and the default host', async () => {
    const f = await sh(
      [
        'dbt-cloud job run --job-id 43167',
        'dbt-cloud audit-log get --account-id 12 --logged-at-start 2024-01-01',
        'dbt-cloud project list',
        'dbt-cloud --help',
        'dbt-cloud',
      ].join('\n'),
    );
    expect(f.callSites).toMatchObject([
      {
        kind: 'cli',
        client: 'dbt-cloud-cli',
        endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/{account_id}/jobs/43167/run/', method: 'POST' },
        credential: { source: 'env', name: 'DBT_CLOUD_API_TOKEN' },
      },
      { endpoint: { host: 'cloud.getdbt.com', path: '/api/v3/accounts/12/audit-logs/', method: 'GET' }, accountIds: ['12'] },
      { endpoint: { path: '/api/v3/accounts/{account_id}/projects' } },
    ]);
    expect(f.callSites[0]!.credential!.value).toBeUndefined();
    // A host set anywhere in the script (here only at run time) replaces the default.
    const g = await sh(['export DBT_CLOUD_HOST=$TENANT_HOST', 'dbt-cloud run list'].join('\n'));
    expect(g.callSites[0]!.endpoint).toMatchObject({ host: '{TENANT_HOST}', path: '/api/v2/accounts/{account_id}/runs/' });
  });

  it('uses the CI file binding of the implicit token env', async () => {
    const f = await embedded('dbt-cloud job run --job-id 1', {
      DBT_CLOUD_API_TOKEN: { credential: { source: 'secret', name: 'DBT_PROD_TOKEN', span: { line: 3, column: 9 } } },
    });
    expect(f.callSites[0]!.credential).toMatchObject({ source: 'secret', name: 'DBT_PROD_TOKEN' });
  });

  it('reports dbtcloud-terraforming runs with host and account', async () => {
    const f = await sh(
      [
        'dbtcloud-terraforming genimport -t "$DBT_CLOUD_TOKEN" --host-url https://ab123.us1.dbt.com/api -a 1234 --resource-types dbtcloud_project',
        'dbtcloud-terraforming generate --token=' + PAT + ' --account 99',
        'dbtcloud-terraforming genimport --resource-types all',
        'dbtcloud-terraforming --help',
        'dbtcloud-terraforming version',
      ].join('\n'),
    );
    expect(f.callSites).toMatchObject([
      {
        kind: 'cli',
        client: 'dbtcloud-terraforming',
        endpoint: { host: 'ab123.us1.dbt.com' },
        credential: { source: 'env', name: 'DBT_CLOUD_TOKEN' },
        accountIds: ['1234'],
      },
      { endpoint: { host: 'cloud.getdbt.com' }, credential: { source: 'literal', value: PAT }, accountIds: ['99'] },
      { endpoint: { host: 'cloud.getdbt.com' }, credential: { source: 'env', name: 'DBT_CLOUD_TOKEN' } },
    ]);
  });

  it('finds dbtc runs with slot types from --api-key / --token', async () => {
    const f = await sh(
      [
        'dbtc --api-key "$DBT_CLOUD_API_KEY" trigger-job --account-id 1 --job-id 2',
        'dbtc --token "$DBT_CLOUD_SERVICE_TOKEN" list-accounts',
        'dbtc get-models --job-id 3',
        'dbtc trigger-job --job-id=1',
        'dbtc --help',
      ].join('\n'),
    );
    expect(f.callSites).toMatchObject([
      { kind: 'cli', client: 'dbtc', credential: { name: 'DBT_CLOUD_API_KEY', slotType: 'legacy-user-api-key' }, accountIds: ['1'] },
      {
        kind: 'cli',
        client: 'dbtc',
        endpoint: { path: '/api/v2/accounts/' },
        credential: { name: 'DBT_CLOUD_SERVICE_TOKEN', slotType: 'service-token' },
      },
      {
        kind: 'cli',
        client: 'dbtc',
        endpoint: { host: 'metadata.cloud.getdbt.com', path: '/beta/graphql' },
        credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN', slotType: 'service-token' },
      },
      {
        kind: 'cli',
        client: 'dbtc',
        span: { line: 4, column: 1 },
        endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/{account_id}/jobs/1/run/' },
        credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN' },
      },
    ]);
  });

  it('takes the dbtc api key env when the CI file binds only that one', async () => {
    const f = await embedded('dbtc trigger-job --job-id=1', {
      DBT_CLOUD_API_KEY: { credential: { source: 'secret', name: 'DBT_KEY', span: { line: 2, column: 5 } } },
    });
    expect(f.callSites[0]!.credential).toMatchObject({ source: 'secret', name: 'DBT_KEY', slotType: 'legacy-user-api-key' });
  });
});

describe('extractShellScript for CI bodies', () => {
  it('maps positions with the origin line, column and removed indent', async () => {
    const f = await embedded(
      [
        'set -e',
        'curl -X POST \\',
        '  -H "Authorization: Token $DBT_TOKEN" \\',
        '  https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/',
      ].join('\n'),
      {},
      { line: 20, column: 14, indent: 10 },
    );
    expect(f.callSites[0]).toMatchObject({ span: { line: 21, column: 11 }, credential: { span: { line: 22, column: 38 } } });
  });

  it('uses bindings from the CI file for names the script does not set', async () => {
    const f = await embedded('curl -X POST -H "Authorization: Token $DBT_TOKEN" "https://$DBT_HOST/api/v2/accounts/$ACCOUNT/jobs/5/run/"', {
      DBT_TOKEN: { credential: { source: 'secret', name: 'DBT_CLOUD_API_KEY', span: { line: 9, column: 22 } } },
      DBT_HOST: textBinding('cloud.getdbt.com'),
      ACCOUNT: textBinding('6001'),
    });
    expect(f.callSites[0]).toMatchObject({
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/6001/jobs/5/run/' },
      credential: { source: 'secret', name: 'DBT_CLOUD_API_KEY', span: { line: 9, column: 22 } },
      accountIds: ['6001'],
    });
  });

  it('follows CI bindings whose value is itself a reference', async () => {
    const f = await embedded(
      'curl -H "Authorization: Token $DBT_TOKEN" "$DBT_URL/api/v2/accounts/1/runs/"\ncurl -H "Authorization: Token $TF_TOKEN" https://cloud.getdbt.com/api/v2/accounts/2/',
      {
        DBT_TOKEN: { value: [{ kind: 'reference', source: 'secret', name: 'DBT_CLOUD_SERVICE_TOKEN' }], span: { line: 7, column: 18 } },
        DBT_URL: textBinding('$DBT_CLOUD_URL'),
        DBT_CLOUD_URL: textBinding('https://cloud.getdbt.com'),
        TF_TOKEN: textBinding('${DBT_CLOUD_TOKEN}'),
      },
    );
    expect(f.callSites).toMatchObject([
      {
        endpoint: { host: 'cloud.getdbt.com' },
        credential: { source: 'secret', name: 'DBT_CLOUD_SERVICE_TOKEN', span: { line: 7, column: 18 } },
      },
      { credential: { source: 'env', name: 'DBT_CLOUD_TOKEN' } },
    ]);
  });

  it('reads a CI value of several parts: its text, and what is not known there as a placeholder of its own name', async () => {
    const f = await embedded('curl -H "Authorization: Token $DBT_TOKEN" "$DBT_URL/runs/"', {
      DBT_TOKEN: { credential: { source: 'secret', name: 'DBT_CLOUD_SERVICE_TOKEN' } },
      DBT_URL: {
        value: [
          { kind: 'literal', text: 'https://cloud.getdbt.com/api/v2/accounts/' },
          { kind: 'unknown', name: 'ACCOUNT' },
        ],
      },
    });
    expect(f.callSites[0]).toMatchObject({
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/{ACCOUNT}/runs/' },
      credential: { source: 'secret', name: 'DBT_CLOUD_SERVICE_TOKEN' },
    });
  });

  it('a script assignment wins over the CI binding', async () => {
    const f = await embedded(
      'DBT_TOKEN="' + PAT + '"\ncurl -H "Authorization: Token $DBT_TOKEN" https://cloud.getdbt.com/api/v2/accounts/',
      {
        DBT_TOKEN: { credential: { source: 'secret', name: 'X' } },
      },
    );
    expect(f.callSites[0]!.credential).toMatchObject({ source: 'literal', value: PAT });
  });

  it('reads GitHub ${{ }} expressions written in the body, also inside single quotes', async () => {
    const f = await embedded(
      [
        "curl -H 'Authorization: Token ${{ secrets.DBT_CLOUD_SERVICE_TOKEN }}' https://cloud.getdbt.com/api/v2/accounts/${{ vars.DBT_ACCOUNT_ID }}/jobs/1/run/ -X POST",
        'curl -H "Authorization: Bearer ${{ env.DBT_TOKEN }}" "${{ env.DBT_URL }}/api/v2/accounts/1/runs/"',
      ].join('\n'),
      { DBT_TOKEN: { credential: { source: 'secret', name: 'DBT_PAT' } }, DBT_URL: textBinding('https://cloud.getdbt.com') },
      { line: 30, column: 16 },
    );
    expect(f.callSites).toMatchObject([
      { span: { line: 30, column: 16 }, credential: { source: 'secret', name: 'DBT_CLOUD_SERVICE_TOKEN', span: { line: 30, column: 46 } } },
      { endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/1/runs/' }, credential: { source: 'secret', name: 'DBT_PAT' } },
    ]);
    expect(f.callSites[0]!.endpoint!.path).toBe('/api/v2/accounts/{DBT_ACCOUNT_ID}/jobs/1/run/');
  });

  it('tolerates CRLF line ends with continuations', async () => {
    const f = await embedded(
      'curl -X POST \\\r\n  -H "Authorization: Token $T" \\\r\n  https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/\r\n',
    );
    expect(f.callSites).toMatchObject([{ span: { line: 1, column: 1 }, credential: { name: 'T', span: { line: 2, column: 28 } } }]);
  });

  it('returns nothing (and does not parse) for scripts without any client', async () => {
    const f = await embedded('dbt deps\ndbt build --target prod\n');
    expect(f).toEqual({ callSites: [], credentialSites: [], definitions: [], runsScripts: [], problems: [] });
  });
});

describe('robustness', () => {
  it('line-scans scripts over 2 MB, with a problem', async () => {
    const filler = '# filler line to make the script big\n'.repeat(60_000);
    const f = await embedded(filler + 'curl -H "Authorization: Token $DBT_TOKEN" https://cloud.getdbt.com/api/v2/accounts/1/\n');
    expect(f.problems).toHaveLength(1);
    expect(f.problems[0]).not.toMatch(/curl|DBT_TOKEN/);
    expect(f.callSites).toMatchObject([{ span: { line: 60_001, column: 1 }, credential: { source: 'env', name: 'DBT_TOKEN' } }]);
  });

  it('skips a 20 MB single line without hanging', async () => {
    const f = await embedded('curl ' + 'a'.repeat(20_000_000));
    expect(f.callSites).toEqual([]);
    expect(f.problems.length).toBeGreaterThan(0);
  });

  it('survives deep nesting, binary noise and unterminated quotes', async () => {
    for (const text of [
      '$('.repeat(100_000) + 'curl https://cloud.getdbt.com/api/v2/accounts/1/',
      '"$(curl "'.repeat(30_000),
      '{ '.repeat(100_000) + 'curl',
      'curl "https://cloud.getdbt.com/api/v2/accounts/1/ -H \'Authorization: Token ',
      '\u0000\u0001\uFFFD curl \u0007 https\u0000://cloud.getdbt.com',
      'curl ${{ secrets.X'.repeat(1000),
    ]) {
      const f = await embedded(text);
      expect(Array.isArray(f.callSites)).toBe(true);
    }
  });

  it('is not confused by commands named like Object.prototype members', async () => {
    const text =
      'constructor x\ntoString y\n__proto__ z\nhasOwnProperty curl\ncurl -H "Authorization: Token $T" https://cloud.getdbt.com/api/v2/accounts/1/';
    expect((await embedded(text)).callSites).toHaveLength(1);
    expect(scriptPathsRun('toString ./x.sh\nconstructor\n./ok.sh')).toEqual(['ok.sh']);
  });

  it('shell adapter is picked for .sh files and extension-less files with a shell shebang', () => {
    expect(adapterFor('scripts/trigger.sh', '')?.id).toBe('shell');
    expect(adapterFor('bin/trigger-dbt-job', '#!/usr/bin/env bash\ncurl x')?.id).toBe('shell');
    expect(adapterFor('bin/tool', '#!/usr/bin/env python3\n')?.id).not.toBe('shell');
  });
});

describe('scriptPathsRun', () => {
  it('lists the relative scripts a CI body runs', () => {
    const body = [
      'set -euo pipefail',
      'chmod +x ./ci/deploy.sh',
      'bash scripts/trigger_dbt_job.sh "$JOB_ID"',
      './ci/deploy.sh && sh ./tools/notify.sh',
      'python scripts/trigger.py --job 1',
      'python3 -m pip install dbtc',
      'python -c "print(1)"',
      'node scripts/run.js',
      'source ./env/setup.sh',
      '. ci/common.sh',
      'poetry run python tools/check.py',
      'bash -euo pipefail "$GITHUB_WORKSPACE/scripts/wrapped.sh"',
      'bash -c "echo hi"',
      '/usr/local/bin/thing.sh',
      'bash $SCRIPT',
      '# bash scripts/commented.sh',
      'echo "run scripts/not-run.sh"',
      'cd dbt && ./run_checks.sh',
      'cd ../other',
      './gen.sh',
      'cd $GITHUB_WORKSPACE',
      'uv run report.py --since 7d',
      'python -m jobs.nightly_sync --dry-run',
      'python -m "$MODULE"',
    ].join('\n');
    expect(scriptPathsRun(body)).toEqual([
      'scripts/trigger_dbt_job.sh',
      'ci/deploy.sh',
      'tools/notify.sh',
      'scripts/trigger.py',
      // A module run is marked: the CI adapters keep it only when the repository has the module.
      '@pymodule@/pip',
      'scripts/run.js',
      'env/setup.sh',
      'ci/common.sh',
      'tools/check.py',
      'scripts/wrapped.sh',
      'dbt/run_checks.sh',
      'other/gen.sh',
      'report.py',
      '@pymodule@/jobs/nightly_sync',
    ]);
  });

  it('is bounded on huge input', () => {
    expect(scriptPathsRun('bash x.sh ' + '$('.repeat(3_000_000))).toEqual([]);
    expect(scriptPathsRun('$('.repeat(40_000) + '\nbash ok.sh')).toEqual(['ok.sh']);
  });

  it("reads paths written from the script's own folder, wherever the script has cd'd", () => {
    const script = [
      'set -euo pipefail',
      'SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"',
      'ROOT=$(cd "$(dirname "$0")/.." && pwd)',
      'OTHER="$(pwd)"',
      'cd /tmp/work',
      'source "$(dirname "$0")/lib/dbt_cloud.sh"',
      '. "${BASH_SOURCE%/*}/lib/env.sh"',
      'bash "${SCRIPT_DIR}/notify.sh"',
      'python "$ROOT/tools/trigger.py"',
      '"$SCRIPT_DIR/cleanup.sh" --all',
      'bash "$OTHER/not-followed.sh"',
    ].join('\n');
    expect(scriptPathsRun(script)).toEqual(['lib/dbt_cloud.sh', 'lib/env.sh', 'notify.sh', '../tools/trigger.py', 'cleanup.sh']);
  });

  it('marks the folders Terraform and Terragrunt configure their provider in, only when asked', () => {
    const body = [
      'terraform -chdir=infra/prod apply -auto-approve',
      'cd live && terragrunt run-all apply --terragrunt-non-interactive',
      'terragrunt run --all plan',
      'terragrunt apply --terragrunt-working-dir stacks/dbt',
      'terragrunt plan --working-dir=stacks/sandbox',
      'terraform fmt -check',
      'terragrunt hclfmt',
    ].join('\n');
    expect(scriptPathsRun(body, false, true)).toEqual([
      '@tfroot@/infra/prod',
      '@tfroot@/live',
      '@tfroot@/live/stacks/dbt',
      '@tfroot@/live/stacks/sandbox',
    ]);
    expect(scriptPathsRun(body)).toEqual([]);
  });

  it('lists what each run is given on its command line, under the name it reads it by', () => {
    const body = [
      'terraform -chdir=infra apply -auto-approve -var "dbt_token=$DBT_PAT" -var=account_id=61',
      'python scripts/run_job.py --api-token "${TOKEN}" --account=601 -v --dry-run',
      'bash scripts/trigger.sh -t "$DBT_PAT" 42',
      'cd live && terragrunt run-all apply --var=token=${TOKEN}',
      'terraform plan -var-file=prod.tfvars',
    ].join('\n');
    expect(commandLineValues(body)).toEqual([
      {
        run: '@tfroot@/infra',
        values: [
          ['TF_VAR_dbt_token', '$DBT_PAT'],
          ['TF_VAR_account_id', '61'],
        ],
      },
      {
        run: 'scripts/run_job.py',
        values: [
          // In place, as `sys.argv[N]` reads them, then by option, as argparse does.
          ['argv.1', '--api-token'],
          ['argv.2', '${TOKEN}'],
          ['argv.3', '--account=601'],
          ['argv.4', '-v'],
          ['argv.5', '--dry-run'],
          ['argv.api_token', '${TOKEN}'],
          ['argv.account', '601'],
        ],
      },
      {
        run: 'scripts/trigger.sh',
        values: [
          ['argv.1', '-t'],
          ['argv.2', '$DBT_PAT'],
          ['argv.3', '42'],
          // A getopts loop's `$OPTARG` for `t)`.
          ['argv.t', '$DBT_PAT'],
        ],
      },
      { run: '@tfroot@/live', values: [['TF_VAR_token', '${TOKEN}']] },
    ]);
  });
});

describe('shell adapter: terraform runs with a dbt token in the environment', () => {
  it('reports one call site per token variable, at the first provider-running command', async () => {
    const f = await sh(
      ['export TF_VAR_dbt_token=' + PAT, 'terraform init', 'terraform plan -var-file=prod.tfvars', 'terraform apply -auto-approve'].join(
        '\n',
      ),
    );
    expect(f.callSites).toMatchObject([
      {
        kind: 'terraform',
        span: { line: 3, column: 1 },
        client: 'terraform',
        workflow: 'terraform-production',
        credential: { source: 'literal', value: PAT, name: 'TF_VAR_dbt_token', span: { line: 1, column: 25 } },
      },
    ]);
    expect(f.callSites).toHaveLength(1);
  });

  it('takes staging from the command line and ignores non-dbt TF_VAR tokens and non-provider commands', async () => {
    const f = await sh(
      [
        'DBT_CLOUD_TOKEN=$SVC_TOKEN tofu -chdir=envs/staging apply',
        'TF_VAR_github_token=$GH terraform apply',
        'TF_VAR_dbt_token=$X terraform validate',
        'terraform apply',
      ].join('\n'),
    );
    expect(f.callSites).toMatchObject([
      { kind: 'terraform', client: 'tofu', workflow: 'terraform-staging', credential: { source: 'env', name: 'SVC_TOKEN' } },
    ]);
    expect(f.callSites).toHaveLength(1);
  });
});

describe('shell adapter: Terraform runs and look-alike variables', () => {
  it('counts TF_VAR_ variables named for dbt Cloud, not warehouse tokens that mention dbt', async () => {
    const facts = await extractWith(
      'shell',
      'ci/apply.sh',
      [
        'export TF_VAR_dbt_token="$DBT_CLOUD_SERVICE_TOKEN"',
        'export TF_VAR_dbt_cloud_databricks_ucnp_token="$DATABRICKS_TOKEN"',
        'export TF_VAR_install_kairos_dbt_token="$KAIROS"',
        'terraform apply -auto-approve',
        '',
      ].join('\n'),
    );
    const tf = facts.callSites.filter((c) => c.kind === 'terraform');
    expect(tf).toHaveLength(1);
    expect(tf[0]!.credential).toMatchObject({ source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN' });
  });
});
