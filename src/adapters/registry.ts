import type { LanguageAdapter } from './adapter.js';
import type { AdapterDescriptor, ParserName } from './descriptor.js';
import { withYamlFallback } from './yaml-fallback.js';
import { descriptor as adfPipeline } from './adf-pipeline/descriptor.js';
import { descriptor as airflowSettings } from './airflow-settings/descriptor.js';
import { descriptor as appSettings } from './app-settings/descriptor.js';
import { descriptor as azurePipelines } from './azure-pipelines/descriptor.js';
import { descriptor as bitbucketPipelines } from './bitbucket-pipelines/descriptor.js';
import { descriptor as bruno } from './bruno/descriptor.js';
import { descriptor as circleci } from './circleci/descriptor.js';
import { descriptor as cloudBuild } from './cloud-build/descriptor.js';
import { descriptor as compose } from './compose/descriptor.js';
import { descriptor as databricksApp } from './databricks-app/descriptor.js';
import { descriptor as dbtCloudYml } from './dbt-cloud-yml/descriptor.js';
import { descriptor as devcontainer } from './devcontainer/descriptor.js';
import { descriptor as dockerfile } from './dockerfile/descriptor.js';
import { descriptor as dotenv } from './dotenv/descriptor.js';
import { descriptor as githubActions } from './github-actions/descriptor.js';
import { descriptor as gitlabCi } from './gitlab-ci/descriptor.js';
import { descriptor as httpFile } from './http-file/descriptor.js';
import { descriptor as insomnia } from './insomnia/descriptor.js';
import { descriptor as javascript } from './javascript/descriptor.js';
import { descriptor as jenkinsfile } from './jenkinsfile/descriptor.js';
import { descriptor as kubernetes } from './kubernetes/descriptor.js';
import { descriptor as lines } from './lines/descriptor.js';
import { descriptor as mcpConfig } from './mcp-config/descriptor.js';
import { descriptor as notebook } from './notebook/descriptor.js';
import { descriptor as packageScripts } from './package-scripts/descriptor.js';
import { descriptor as partnerConfig } from './partner-config/descriptor.js';
import { descriptor as postman } from './postman/descriptor.js';
import { descriptor as pulumiStack } from './pulumi-stack/descriptor.js';
import { descriptor as python } from './python/descriptor.js';
import { descriptor as shell } from './shell/descriptor.js';
import { descriptor as sql } from './sql/descriptor.js';
import { descriptor as taskfile } from './taskfile/descriptor.js';
import { descriptor as terraform } from './terraform/descriptor.js';

/**
 * Which adapter reads which file: the first whose descriptor matches, so specific formats come
 * before generic ones. Each adapter describes itself in its folder (`<id>/descriptor.ts`); this
 * list only orders them.
 */
const DESCRIPTORS: readonly AdapterDescriptor[] = [
  githubActions,
  circleci,
  azurePipelines,
  bitbucketPipelines,
  cloudBuild,
  // Before the formats a partner's file may be named or shaped like (`dbt_cloud.yaml`, compose, Kubernetes).
  partnerConfig,
  dbtCloudYml,
  airflowSettings,
  compose,
  gitlabCi,
  kubernetes,
  postman,
  insomnia,
  httpFile,
  bruno,
  pulumiStack,
  taskfile,
  dockerfile,
  jenkinsfile,
  terraform,
  dotenv,
  python,
  notebook,
  packageScripts,
  javascript,
  shell,
  // Formats without a parser of their own, after every specific adapter.
  adfPipeline,
  devcontainer,
  mcpConfig,
  databricksApp,
  appSettings,
  sql,
  lines,
];

/** A descriptor whose `load` gives the adapter as a scan runs it (with the fallbacks below). */
export type AdapterEntry = Omit<AdapterDescriptor, 'hint'>;

const entry = ({ hint, ...d }: AdapterDescriptor): AdapterEntry => ({
  ...d,
  load: hint ? async () => orNextAdapter(d.id, await d.load()) : async () => withYamlFallback(await d.load(), d.reads === 'ci-config'),
});

export const ADAPTERS: readonly AdapterEntry[] = DESCRIPTORS.map(entry);

/** The adapters' own keywords for the pre-filter, as regex sources, each once. */
export const ADAPTER_KEYWORDS: readonly string[] = [...new Set(DESCRIPTORS.flatMap((d) => d.keywords.map((k) => k.pattern.source)))];

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

/**
 * Whether some adapter may read a file at `path`, whatever it holds. A file none may read (prose,
 * data, a language no adapter knows) can only matter for a token literal written in it.
 */
export function mayHaveAdapter(path: string): boolean {
  return DESCRIPTORS.some((d) => mayRead(d, path));
}

const mayRead = (d: AdapterDescriptor, path: string): boolean => (d.mayRead ? d.mayRead(path) : d.matches(path, ''));

/**
 * A test of paths for the adapters that parse with any of `parsers`: which of those parsers an
 * adapter that may read the path uses. Asked of every file a walk finds until each parser is
 * wanted, so it tests only the adapters that still matter.
 */
export function parsersByPath(parsers: readonly ParserName[]): (path: string, pending: ReadonlySet<ParserName>) => ParserName[] {
  const users = DESCRIPTORS.filter((d) => d.parsers?.some((p) => parsers.includes(p)));
  return (path, pending) => {
    const out: ParserName[] = [];
    for (const d of users) {
      if (!d.parsers!.some((p) => pending.has(p)) || !mayRead(d, path)) continue;
      for (const p of d.parsers!) if (pending.has(p) && !out.includes(p)) out.push(p);
    }
    return out;
  };
}

/** What the pre-filter asks of the adapters that may read a file: read once per file, tested on its bytes. */
export interface Readers {
  /** Some adapter may read the file, whatever it holds. */
  any: boolean;
  /**
   * Whether one of them can take a fact from it, judged by its bytes read as Latin-1 (or its
   * text): an adapter that says what its facts need (`needs`) is not handed a file without it.
   */
  mayYieldFacts(bytesAsLatin1: string): boolean;
}

export function readersOf(path: string): Readers {
  const readers = DESCRIPTORS.filter((d) => mayRead(d, path));
  return {
    any: readers.length > 0,
    mayYieldFacts: (text) => readers.some((d) => !d.needs || d.needs(text, path)),
  };
}

const BY_ID = new Map(ADAPTERS.map((a) => [a.id, a]));

/** The adapter of an id a file's facts name (FileResult.adapter). */
export function adapterById(id: string | undefined): AdapterEntry | undefined {
  return id === undefined ? undefined : BY_ID.get(id);
}

export function adapterFor(path: string, text: string): AdapterEntry | undefined {
  return ADAPTERS.find((a) => a.matches(path, text));
}
