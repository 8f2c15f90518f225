import { describe, expect, it } from 'vitest';
import type { CredentialFact, FileResult, NameEvidence } from '../../src/model/extracted.js';
import { linkNames } from '../../src/scan/link-names.js';

// The scope rules of name linking, on hand-made file results: which definition of a name a
// reading file sees, and when definitions that disagree decide nothing.

const file = (rel: string, adapter: string, parts: { uses?: CredentialFact[]; names?: NameEvidence[] }): FileResult => ({
  rel,
  scanned: true,
  adapter,
  callSites: (parts.uses ?? []).map((credential, i) => ({ kind: 'http', span: { line: i + 1, column: 1 }, credential })),
  tokenSites: [],
  definitions: [],
  runsScripts: [],
  scriptEnv: [],
  nameEvidence: parts.names ?? [],
  suppressions: [],
  snippets: {},
  cuts: [],
});
const envUse = (name: string, source: CredentialFact['source'] = 'env'): CredentialFact => ({
  type: 'unknown',
  source,
  evidence: 'none',
  basis: 'none',
  name,
});
const value = (name: string, type: NameEvidence['type'], line = 1): NameEvidence => ({ name, type, basis: 'value', line });
const typeOf = (r: FileResult): string => `${r.callSites[0]!.credential.type}/${r.callSites[0]!.credential.evidence}`;

