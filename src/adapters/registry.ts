import type { LanguageAdapter } from './adapter.js';
import { withYamlFallback } from './yaml-fallback.js';
import { DEVCONTAINER_JSON } from '../classify/devcontainer.js';

/**
 * Which adapter reads which file. Matching is by path (and, for generic YAML, a cheap look at
 * the text); the adapter module itself, with its parser, is imported only when a file needs it.
 * First match wins, so specific formats come before generic ones.
 */
export interface AdapterEntry {
  id: string;
  matches(path: string, text: string): boolean;
  load(): Promise<LanguageAdapter>;
}

const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
const ext = (p: string): string => {
  const b = base(p);
  const i = b.lastIndexOf('.');
  return i > 0 ? b.slice(i + 1).toLowerCase() : '';
};
const isYaml = (p: string): boolean => /\.ya?ml$/i.test(p);
const SHELL_SHEBANG = /^#!\s*\S*\b(?:env\s+)?(?:ba|z|k|da)?sh\b/;
/** Files the line-level adapter reads (lines/syntaxes.ts knows their comment and quote marks). */
const LINE_LEVEL =
  /\.(go|java|kts?|scala|sc|cs|csx|rs|swift|dart|php|rb|rake|r|pl|pm|ps1|psm1|mk|just)$|^(gnumakefile|makefile|\.?justfile|rakefile)$/i;
const PYTHON_SHEBANG = /^#!\s*\S*\b(?:env\s+)?python[0-9.]*\b/;
/**
 * A partner tool's dbt Cloud block (partner-config.ts): OpenMetadata's `dbtCloudAuthToken` or
 * `type: DBTCloud`, DataHub's `type: dbt-cloud`, Metaphor's top-level `service_token` beside
 * `account_id`. A hint only: a file without such a block goes to the adapter that would read it
 * otherwise (`orNextAdapter`).
 */
