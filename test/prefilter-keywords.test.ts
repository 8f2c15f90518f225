import { describe, expect, it } from 'vitest';
import { ADAPTERS, adapterFor } from '../src/adapters/registry.js';
import { afterDbt, DBT_LED_KEYWORDS, mayMatter, mayMatterLatin1 } from '../src/prefilter/keywords.js';
import { prefilterFile } from '../src/scan/prefilter-file.js';

// Each adapter lists the keywords it needs beyond the shared ones (src/adapters/<id>/descriptor.ts),
// and the pre-filter's stage two is built from them. A keyword the pre-filter drops would hide every
// file that only it marks: so each one's example must pass the whole pre-filter, on UTF-8 bytes
// (stage one, then stage two on the bytes read as Latin-1 and on the text) and on UTF-16 text.

const keywords = ADAPTERS.flatMap((a) => a.keywords.map((k) => ({ id: a.id, ...k })));
/** Paths of the kinds adapters read: each keyword is tested on a file its adapter reads (others only meet the token-literal search). */
const SAMPLE_PATHS = [
  'f.py',
  'f.ipynb',
  'f.sql',
  'f.ts',
  'f.sh',
  'main.tf',
  'f.yml',
  'Dockerfile',
  'Jenkinsfile',
  '.env',
  'f.go',
  'f.json',
];
const utf16 = (text: string): Uint8Array => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

describe("adapters' pre-filter keywords", () => {
  it('are there to test', () => {
    expect(keywords.length).toBeGreaterThan(0);
  });

  it.each(keywords)('$id: $pattern lets its example through the pre-filter', ({ id, pattern, example }) => {
    expect(new RegExp(pattern.source, 'i').test(example), 'the example shows the keyword').toBe(true);
    const rel = SAMPLE_PATHS.find((p) => adapterFor(p, example)?.id === id);
    expect(rel, `a sample path the ${id} adapter reads`).toBeDefined();
    // Non-ASCII text around it: its UTF-8 bytes read as Latin-1 are other characters.
    for (const text of [example, `# café ${example} — ü\n`, `${example.toUpperCase()}\n`]) {
      expect(mayMatter(text), text).toBe(true);
      expect(mayMatterLatin1(Buffer.from(text, 'utf8').toString('latin1')), text).toBe(true);
      for (const bytes of [Buffer.from(text, 'utf8'), utf16(text)]) {
        expect(prefilterFile({ rel: rel!, abs: rel!, content: { bytes } }, 1 << 20), text).toMatchObject({
          kind: 'candidate',
          relevant: true,
        });
      }
    }
  });

  it('are ASCII and span no "any character", so that they read the same on Latin-1 bytes', () => {
    for (const { id, pattern } of keywords) {
      expect(pattern.source, id).toMatch(/^[\x20-\x7e]+$/);
      expect(pattern.source, id).not.toMatch(/(^|[^\\])(\\\\)*\./);
    }
  });

  it("have one home: an adapter that needs another one's keyword refers to it", () => {
    const bySource = new Map<string, unknown>();
    for (const a of ADAPTERS)
      for (const k of a.keywords) {
        if (!bySource.has(k.pattern.source)) bySource.set(k.pattern.source, k);
        expect(bySource.get(k.pattern.source), `${a.id}: ${k.pattern.source}`).toBe(k);
      }
  });
});

// A dbt project links dbt's docs in its files, and names paths and snapshot keys after dbt: none of
// these makes a file a dbt Cloud client, while the hosts and names beside them do.
const SITE_LINKS = [
  '# https://docs.getdbt.com/docs/build/models',
  'see <https://www.getdbt.com/pricing>',
  '"$schema": "https://schemas.getdbt.com/dbt/manifest/v12.json"',
  'curl -fsSL https://public.cdn.getdbt.com/fs/install/install.sh',
  'email support@getdbt.com',
  'https://state.dbt.com/',
];
const NOT_CREDENTIAL_NAMES = [
  'dbt_project_path = args.dbt_project_path',
  'project_root: DbtPath',
  'as dbt_unique_key,',
  "'DBT_UNIQUE_KEY'",
  'DBT_BASE_PATTERN = re.compile(x)',
  'if manifest.require_dbt_version_compatible:',
  'resource "snowflake_user" "dbt_service_users" {',
];
const STILL_DBT_CLOUD = [
  'https://cloud.getdbt.com/api/v2/accounts/',
  'host.endswith("getdbt.com")',
  'https://ab123.us1.dbt.com',
  'https://emea.dbt.com',
  'https://my-tenant.getdbt.com',
  'https://docs.getdbt.com/dbt-cloud/api-v2',
  'DBT_PAT',
  'dbtPat',
  'DBT_PAT_TOKEN',
  'dbt_path_token',
  'os.getenv("DBT_SERVICE_TOKEN")',
  'dbt_service_account_json',
  'DBT_CLOUD_PATH',
  'dbt_api_key',
  'format!("https://{}/api/private/accounts/{}/features/", host, id)',
];

describe('stage two on links and names that are not dbt Cloud', () => {
  it.each(SITE_LINKS.concat(NOT_CREDENTIAL_NAMES))('lets %s alone not through', (text) => {
    expect(mayMatter(text)).toBe(false);
    expect(mayMatterLatin1(text)).toBe(false);
  });

  it.each(STILL_DBT_CLOUD)('lets %s through', (text) => {
    expect(mayMatter(text)).toBe(true);
    expect(mayMatterLatin1(text)).toBe(true);
  });

  it('lets a site link through beside a dbt Cloud host', () => {
    expect(mayMatter('# https://docs.getdbt.com/x\nURL = "https://cloud.getdbt.com"')).toBe(true);
  });
});

describe('stage two as one search for "dbt" and what follows it', () => {
  // Each keyword is cut at its "dbt" (what comes before becomes a lookbehind): the cut keyword must
  // find "dbt" exactly where the keyword matches, on the texts around every example.
  const cases = [...keywords.map((k) => k.pattern.source), ...DBT_LED_KEYWORDS];
  const texts = [
    ...keywords.map((k) => k.example),
    'import dbtsl as sl',
    'dbtsl_client',
    'x-dbt-partner-source: me',
    'y-dbt-partner-source',
    'AIRFLOW_CONN_DBT_CLOUD_DEFAULT=dbt-cloud://',
    'airflow_conn_dbt',
    'AIRFLOW_CONN_DATABRICKS',
    'https://cloud.getdbt.com/api',
    'get dbt',
    'DBT_PROJECT_TOKEN',
    'dbt_core and dbt_project.yml',
    'kestra.plugin.dbt.cloud.TriggerRun',
    'kestra.plugin.dbt.cli.DbtCLI',
    ...SITE_LINKS,
    ...NOT_CREDENTIAL_NAMES,
    ...STILL_DBT_CLOUD,
  ];

  it.each(cases)('/%s/ finds the same texts cut at its "dbt"', (source) => {
    const whole = new RegExp(source, 'i');
    const cut = new RegExp(`dbt(?:${afterDbt(source)})`, 'i');
    for (const text of texts) expect(cut.test(text), text).toBe(whole.test(text));
  });

  it('refuses a keyword whose "dbt" is not at its top level, or that has alternatives of its own', () => {
    for (const source of ['(?:a|dbt)x', '[dbt]x', 'semantic layer', 'x|dbtx', String.raw`\dbt`])
      expect(() => afterDbt(source), source).toThrow();
  });
});
