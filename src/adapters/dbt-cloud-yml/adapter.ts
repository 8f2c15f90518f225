import { isBudgetExceeded, isParseError } from '../../errors.js';
import { caughtExpected } from '../extraction-limits.js';
import { MAX_YAML_NESTING, yamlNestingDepth } from '../../discover/yaml-nesting.js';
import type { LanguageAdapter } from '../adapter.js';
import { emptyFacts, type FileFacts, type RawCallSite, type RawCredential, type Span } from '../../model/raw-facts.js';
import { splitUrl } from '../../classify/endpoint.js';
import { loadYaml } from '../../packages.js';
import { isPlaceholderValue } from '../../credentials/placeholders.js';
import { DEFAULT_API_HOST } from '../../classify/access-hosts.js';

// The dbt Cloud CLI / Fusion credentials file `dbt_cloud.yml` (facts §4, docs.getdbt.com
// reference/dbt_cloud.yml): `projects[]` entries with `account-id`, `account-host`,
// `token-name`, `token-value` (`api-key` in early releases), and `context.active-host`. Each
// project is one call site of the Cloud CLI workflow. The `yaml` library loads on first use;
// its messages quote source lines, so problems only ever name a line number.

/** dbt_cloud.yml files are a few hundred bytes; anything this big is not one. */
const MAX_CHARS = 1_000_000;
const ENV_VAR = /^\{\{\s*env_var\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*(?:,[^)]*)?\)\s*\}\}$/;
/** `${DBT_CLOUD_API_KEY}`: a template a set-up script fills with envsubst (a dev container's, a CI step's). */
const SHELL_VAR = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/;

/** The host a key names; a template value (`<account-host>`) becomes the `{key}` placeholder. */
function hostOf(value: string | undefined, key: string): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const host = splitUrl(value.includes('://') ? value : `https://${value}`).host;
  return host && /^[a-z0-9.-]+$/i.test(host) ? host.toLowerCase() : `{${key}}`;
}

export const adapter: LanguageAdapter = {
  id: 'dbt-cloud-yml',
  async extract(file): Promise<FileFacts> {
    const facts = emptyFacts();
    facts.role = 'cloud-cli';
    if (file.text.length > MAX_CHARS) {
      facts.problems.push(`dbt_cloud.yml too large to parse (${file.text.length} characters)`);
      return facts;
    }
    if (yamlNestingDepth(file.text) > MAX_YAML_NESTING) {
      facts.problems.push(`YAML nested more than ${MAX_YAML_NESTING} levels; not parsed`);
      return facts;
    }
    // One small document read with the `yaml` API itself, not shared/yaml-documents/document.ts `loadCiYaml` (built for multi-document CI files).
    const { parseDocument, LineCounter, isMap, isSeq, isScalar } = await loadYaml();
    const lines = new LineCounter();
    let doc;
    try {
      doc = parseDocument(file.text, { lineCounter: lines, logLevel: 'silent', uniqueKeys: false, prettyErrors: false });
    } catch (e) {
      if (caughtExpected(e, isParseError, isBudgetExceeded)) facts.problems.push('YAML could not be parsed');
      return facts;
    }
    const firstError = doc.errors[0];
    if (firstError) {
      const at = lines.linePos(firstError.pos[0]);
      facts.problems.push(`YAML parse error at line ${at.line}`);
    }
    const spanAt = (offset: number): Span => {
      const p = lines.linePos(offset);
      return { line: p.line, column: p.col };
    };
    const root = doc.contents;
    if (!isMap(root)) return facts;

    /** A scalar entry of a mapping, as text, with the value's position. */
    const scalar = (map: unknown, key: string): { text: string; span?: Span } | undefined => {
      if (!isMap(map)) return undefined;
      const node = map.get(key, true);
      if (!isScalar(node)) return templated(node);
      if (node.value === null || node.value === undefined || typeof node.value === 'object') return undefined;
      return { text: String(node.value), span: node.range ? spanAt(node.range[0]) : undefined };
    };
    /**
     * `token-value: {{ env_var('DBT_PAT') }}` unquoted, as profiles.yml writes it: YAML reads a
     * flow mapping there, and the text as written is the template.
     */
    const templated = (node: unknown): { text: string; span?: Span } | undefined => {
      const range = (node as { range?: [number, number, number] } | null)?.range;
      const text = range ? file.text.slice(range[0], range[1]).trim() : '';
      return ENV_VAR.test(text) ? { text, span: spanAt(range![0]) } : undefined;
    };

    const activeHost = hostOf(scalar(root.get('context', true), 'active-host')?.text, 'active-host');
    const projects = root.get('projects', true);
    if (!isSeq(projects)) return facts;

    for (const project of projects.items) {
      if (!isMap(project) || !project.range) continue;
      const host = hostOf(scalar(project, 'account-host')?.text, 'account-host') ?? activeHost ?? DEFAULT_API_HOST;
      const site: RawCallSite = {
        kind: 'config',
        span: spanAt(project.range[0]),
        endpoint: { url: host.startsWith('{') ? host : `https://${host}`, host },
        workflow: 'cloud-cli',
        client: 'dbt Cloud CLI',
      };
      const account = scalar(project, 'account-id')?.text.trim();
      if (account && /^\d{1,19}$/.test(account)) site.accountIds = [account];

      // `api-key` is what the first dbt Cloud CLI releases wrote: a user API key, retired.
      const token = scalar(project, 'token-value') ?? scalar(project, 'api-key');
      const text = token && token.text.length <= 200 ? token.text.trim() : '';
      const shellVar = SHELL_VAR.exec(text);
      const envName = ENV_VAR.exec(text)?.[1] ?? shellVar?.[1] ?? shellVar?.[2];
      if (token && text !== '') {
        const env = envName !== undefined;
        // A fill-in (`<pat-value>`, `your-token`): the slot as a template shows it, typed only by
        // what its text names, and never a committed token.
        const placeholder = !env && isPlaceholderValue(token.text, 'template-file');
        // The CLI's token slot holds the CLI's token, a PAT, whatever the variable filling it is named.
        const credential: RawCredential = envName
          ? { source: 'env', name: envName, slotType: 'pat' }
          : { source: 'literal', value: token.text };
        if (token.span) credential.span = token.span;
        site.credential = credential;
        // A project entry with its token is reported where the token is written.
        if (token.span) site.span = token.span;
        if (!env && !placeholder) facts.credentialSites.push({ span: token.span ?? site.span, credential: { ...credential } });
      }
      facts.callSites.push(site);
    }
    return facts;
  },
};