const isPartnerConfig = (t: string): boolean =>
  /\bdbtCloudAuthToken[ \t]*:|^[ \t]*type:[ \t]*["']?(?:dbtcloud|dbt-cloud)["']?[ \t]*(?:#.*)?$/im.test(t) ||
  (/^service_token:/m.test(t) && /^account_id:/m.test(t));

const entry = (id: string, matches: AdapterEntry['matches'], load: () => Promise<{ adapter: LanguageAdapter }>): AdapterEntry => ({
  id,
  matches,
  load: async () => withYamlFallback((await load()).adapter),
});

export const ADAPTERS: readonly AdapterEntry[] = [
  entry(
    'github-actions',
    (p, t) =>
      /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(p) ||
      /(^|\/)action\.ya?ml$/i.test(p) ||
      (isYaml(p) && /^(?:on|"on"|'on'|true):/m.test(t) && /^jobs:/m.test(t) && /^[ \t]+runs-on:/m.test(t)),
    () => import('./github-actions/adapter.js'),
  ),
  entry(
    'circleci',
    (p) => /(^|\/)\.circleci\/[^/]+\.ya?ml$/i.test(p),
    () => import('./circleci/adapter.js'),
  ),
  entry(
    'azure-pipelines',
    (p) => /(^|\/)(\.?azure-pipelines[^/]*|\.azure-pipelines\/[^/]+|\.azuredevops\/[^/]+)\.ya?ml$/i.test(p),
    () => import('./azure-pipelines/adapter.js'),
  ),
  entry(
    'bitbucket-pipelines',
    (p) => /(^|\/)bitbucket-pipelines\.ya?ml$/i.test(p),
    () => import('./bitbucket-pipelines/adapter.js'),
  ),
  // Before the formats a partner's file may be named or shaped like (`dbt_cloud.yaml`, compose, Kubernetes).
  {
    id: 'partner-config',
    matches: (p, t) => isYaml(p) && isPartnerConfig(t),
    load: async () => orNextAdapter('partner-config', (await import('./partner-config/adapter.js')).adapter),
  },
  entry(
    'dbt-cloud-yml',
    (p) => /(^|\/)dbt_cloud\.ya?ml$/i.test(p),
    () => import('./dbt-cloud-yml/adapter.js'),
  ),
  entry(
    'airflow-settings',
    (p) => /(^|\/)airflow_settings\.ya?ml$/i.test(p),
    () => import('./airflow-settings/adapter.js'),
  ),
  entry(
    'compose',
    (p) => /(^|\/)(docker-)?compose[^/]*\.ya?ml$/i.test(p),
    () => import('./compose/adapter.js'),
  ),
  entry(
    'gitlab-ci',
    (p, t) =>
      /(^|\/|\.)gitlab-ci\.ya?ml$/i.test(p) ||
      (/(^|\/)\.gitlab\//.test(p) && isYaml(p)) ||
      (isYaml(p) && /^\s*(?:before_|after_)?script:\s*$/m.test(t) && /^\s*stage:\s*\S/m.test(t)),
    () => import('./gitlab-ci/adapter.js'),
  ),
  entry(
    'kubernetes',
    (p, t) => isYaml(p) && /^apiVersion:/m.test(t) && /^kind:/m.test(t),
    () => import('./kubernetes/adapter.js'),
  ),
  entry(
    'postman',
    (p) =>
      /\.postman_(collection|environment|globals)\.json$/i.test(p) ||
      /(^|\/)postman\/(.+\/)?[^/]*(collection|environment)[^/]*\.json$/i.test(p),
    () => import('./postman/adapter.js'),
  ),
  entry(
    'dockerfile',
    (p) => /^(dockerfile|containerfile)(\..+)?$/i.test(base(p)) || /\.(dockerfile|containerfile)$/i.test(p),
    () => import('./dockerfile/adapter.js'),
  ),
  entry(
    'jenkinsfile',
    (p) => /^jenkinsfile(\..+)?$/i.test(base(p)) || /\.(jenkinsfile|groovy)$/i.test(p),
    () => import('./jenkinsfile/adapter.js'),
  ),
  entry(
    'terraform',
    (p) => /\.(tf|tf\.json|tfvars|tfvars\.json)$/i.test(p),
    () => import('./terraform/adapter.js'),
  ),
  entry(
    'dotenv',
    (p) => /^\.env(\..+)?$/i.test(base(p)) || /\.env$/i.test(p),
    () => import('./dotenv/adapter.js'),
  ),
  entry(
    'python',
    (p, t) => ext(p) === 'py' || ext(p) === 'pyw' || (ext(p) === '' && PYTHON_SHEBANG.test(t)),
    () => import('./python/adapter.js'),
  ),
  entry(
    'notebook',
    (p) => ext(p) === 'ipynb',
    () => import('./notebook/adapter.js'),
  ),
  entry(
    'javascript',
    (p) => ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'mts', 'cts'].includes(ext(p)) && !/\.d\.[mc]?ts$/i.test(p),
    () => import('./javascript/adapter.js'),
  ),
  entry(
    'shell',
    (p, t) => ['sh', 'bash', 'zsh', 'ksh'].includes(ext(p)) || (ext(p) === '' && SHELL_SHEBANG.test(t)),
    () => import('./shell/adapter.js'),
  ),
  // Formats without a parser of their own, after every specific adapter.
  entry(
    'adf-pipeline',
    (p, t) => ext(p) === 'json' && t.includes('"activities"') && t.includes('"WebActivity"'),
    () => import('./adf-pipeline/adapter.js'),
  ),
  entry(
    'devcontainer',
    (p) => DEVCONTAINER_JSON.test(p),
    () => import('./devcontainer/adapter.js'),
  ),
  entry(
    'mcp-config',
    (p) =>
      /(^|\/)(\.?mcp|claude_desktop_config|mcp_config|cline_mcp_settings|mcp_settings|\.claude)\.json$|(^|\/)\.(vscode|gemini|zed)\/settings\.json$/i.test(
        p,
      ),
    () => import('./mcp-config/adapter.js'),
  ),
  entry(
    'databricks-app',
    (p, t) =>
      /(^|\/)(app|databricks)\.ya?ml$/i.test(p) ||
      (isYaml(p) && /^\s*(?:-\s+)?value_?[Ff]rom:[ \t]*\S/m.test(t) && !/^\s*(?:-\s+)?secretKeyRef:/m.test(t)),
    () => import('./databricks-app/adapter.js'),
  ),
  entry(
    'sql',
    (p) => ext(p) === 'sql',
    () => import('./sql/adapter.js'),
  ),
  entry(
    'lines',
    (p) => isYaml(p) || LINE_LEVEL.test(base(p)),
    () => import('./lines/adapter.js'),
  ),
];

/**
 * `adapter`, and when it finds no call site in a file, the next adapter that matches the file: for
 * entries whose match is a hint, so a file they claim wrongly is read as it would be without them.
 */
function orNextAdapter(id: string, adapter: LanguageAdapter): LanguageAdapter {
  return {
    id: adapter.id,
    async extract(file, ctx) {
      const facts = await adapter.extract(file, ctx);
      if (facts.callSites.length > 0) return facts;
      const after = ADAPTERS.slice(ADAPTERS.findIndex((a) => a.id === id) + 1);
      const next = after.find((a) => a.matches(file.path, file.text));
      return next ? (await next.load()).extract(file, ctx) : facts;
    },
  };
}

export function adapterFor(path: string, text: string): AdapterEntry | undefined {
  return ADAPTERS.find((a) => a.matches(path, text));
}
