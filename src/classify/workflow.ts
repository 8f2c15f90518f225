import type { Config } from '../config/config.js';
import { compileGlobs, type GlobSet } from '../discover/globs.js';
import type { CallSiteKind, RecommendedTokenType, Workflow } from '../model/vocabulary.js';
import type { FileRole } from '../model/raw-facts.js';

// Which workflow a call runs in, and whether that is production (the contract's table). Built
// from the file's path, what its adapter says of it, and the layout of the repository.

export const PRODUCTION: Readonly<Record<Workflow, boolean>> = {
  'ci-cd': true,
  orchestrator: true,
  'terraform-production': true,
  'partner-integration': true,
  application: true,
  'terraform-staging': false,
  'cloud-cli': false,
  'user-context-endpoint': false,
  script: false,
  postman: false,
  test: false,
  unknown: false,
};

/** Workflows that run on every change or on a schedule, unattended. */
const PIPELINES: ReadonlySet<Workflow> = new Set(['ci-cd', 'orchestrator']);

function recommendedTokenType(workflow: Workflow, production: boolean): RecommendedTokenType | undefined {
  if (workflow === 'user-context-endpoint' || workflow === 'cloud-cli') return 'pat';
  if (production) return 'service-token';
  return workflow === 'unknown' ? undefined : 'pat';
}

const CI_PATH =
  /(^|\/)(\.github\/workflows\/[^/]+|\.gitlab-ci[^/]*|[^/]*\.gitlab-ci|\.circleci\/[^/]+|azure-pipelines[^/]*|bitbucket-pipelines|Jenkinsfile[^/]*|\.buildkite\/[^/]+|\.travis|cloudbuild[^/]*|buildspec[^/]*|\.drone|\.woodpecker(?:\/[^/]+)?|\.(?:gitea|forgejo)\/workflows\/[^/]+|codefresh[^/]*)(\.ya?ml)?$/i;
/** A test folder: what sits there is a test, whatever runs it. */
const TEST_DIR = /(^|\/)(tests?|__tests__|__mocks__|specs?|testing|e2e)\//i;
/** A test's file name: weaker than what the file's content or its deployment say. */
const TEST_NAME = /\.(test|spec)\.[a-z]+$|(^|\/)test_[^/]*\.py$|_test\.(py|go)$|_spec\.rb$|(^|\/)(?:conftest|tests)\.py$/i;
/** Code kept beside CI configuration (`.github/scripts/`, `.circleci/src/`) runs in CI. */
const CI_DIR = /(^|\/)\.(github|circleci|gitlab|buildkite|azuredevops|azure-pipelines|harness)\//i;
/** A dev container's set-up (its Dockerfile, its start-up scripts) runs on a developer's machine. */
export const DEVCONTAINER_PATH = /(^|\/)\.devcontainer(\/|\.json$)/i;
/** A Dagster component's definition file (`defs/<name>/defs.yaml`), loaded by the Dagster project. */
const DAGSTER_COMPONENT = /(^|\/)defs\/(?:[^/]+\/)*defs\.ya?ml$/i;
/** A scheduler's deployment file: Prefect's `prefect.yaml` deployments, a Databricks asset bundle. */
const SCHEDULER_DEPLOYMENT = /(^|\/)(?:prefect|databricks)\.ya?ml$/i;
const DAG_PATH = /(^|\/)(dags|airflow|dagster|prefect|flows|orchestration|pipelines)\//i;
const SCRIPT_DIRS = /(^|\/)(scripts?|tools|bin|hack|notebooks?|examples?|samples?|docs?|sandbox|playground|dev)\//i;
const SERVICE_MARKERS =
  /(^|\/)(Dockerfile|Containerfile|Procfile|serverless\.ya?ml|samconfig\.toml|cdk\.json|host\.json|zappa_settings\.json|apprunner\.ya?ml|Dockerrun\.aws\.json|(?:ecs-)?task-?def(?:inition)?\.json|app\.ya?ml|fly\.toml|render\.ya?ml|vercel\.json|netlify\.toml|wrangler\.(?:toml|jsonc?)|Chart\.ya?ml|skaffold\.ya?ml|railway\.json|railway\.toml|nixpacks\.toml|(docker-)?compose\.ya?ml|docker-compose\.[a-z]+\.ya?ml)$|(^|\/)[^/]+\.Dockerfile$/i;
/**
 * A container set up for a developer's machine: a dev or local compose file
 * (`docker-compose.dev.yml`, `compose.override.yaml`) or Dockerfile (`Dockerfile.dev`,
 * `local.Dockerfile`), or one kept in a `dev/`, `local/` or `sandbox/` folder.
 */
