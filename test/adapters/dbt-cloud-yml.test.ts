import { describe, expect, it } from 'vitest';
import { extractWith } from '../helpers/extract.js';

const PAT = 'dbtu_FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FA';
const SVC = 'dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA';

const run = (text: string, path = '.dbt/dbt_cloud.yml') => extractWith('dbt-cloud-yml', path, text);

const twoProjects = `version: "1"
context:
  active-host: "ab123.us1.dbt.com"
  active-project: "270542"
  defer-env-id: "123456"
projects:
  - project-name: "analytics"
    project-id: "270542"
    account-name: "Acme"
    account-id: "51798"
    account-host: "ab123.us1.dbt.com"
    token-name: "cloud-cli-5a1e"
    token-value: "${PAT}"

  - project-name: "marketing"
    project-id: "270543"
    account-id: 51799
    token-name: "cloud-cli-77aa"
    token-value: ${SVC}
`;

describe('dbt-cloud-yml adapter', () => {
  it('reports one cloud-cli call site per project, at its token', async () => {
    const facts = await run(twoProjects);
    expect(facts.role).toBe('cloud-cli');
    expect(facts.problems).toEqual([]);
    expect(facts.callSites).toHaveLength(2);
    expect(facts.callSites[0]).toMatchObject({
      kind: 'config',
      workflow: 'cloud-cli',
      span: { line: 13, column: 18 },
      endpoint: { host: 'ab123.us1.dbt.com', url: 'https://ab123.us1.dbt.com' },
      accountIds: ['51798'],
      credential: { source: 'literal', value: PAT, span: { line: 13, column: 18 } },
    });
    // The second project has no account-host: context.active-host applies; numeric ids count.
    expect(facts.callSites[1]).toMatchObject({
      span: { line: 19, column: 18 },
      endpoint: { host: 'ab123.us1.dbt.com' },
      accountIds: ['51799'],
      credential: { source: 'literal', value: SVC, span: { line: 19, column: 18 } },
    });
    expect(facts.credentialSites.map((s) => [s.span.line, s.credential.value])).toEqual([
      [13, PAT],
      [19, SVC],
    ]);
  });

  it('defaults the host to cloud.getdbt.com and strips a scheme', async () => {
    const facts = await run(
      `projects:\n  - account-id: "1"\n    token-value: "${PAT}"\n  - account-host: "https://EMEA.dbt.com/"\n    token-value: "${PAT}"\n`,
    );
    expect(facts.callSites.map((s) => s.endpoint?.host)).toEqual(['cloud.getdbt.com', 'emea.dbt.com']);
  });

  it('reads {{ env_var(...) }} as an env credential, with no credential site', async () => {
    const facts = await run(`projects:\n  - account-id: "1"\n    token-value: "{{ env_var('DBT_CLOUD_PAT') }}"\n`);
    expect(facts.callSites[0]!.credential).toMatchObject({ source: 'env', name: 'DBT_CLOUD_PAT' });
    expect(facts.credentialSites).toEqual([]);
  });

  it.each(['<pat-or-service-token-value>', 'YOUR_TOKEN_HERE', 'dbtu_xxxxxxxx', 'dbtc_...'])(
    'reads the template value %j as a fill-in at the token line, never a committed token',
    async (placeholder) => {
      const facts = await run(
        `version: "1"\nprojects:\n  - project-id: "1"\n    token-name: "<pat-or-service-token-name>"\n    token-value: "${placeholder}"\n`,
      );
      expect(facts.callSites).toHaveLength(1);
      expect(facts.callSites[0]!.span.line).toBe(5);
      expect(facts.callSites[0]!.credential).toMatchObject({ source: 'literal', value: placeholder });
      expect(facts.callSites[0]!.credential!.slotType).toBeUndefined();
      expect(facts.credentialSites).toEqual([]);
    },
  );

  it('treats an empty token value as no credential, at the project entry', async () => {
    const facts = await run('version: "1"\nprojects:\n  - project-id: "1"\n    token-value: ""\n');
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]!.span.line).toBe(3);
    expect(facts.callSites[0]!.credential).toBeUndefined();
  });

  it('reads `${X}` (a template a set-up script fills with envsubst) as the env var X, holding the CLI token: a PAT', async () => {
    for (const [key, value, name] of [
      ['token-value', '${DBT_TOKEN}', 'DBT_TOKEN'],
      ['api-key', '$DBT_CLOUD_API_KEY', 'DBT_CLOUD_API_KEY'],
    ] as const) {
      const facts = await run(`version: "1"\nprojects:\n  - project-id: "1"\n    ${key}: "${value}"\n`);
      expect(facts.callSites[0]!.credential).toMatchObject({ source: 'env', name, slotType: 'pat' });
      expect(facts.credentialSites).toEqual([]);
    }
  });

  it('finds nothing in a file without projects', async () => {
    const facts = await run('version: "1"\ncontext:\n  active-project: "1"\n');
    expect(facts.callSites).toEqual([]);
    expect(facts.role).toBe('cloud-cli');
  });

  it('reports YAML errors by line only, never quoting the source', async () => {
    const facts = await run(`projects:\n  - token-value: "${PAT}"\n    account-id: [1\n  bad: : :\n`);
    expect(facts.problems).toHaveLength(1);
    expect(facts.problems[0]).toMatch(/^YAML parse error at line \d+$/);
  });

  it('refuses deep nesting before the yaml library recurses into it', async () => {
    // Warm the yaml library's regexps first: a stack overflow inside V8's regexp tier-up
    // compile is a fatal, uncatchable OOM, which is why deep input must never reach `yaml`.
    await run(`projects:\n  - token-value: "${PAT}"\n    account-id: [1\n  bad: : :\n`);
    for (const deep of [
      'projects: ' + '['.repeat(100_000) + ']'.repeat(100_000),
      'projects:\n' + '- '.repeat(50_000) + 'x\n',
      'a:\n' + Array.from({ length: 500 }, (_, i) => `${' '.repeat(i + 1)}b:\n`).join(''),
    ]) {
      const facts = await run(deep);
      expect(facts.problems).toEqual(['YAML nested more than 400 levels; not parsed']);
    }
  });

  it('survives huge input and binary-ish text', async () => {
    const huge = await run(`token-value: "${'a'.repeat(20_000_000)}"`);
    expect(huge.problems[0]).toMatch(/too large/);
    await expect(run('\u0000\u0001projects:\n\t- \uFFFD: [\n'.repeat(1000))).resolves.toBeDefined();
  }, 30_000);
});

describe('dbt-cloud-yml adapter: template hosts', () => {
  it('writes a template host as a placeholder, not the default host', async () => {
    const facts = await run(
      'context:\n  active-host: "<active-host>"\nprojects:\n  - account-host: "<account-host>"\n  - account-id: "1"\n',
    );
    expect(facts.callSites.map((s) => s.endpoint)).toEqual([
      { url: '{account-host}', host: '{account-host}' },
      { url: '{active-host}', host: '{active-host}' },
    ]);
  });
});