describe('linkNames', () => {
  it('a generic name: same folder or above only', () => {
    const here = file('app/jobs/run.py', 'python', { uses: [envUse('API_TOKEN')] });
    const elsewhere = file('app/jobs/run2.py', 'python', { uses: [envUse('API_TOKEN')] });
    linkNames([here, file('app/.env', 'dotenv', { names: [value('API_TOKEN', 'pat', 3)] })]);
    expect(here.callSites[0]!.credential).toMatchObject({ type: 'pat', evidence: 'format', evidenceAt: { file: 'app/.env', line: 3 } });
    linkNames([elsewhere, file('tools/bot/.env', 'dotenv', { names: [value('API_TOKEN', 'pat')] })]);
    expect(typeOf(elsewhere)).toBe('unknown/none');
  });

  it('a dbt name set in a config file: anywhere; in a program: nowhere', () => {
    const a = file('svc/main.py', 'python', { uses: [envUse('DBT_CLOUD_KEY')] });
    linkNames([a, file('deploy/k8s/secret.yaml', 'kubernetes', { names: [value('DBT_CLOUD_KEY', 'service-token')] })]);
    expect(typeOf(a)).toBe('service-token/format');
    const b = file('svc/main.py', 'python', { uses: [envUse('DBT_CLOUD_KEY')] });
    linkNames([b, file('svc/other.py', 'python', { names: [value('DBT_CLOUD_KEY', 'pat')] })]);
    expect(typeOf(b)).toBe('unknown/none');
  });

  it('the nearest definition wins; equally near ones that disagree decide nothing', () => {
    const near = file('a/b/run.sh', 'shell', { uses: [envUse('DBT_KEY')] });
    linkNames([
      near,
      file('a/b/.env', 'dotenv', { names: [value('DBT_KEY', 'pat')] }),
      file('a/.env', 'dotenv', { names: [value('DBT_KEY', 'service-token')] }),
    ]);
    expect(typeOf(near)).toBe('pat/format');
    const torn = file('svc/run.sh', 'shell', { uses: [envUse('DBT_KEY')] });
    linkNames([
      torn,
      file('x/.env', 'dotenv', { names: [value('DBT_KEY', 'pat')] }),
      file('y/.env', 'dotenv', { names: [value('DBT_KEY', 'service-token')] }),
    ]);
    expect(typeOf(torn)).toBe('unknown/none');
  });

  it('a CI secret takes descriptions only, never from a .env; stronger evidence at the use is kept', () => {
    const secret = file('ci/run.sh', 'shell', { uses: [envUse('DBT_KEY', 'secret')] });
    linkNames([
      secret,
      file('ci/pipeline.yml', 'gitlab-ci', {
        names: [value('DBT_KEY', 'pat'), { name: 'DBT_KEY', type: 'service-token', basis: 'described', line: 2 }],
      }),
    ]);
    expect(typeOf(secret)).toBe('service-token/described');
    // A developer's .env describes the developer's value, not what the CI store holds.
    const fromStore = file('ci/run.sh', 'shell', { uses: [envUse('DBT_KEY', 'secret')] });
    linkNames([fromStore, file('ci/.env', 'dotenv', { names: [{ name: 'DBT_KEY', type: 'service-token', basis: 'described', line: 2 }] })]);
    expect(typeOf(fromStore)).toBe('unknown/none');
    const declared = file('ci/run.sh', 'shell', {
      uses: [{ ...envUse('DBT_KEY'), type: 'service-token', evidence: 'declared', basis: 'declared' }],
    });
    linkNames([declared, file('ci/.env', 'dotenv', { names: [value('DBT_KEY', 'pat')] })]);
    expect(typeOf(declared)).toBe('service-token/declared');
  });

  it('a .env above a nested project (its own package manifest) does not type what the project reads', () => {
    const nested = file('examples/agent/src/index.ts', 'javascript', { uses: [envUse('DBT_TOKEN')] });
    linkNames(
      [nested, file('.env.example', 'dotenv', { names: [value('DBT_TOKEN', 'service-token', 6)] })],
      ['examples/agent/package.json', 'pyproject.toml'],
    );
    expect(typeOf(nested)).toBe('unknown/none');
    // Without a manifest of its own, the folder belongs to the root project, where the .env applies.
    const same = file('examples/agent/src/index.ts', 'javascript', { uses: [envUse('DBT_TOKEN')] });
    linkNames([same, file('.env.example', 'dotenv', { names: [value('DBT_TOKEN', 'service-token', 6)] })], ['pyproject.toml']);
    expect(typeOf(same)).toBe('service-token/format');
  });

  it('a .env entry that gives no type, nearer than a typed .env entry further up, leaves the use untyped', () => {
    const described = (line: number): NameEvidence => ({ name: 'DBT_TOKEN', type: 'service-token', basis: 'described', line });
    // The repository's template types DBT_TOKEN; an example app's own template below only describes it in words.
    const root = (): FileResult => file('.env.example', 'dotenv', { names: [described(6)] });
    const appTemplate = (): FileResult => file('examples/agent/.env.example', 'dotenv', { uses: [envUse('DBT_TOKEN', 'config')] });
    const tool = file('examples/agent/tools/mcp.py', 'python', { uses: [envUse('DBT_TOKEN')] });
    const own = appTemplate();
    const script = file('scripts/sync.py', 'python', { uses: [envUse('DBT_TOKEN')] });
    linkNames([root(), own, tool, script]);
    expect(typeOf(tool)).toBe('unknown/none');
    expect(typeOf(own)).toBe('unknown/none');
    expect(typeOf(script)).toBe('service-token/described');
    // Beside each other, the typed template still types the untyped entry and the code.
    const local = file('app/.env', 'dotenv', { uses: [envUse('DBT_TOKEN', 'config')] });
    const code = file('app/run.py', 'python', { uses: [envUse('DBT_TOKEN')] });
    linkNames([local, code, file('app/.env.example', 'dotenv', { names: [described(2)] })]);
    expect(typeOf(local)).toBe('service-token/described');
    expect(typeOf(code)).toBe('service-token/described');
    // A configuration file that is no .env (a Kubernetes secret) is not shadowed by an empty .env entry.
    const deployed = file('svc/main.py', 'python', { uses: [envUse('DBT_TOKEN')] });
    linkNames([
      deployed,
      file('svc/.env', 'dotenv', { uses: [envUse('DBT_TOKEN', 'config')] }),
      file('deploy/k8s/secret.yaml', 'kubernetes', { names: [value('DBT_TOKEN', 'service-token')] }),
    ]);
    expect(typeOf(deployed)).toBe('service-token/format');
  });

  it('TF_VAR_x reaches var.x', () => {
    const tf = file('infra/main.tf', 'terraform', {
      uses: [{ ...envUse('cloud_key', 'variable'), ref: { kind: 'terraform-variable', id: 'cloud_key' } }],
    });
    linkNames([tf, file('infra/.env', 'dotenv', { names: [value('TF_VAR_cloud_key', 'service-token', 4)] })]);
    expect(tf.callSites[0]!.credential).toMatchObject({ type: 'service-token', evidenceAt: { file: 'infra/.env', line: 4 } });
  });
});