export const LOCAL_CONTAINER =
  /(?:^|\/)(?:docker-)?compose[._-](?:dev|develop|development|local|override)\.ya?ml$|(?:^|\/)(?:Dockerfile|Containerfile)[._-](?:dev|develop|development|local|sandbox)$|(?:^|\/)(?:dev|develop|development|local|sandbox)\.(?:Dockerfile|Containerfile)$|(?:^|\/)(?:dev|local|sandbox|playground)\/(?:[^/]+\/)*(?:Dockerfile|Containerfile|(?:docker-)?compose(?:\.[\w-]+)?\.ya?ml)$/i;
/** `.env.production` and friends configure a deployed app, wherever they sit. */
const PRODUCTION_ENV_FILE = /(^|\/)\.env\.(prod|production|live|prd)(\.[^/]*)?$/i;
/** Deployment values for an environment short of production (Helm's `values-dev.yaml`, `values.staging.yaml`): a PAT is allowed there. */
const PREPRODUCTION_VALUES = /(^|\/)values[._-](?:dev|development|local|sandbox|staging|stage|stg|qa|uat|test)\.ya?ml$/i;
const K8S_DIRS = /(^|\/)(k8s|kubernetes|helm|charts|manifests|kustomize)\//i;

export interface RepoLayout {
  /** Folders (relative, '' for the current folder) that hold a deployed service. */
  serviceRoots: ReadonlySet<string>;
  /** Folders that hold a GitHub Action (`action.yml`): their code runs in CI. */
  actionRoots: ReadonlySet<string>;
  /** Scripts that some CI file runs. */
  ciScripts: ReadonlySet<string>;
  /**
   * Files whose workflow follows from an entry point that reaches them through imports (a CI
   * step's script, a Lambda handler, a DAG, a dev container's start-up command), or from the
   * code that loads them (a `.env`). See scan/entry-reach.ts.
   */
  reached: ReadonlyMap<string, Workflow>;
  /** Folders of an installable library or command-line tool's own code (library-roots.ts). */
  libraryRoots: ReadonlySet<string>;
  /** Those of them made for a package index (their manifest says so): an orchestrator's integration there is its users' code. */
  publishedRoots?: ReadonlySet<string>;
  /** Those of them that also install a command: a web app there is the command's own (a login callback, a local UI). */
  publishedCommandRoots?: ReadonlySet<string>;
  /** Files that read what a CI system tells its jobs (ci-environment.ts). */
  ciRunReaders: ReadonlySet<string>;
}

export function buildRepoLayout(
  allFiles: readonly string[],
  ciScripts: Iterable<string>,
  reached: ReadonlyMap<string, Workflow> = new Map(),
  libraryRoots: ReadonlySet<string> = new Set(),
  startedContainers: ReadonlySet<string> = new Set(),
  ciRunReaders: ReadonlySet<string> = new Set(),
  published: { roots?: ReadonlySet<string>; commands?: ReadonlySet<string> } = {},
): RepoLayout {
  const paths = repoLayoutPaths(allFiles);
  const serviceRoots = new Set(paths.serviceRoots);
  for (const f of paths.serviceMarkers) if (!startedContainers.has(f)) serviceRoots.add(dirOf(f));
  const actionRoots = paths.actionRoots;
  return {
    serviceRoots,
    actionRoots,
    ciScripts: new Set([...ciScripts].map((p) => p.replace(/^\.\//, ''))),
    reached,
    libraryRoots,
    ciRunReaders,
    publishedRoots: published.roots ?? new Set(),
    publishedCommandRoots: published.commands ?? new Set(),
  };
}

/** What the repository's file names alone say of its layout (buildRepoLayout). */
interface LayoutPaths {
  /** Azure Functions' function folders and Kubernetes manifest roots. */
  serviceRoots: ReadonlySet<string>;
  /** Deployment files that mark their folder as a service, unless their container says what it starts. */
  serviceMarkers: readonly string[];
  actionRoots: ReadonlySet<string>;
}

/** A scan builds the layout more than once from the same list of files: its names are looked at once. */
const layoutPathsMemo = new WeakMap<readonly string[], LayoutPaths>();

export function repoLayoutPaths(allFiles: readonly string[]): LayoutPaths {
  const memo = layoutPathsMemo.get(allFiles);
  if (memo) return memo;
  const serviceRoots = new Set<string>();
  const serviceMarkers: string[] = [];
  const actionRoots = new Set<string>();
  // An Azure Functions app (`host.json` at its root): each folder with a `function.json` is a function it deploys.
  const functionApps = new Set(allFiles.filter((f) => /(^|\/)host\.json$/.test(f)).map(dirOf));
  for (const f of allFiles) {
    if (functionApps.size > 0 && /(^|\/)function\.json$/.test(f)) {
      for (let d = dirOf(dirOf(f)), i = 0; i < 3; i++, d = dirOf(d)) {
        if (functionApps.has(d)) {
          serviceRoots.add(dirOf(f));
          break;
        }
        if (d === '') break;
      }
    }
    if (/(^|\/)action\.ya?ml$/i.test(f) && !/(^|\/)\.github\//.test(f)) actionRoots.add(dirOf(f));
    // A dev container's Dockerfile builds a developer's machine, not a deployed service; one
    // that names what its container starts deploys what that reaches (`reached`), not its folder.
    if (SERVICE_MARKERS.test(f) && !DEVCONTAINER_PATH.test(f) && !LOCAL_CONTAINER.test(f)) serviceMarkers.push(f);
    const k8s = K8S_DIRS.exec(f);
    if (k8s && /\.ya?ml$/i.test(f)) serviceRoots.add(f.slice(0, k8s.index));
  }
  const paths = { serviceRoots, serviceMarkers, actionRoots };
  layoutPathsMemo.set(allFiles, paths);
  return paths;
}

/** A test, by its folder or its file name: never an entry point whose imports run in production. */
export const isTestPath = (file: string): boolean => TEST_DIR.test(file) || TEST_NAME.test(file);

/** CI configuration files themselves (a workflow, `.gitlab-ci.yml`, `.circleci/config.yml`). */
export const isCiConfigPath = (file: string): boolean => CI_PATH.test(file);

const dirOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

function inServiceRoot(file: string, roots: ReadonlySet<string>): boolean {
  return nearestRoot(file, roots) !== undefined;
}

/** The deepest of `roots` that holds `file` ('' for the top); undefined when none does. */
function nearestRoot(file: string, roots: ReadonlySet<string>): string | undefined {
  for (let d = dirOf(file); d; d = dirOf(d)) if (roots.has(d)) return d;
  return roots.has('') ? '' : undefined;
}

/**
 * The workflow of a file as a whole, before anything about a particular call is known. Evidence
 * in order of strength: a test folder, CI configuration, a dev container, what runs the file (a
 * CI step), what the file's content says (a DAG), what reaches it through imports, and only
 * then names: a test's file name, folder names, deployment files nearby.
 */
export function fileWorkflow(file: string, role: FileRole | undefined, layout: RepoLayout): Workflow {
  // A workflow file kept in a test folder is a fixture of the tests (an action's test workflows): no CI runs it from there.
  if (TEST_DIR.test(file)) return 'test';
  if (role === 'ci-cd' || CI_PATH.test(file)) return 'ci-cd';
  if (DEVCONTAINER_PATH.test(file)) return 'script';
  if (layout.ciScripts.has(file)) return 'ci-cd';
  // An orchestrator's integration published as a package (a provider, a hook library) is the code
  // of whoever installs it; a DAG or flow of the repository is not in such a package.
  const orchestration = (w: Workflow): Workflow => (w === 'orchestrator' && publishedOwns(file, layout) ? 'unknown' : w);
  if (role) return orchestration(role);
  // Reached as an orchestrator's module only by its imports, which a published package's code has too.
  const reached = layout.reached.get(file);
  // A published package's module that a CI-run script of its own only imports (a contract or docs
  // check running `python -m pkg.tool`) is still its users' code to run; a GitHub Action's own
  // code, published too, runs in its users' pipelines all the same.
  if (reached === 'ci-cd' && publishedOwns(file, layout) && !inServiceRoot(file, layout.actionRoots)) return 'unknown';
  if (reached) return orchestration(reached);
  if (TEST_NAME.test(file) && !DAG_PATH.test(file)) return 'test';
  // Written for a pipeline, whether or not a CI file here names it; a library's code that reads
  // them is still its users' to run.
  if (layout.ciRunReaders.has(file) && !libraryOwns(file, layout)) return 'ci-cd';
  if (CI_DIR.test(file)) return 'ci-cd';
  if (DAG_PATH.test(file) || SCHEDULER_DEPLOYMENT.test(file)) return orchestration('orchestrator');
  // A GitHub Action's own code (even a Docker action's) runs inside its users' CI pipelines.
  if (inServiceRoot(file, layout.actionRoots)) return 'ci-cd';
  if (/\.ipynb$/i.test(file) || (SCRIPT_DIRS.test(file) && !scriptDirInLibrary(file, layout))) return 'script';
  if (DAGSTER_COMPONENT.test(file)) return 'orchestrator';
  if (libraryOwns(file, layout)) return 'unknown';
  if (PREPRODUCTION_VALUES.test(file)) return 'script';
  if (PRODUCTION_ENV_FILE.test(file)) return 'application';
  // A container for a developer's machine (`docker-compose.override.yml`, `Dockerfile.dev`) runs there.
  if (LOCAL_CONTAINER.test(file)) return 'script';
  // A deployment file's own commands (a Dockerfile's ENTRYPOINT) run where it deploys.
  if (SERVICE_MARKERS.test(file)) return 'application';
  if (inServiceRoot(file, layout.serviceRoots)) return 'application';
  return 'script';
}

/**
 * A web app in a published package that installs a command (the login callback or local UI the
 * command starts, `create_app()` with FastAPI) runs wherever the tool's users run it: that it
 * looks like a deployed app is no evidence of a deployment. A Dockerfile that serves it still is.
 */
export function isToolsOwnWebApp(file: string, layout: RepoLayout): boolean {
  return (
    !!layout.publishedCommandRoots?.size && nearestRoot(file, layout.publishedCommandRoots) !== undefined && publishedOwns(file, layout)
  );
}

/**
 * The package a file is in (the nearest library root) is made for a package index. A meta-package
 * that ships a monorepo's folder whole does not publish the packages nested in it that have
 * manifests of their own: a Shipyard blueprint with its own `pyproject.toml` under the
 * repository's published `shipyard-blueprints` is still a component the platform runs.
 */
function publishedOwns(file: string, layout: RepoLayout): boolean {
  if (!layout.publishedRoots?.size || !libraryOwns(file, layout)) return false;
  const library = nearestRoot(file, layout.libraryRoots);
  return library !== undefined && layout.publishedRoots.has(library);
}

/**
 * A folder named like a script folder inside an installable package (`acmeai/tools/dbt_tools.py`,
 * an agent's tool wrappers): the package's code, which its users run, not a developer's script.
 */
function scriptDirInLibrary(file: string, layout: RepoLayout): boolean {
  const library = nearestRoot(file, layout.libraryRoots);
  // A package at the repository's root owns its own folders, not the repository's `scripts/`;
  // nor is a package kept under a script folder (`tools/cli/`) any less that folder's.
  if (!library || !libraryOwns(file, layout) || SCRIPT_DIRS.test(`${library}/`)) return false;
  return SCRIPT_DIRS.test(file.slice(library.length + 1));
}

/**
 * A library's or CLI's code runs wherever its users run it, with their token; unless a deployment
 * in a folder inside the library's (a monorepo's service beside its CLI) says where it runs.
 */
function libraryOwns(file: string, layout: RepoLayout): boolean {
  const library = nearestRoot(file, layout.libraryRoots);
  const service = nearestRoot(file, layout.serviceRoots);
  return library !== undefined && (service === undefined || service.length <= library.length);
}

export interface WorkflowDecision {
  workflow: Workflow;
  production: boolean;
  recommendedTokenType?: RecommendedTokenType;
}

export class WorkflowClassifier {
  private readonly prod: GlobSet;
  private readonly dev: GlobSet;

  constructor(
    config: Config,
    private readonly layout: RepoLayout,
  ) {
    this.prod = compileGlobs(config.production, config.base);
    this.dev = compileGlobs(config.development, config.base);
  }

  decide(input: {
    file: string;
    role?: FileRole;
    kind?: CallSiteKind;
    adapterWorkflow?: Workflow;
    userContext?: boolean;
  }): WorkflowDecision {
    const devGlob = this.dev.matches(input.file);
    const prodGlob = !devGlob && this.prod.matches(input.file);
    let workflow: Workflow;
    if (input.userContext) workflow = 'user-context-endpoint';
    // A partner's configuration or client is what the file does, as a DAG is: a test of it is
    // still a test, and a CI step running it is still CI.
    else if (input.adapterWorkflow === 'partner-integration') workflow = fileWorkflow(input.file, 'partner-integration', this.layout);
    // An orchestrator's client in a published integration package runs for whoever installs it.
    else if (
      input.adapterWorkflow === 'orchestrator' &&
      (this.layout.reached.get(input.file) ?? 'orchestrator') === 'orchestrator' &&
      publishedOwns(input.file, this.layout)
    )
      workflow = 'unknown';
    else if (input.adapterWorkflow) workflow = input.adapterWorkflow;
    else if (input.kind === 'terraform') workflow = 'terraform-production';
    else workflow = fileWorkflow(input.file, input.role, this.layout);
    // The config's globs win over the built-in guesses, and rename the Terraform variants.
    if (workflow === 'terraform-production' && devGlob) workflow = 'terraform-staging';
    if (workflow === 'terraform-staging' && prodGlob) workflow = 'terraform-production';
    let production = workflow === 'user-context-endpoint' ? false : devGlob ? false : prodGlob ? true : PRODUCTION[workflow];
    // The dbt Cloud CLI run by a pipeline (a CI step, a GitHub Action's code, a DAG) runs in
    // production; it still needs a user's context, so its token stays a PAT.
    if (workflow === 'cloud-cli' && !production && !devGlob && PIPELINES.has(fileWorkflow(input.file, input.role, this.layout)))
      production = true;
    const rec = recommendedTokenType(workflow, production);
    return rec ? { workflow, production, recommendedTokenType: rec } : { workflow, production };
  }
}
