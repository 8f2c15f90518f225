import { ImagePaths } from './image-paths.js';
import { isParseError, rethrowUnless } from '../errors.js';
import { posix } from 'node:path';
import { isDotenvPath } from '../discover/dotenv-names.js';
import { DEVCONTAINER_COMMAND_KEYS, DEVCONTAINER_JSON } from '../classify/devcontainer.js';
import type { AdapterContext } from '../adapters/adapter.js';
import { commandLinesOf } from '../adapters/shared/ci-yaml/command-lines.js';
import { folderAbove, resolveRunScripts } from '../adapters/shared/ci-yaml/script-location.js';
import { parseDockerfile, logicalText } from '../adapters/dockerfile/dockerfile-instructions.js';
import { ciRootOf, resolveRunPaths } from '../adapters/shared/ci-yaml/run-paths.js';
import { probeModuleFile } from '../adapters/javascript/module-path.js';
import { folderOf } from '../adapters/repo-path.js';
import { scriptPathsRun } from '../adapters/shell/scripts-run.js';
import { dotenvUseOf, isSchedulerFlow, JS_EXT, mayBeWebRouteModule } from '../classify/entry-points.js';
import {
  buildRepoLayout,
  DEVCONTAINER_PATH,
  repoLayoutPaths,
  fileWorkflow,
  isCiConfigPath,
  isTestPath,
  isToolsOwnWebApp,
  LOCAL_CONTAINER,
  PRODUCTION,
  type RepoLayout,
} from '../classify/workflow.js';
import type { Workflow } from '../model/vocabulary.js';
import { importedFiles } from './code-imports.js';
import { runPathsFrom } from '../adapters/shared/ci-yaml/run-scripts.js';
import { entryVerdict, MAX_ENTRY_TEXT } from './entry-verdict.js';
import { makefilesRun, taskScriptPaths } from './task-runners.js';
import type { FileResult } from '../model/extracted.js';

// Which workflow a file runs in, from deployment evidence followed through imports: the scripts
// a CI step runs, a GitHub Action's entry, a Dockerfile's CMD, a Lambda handler, a Cloud Function,
// a web server, a DAG, a dev container's start-up command; and every repository module each of
// them imports, transitively. A `.env` takes the workflow of the code that loads it.
//
// Only runs when some file has a call or a token, and reads a bounded number of files: the
// deployment files of the repository (few), the code files in the folders above each file that
// has a call (where the code importing it sits), and what those import.

const CODE = /\.(?:pyw?|[cm]?[jt]s|[jt]sx|sh|bash|rb)$/i;
/** Build and test harness files: what they import is not run in production by them. */
const HARNESS = /(^|\/)(setup\.py|conftest\.py|noxfile\.py|fabfile\.py|conf\.py|manage\.py)$/i;
const DOCKERFILE = /(^|\/)(?:(?:Dockerfile|Containerfile)(?:\.[^/]+)?|[^/]+\.(?:Dockerfile|Containerfile))$/i;
const ACTION_FILE = /(^|\/)action\.ya?ml$/i;
const PROCFILE = /(^|\/)Procfile$/;
/** A committed crontab (`crontab`, `jobs.cron`, `etl.crontab`, `/etc/cron.d/` files): what it schedules runs unattended. */
const CRONTAB = /(?:^|\/)(?:crontab(?:\.txt)?|[^/]+\.cron(?:tab)?)$|(?:^|\/)cron\.d\/[^/.]+$/i;
/** Asked of every path of the repository: the literal first, which a path without it fails at once. */
const isCrontab = (path: string): boolean => /cron/i.test(path) && CRONTAB.test(path);
/** A crontab entry: its schedule (`@daily`, five fields), a `/etc/cron.d` file's user too, then the command. */
const CRON_ENTRY =
  /^[ \t]*(?:@[a-z]+|(?:[*\d,/-]+|[a-z]{3}(?:-[a-z]{3})?)(?:[ \t]+(?:[*\d,/-]+|[a-z]{3}(?:[-,][a-z]{3})*)){4})[ \t]+(.+)$/i;
const SERVERLESS = /(^|\/)serverless\.ya?ml$/i;
const SAM_TEMPLATE = /(^|\/)(?:[^/]*\.)?template\.ya?ml$|(^|\/)template\.json$/i;
/** Folders that hold Kubernetes manifests. */
const MANIFEST_FOLDER = /(^|\/)(?:k8s|kubernetes|manifests|kustomize|deploy|deployment|deployments)\//i;
/** A manifest of a Kubernetes workload, whose containers run commands. */
const K8S_WORKLOAD = /^kind:[ \t]*["']?(?:CronJob|Job|Deployment|StatefulSet|DaemonSet|Pod)\b/m;
const CONTAINER_CONFIG = /(^|\/)(?:(?:docker-)?compose[^/]*\.ya?ml|app\.ya?ml)$/i;
/** Railway's service file and Nixpacks' build plan: where the start command of a deployed app is written. */
const PLATFORM_CONFIG = /(^|\/)(?:railway\.json|railway\.toml|nixpacks\.toml)$/i;
/** `"startCommand": "…"` (railway.json), `startCommand = "…"` (railway.toml), `cmd = "…"` (nixpacks.toml). */
const START_COMMAND = /^[ \t]*"?(?:startCommand|cmd)"?[ \t]*[:=][ \t]*"((?:[^"\\]|\\.)*)"/gm;
/**
 * A name one of the deployment files below may have (a YAML, JSON or TOML file, a Dockerfile or
 * Containerfile, a Procfile): most files are none, and this one test spares them the rest.
 */
const DEPLOYMENT_FILE_NAME = /\.(?:ya?ml|json|toml)$|ockerfile|ontainerfile|^Procfile$/i;
/**
 * Where a scheduler's job definitions are kept: a Databricks asset bundle (`databricks.yml` and
 * the `resources/` it includes) or a job exported as JSON, Kestra flows, Argo workflows. Only
 * files so named are read: a dbt project holds thousands of other YAML files.
 */
const SCHEDULER_FILE =
  /(?:^|\/)(?:databricks|bundle)\.ya?ml$|(?:^|\/)resources\/(?:[^/]+\/)*[^/]+\.ya?ml$|(?:^|\/)[^/]*(?:job|workflow|cron|argo|kestra|flow)[^/]*\.(?:ya?ml|json)$|(?:^|\/)(?:_?flows|kestra|argo|workflows|jobs)\/(?:[^/]+\/)*[^/]+\.(?:ya?ml|json)$/i;
/** A Databricks job task that runs a file of the repository. */
const DATABRICKS_TASK = /\b(?:spark_python_task|notebook_task)\b/;
/** `python_file: ../src/x.py`, `"notebook_path": "notebooks/trigger"`: the file a Databricks task runs. */
const DATABRICKS_TASK_FILE = /["']?\b(?:python_file|notebook_path)["']?[ \t]*:[ \t]*["']?((?:\$\{[\w.]{1,80}\}|[^"'\s#,{}]){1,300})/g;
/** Templates of a `.env`, copied by hand: never what code loads. */
const DOTENV_TEMPLATE = /[._-](?:example|sample|template|dist|tmpl|tpl|default|defaults)$/i;

/** Files read while looking at neighbourhoods and following imports, per scan. */
const MAX_READS = 4000;
const MAX_NEIGHBOURS_PER_FOLDER = 300;
const MAX_FOLDER_DEPTH = 12;
/**
 * The largest file worth reading here (give it to the context): bigger ones are bundles or
 * data, and reading them would cost more than the rest of this step.
 */
export const REACH_MAX_BYTES = 1024 * 1024;

/** Folders a scheduler loads code from: Airflow's `dags/` and `plugins/`, Prefect flows and the like. */
const ORCHESTRATION_FOLDER = /(?:^|\/)(?:dags|plugins|airflow|dagster|prefect|flows|orchestration|pipelines)\//i;

/** The first workflow to reach a file decides: production ones first, then development. */
const PRIORITY: readonly Workflow[] = ['orchestrator', 'application', 'ci-cd', 'script'];

/** A start command that runs code of the repository through an interpreter or app server. */
const RUNS_CODE =
  /(?:^|[\s/])(?:python[0-9.]*|node|npm|npx|yarn|pnpm|deno|bun|tsx|ts-node|uvicorn|gunicorn|hypercorn|daphne|streamlit|flask|fastapi|functions-framework[\w-]*|java|ruby|rails|php|dotnet|sh|bash)(?=\s|$)|\.(?:pyw?|[cm]?js|ts|sh|rb|jar)(?=\s|$)/;

/**
 * A Dockerfile step that compiles the sources it copied, as the source files it compiles: the
 * binary the container starts is the repository's code.
 */
function compiledSources(run: string): RegExp | undefined {
  if (/\bgo\s+(?:build|install)\b/.test(run)) return /\.go$/;
  if (/\bcargo\s+(?:build|install)\b/.test(run)) return /\.rs$/;
  if (/\bdotnet\s+(?:publish|build)\b/.test(run)) return /\.(?:cs|fs|vb)$/;
  if (/\b(?:mvnw?\b[^\n]*\b(?:package|install|verify)|gradlew?\b[^\n]*\b(?:build|assemble|jar|installDist|bootJar))\b/.test(run))
    return /\.(?:java|kt|scala)$/;
  if (/\bswift\s+build\b/.test(run)) return /\.swift$/;
  return undefined;
}
/** Source files of a compiled container taken as entry points, at most. */
const MAX_COMPILED_SOURCES = 2000;

interface Entry {
  file: string;
  workflow: Workflow;
}

export interface ReachInput {
  discovered: readonly string[];
  results: readonly FileResult[];
  ctx: AdapterContext;
  /** Verdicts on code files worked out ahead, while reader threads read (EntryVerdicts). */
  verdicts?: EntryVerdicts;
  /** Installable packages' folders (library-roots.ts): a tool's own web app there is no deployed app's entry. */
  libraries?: ReadonlySet<string>;
  published?: { roots: ReadonlySet<string>; commands: ReadonlySet<string> };
}

export interface Reached {
  /** Workflows reached from entry points, by file; also the `.env` files code loads. */
  workflows: Map<string, Workflow>;
  /**
   * Dockerfiles that say what their container starts (CMD or ENTRYPOINT): what runs there is
   * what that command reaches, not every file beside them (workflow.ts `buildRepoLayout`).
   */
  startedContainers: Set<string>;
}

export function reachedWorkflows(input: ReachInput): Reached {
  const reached = new Map<string, Workflow>();
  const targets = input.results.filter((r) => r.callSites.length > 0 || r.tokenSites.length > 0);
  if (targets.length === 0) return { workflows: reached, startedContainers: new Set() };
  const reach = new Reach(input);
  const entries = [...reach.deploymentEntries(), ...reach.contentEntries(targets.map((t) => t.rel))];
  reach.follow(entries, reached);
  reach.dotenvWorkflows(
    targets.map((t) => t.rel),
    reached,
  );
  return { workflows: reached, startedContainers: reach.startedContainers };
}

class Reach {
  private readonly index: RepoIndex;
  private readonly roles = new Map<string, FileResult['role']>();
  private readonly imports = new Map<string, string[]>();
  private readonly seen = new Set<string>();
  private readonly exists: (p: string) => boolean;
  /** The repository's files by their paths inside an image, made when first asked. */
  private images: ImagePaths | undefined;
  readonly startedContainers = new Set<string>();

  constructor(private readonly input: ReachInput) {
    this.index = input.verdicts?.index ?? new RepoIndex(input.discovered);
    for (const r of input.results) if (r.role) this.roles.set(r.rel, r.role);
    this.exists = (p) => input.ctx.fileExists(p);
  }

  private get byFolder(): ReadonlyMap<string, readonly string[]> {
    return this.index.byFolder;
  }

  private get byName(): ReadonlyMap<string, readonly string[]> {
    return this.index.byName;
  }

  /** A file's text; the context caches it, the count bounds how many distinct files are read. */
  private read(path: string): string | undefined {
    if (!this.seen.has(path)) {
      if (this.seen.size >= MAX_READS) return undefined;
      this.seen.add(path);
    }
    return this.input.ctx.readRepoFile(path)?.text;
  }

  /** Entry points named by deployment and CI files, wherever they sit in the repository. */
  deploymentEntries(): Entry[] {
    const out: Entry[] = [];
    const add = (files: Iterable<string>, workflow: Workflow): void => {
      for (const file of files) if (!isTestPath(file) && !HARNESS.test(file)) out.push({ file, workflow });
    };
    const resultOf = new Map(this.input.results.map((r) => [r.rel, r]));
    // Scripts the CI adapters saw run, and those of CI files no adapter read or could parse.
    add(
      this.input.results.flatMap((r) => r.runsScripts),
      'ci-cd',
    );
    const taskTexts = new Map<string, string | undefined>();
    const tasksRan = new Map<string, string[]>();
    const scriptsOfCommand = new Map<string, string[]>();
    const taskFiles = {
      read: (p: string): string | undefined => {
        if (!taskTexts.has(p)) taskTexts.set(p, this.exists(p) ? this.read(p) : undefined);
        return taskTexts.get(p);
      },
    };
    const deployed: string[] = [];
    for (const f of this.index.ciConfigs) {
      const text = this.read(f);
      if (text === undefined) continue;
      const commands = commandLinesOf(text);
      const gh = folderAbove(f, '.github');
      const root = gh ?? ciRootOf(f, ['.circleci', '.azure-pipelines', '.buildkite', '.gitlab']);
      // `make deploy`, `npm run sync`: what the task's recipe runs. Monorepos repeat the same
      // step (`npm ci && npm run lint`) in every job of every workflow: each is looked up once.
      for (const c of commands) {
        const key = `${root}\0${c}`;
        let ran = tasksRan.get(key);
        if (!ran) {
          ran = taskScriptPaths(c, root, taskFiles).flatMap((t) => runPathsFrom(t.dir, [t.path], this.exists));
          ran.push(...this.managementCommands(c, root));
          deployed.push(...this.sourceDeployed(c, root));
          ran.push(...makefilesRun(c, root, taskFiles, (p) => resultOf.get(p)?.callSites.map((s) => s.span.line) ?? []));
          tasksRan.set(key, ran);
        }
        add(ran, 'ci-cd');
      }
      add(deployed.splice(0), 'application');
      const r = resultOf.get(f);
      if (r?.role === 'ci-cd' && !r.error) continue;
      const ran = commands.flatMap((c) => {
        let paths = scriptsOfCommand.get(c);
        if (!paths) scriptsOfCommand.set(c, (paths = scriptPathsRun(c)));
        return paths;
      });
      if (gh !== undefined) {
        // Read line by line, a step's folder is not known: each `working-directory` the file sets may be it.
        for (const workdir of [undefined, ...workingDirectoriesOf(text)]) add(resolveRunScripts(ran, gh, workdir, this.input.ctx), 'ci-cd');
      } else add(resolveRunPaths(ran, f, root, this.input.ctx), 'ci-cd');
    }
    // A Kubernetes workload's container commands (a CronJob's `["python", "manage.py", "refresh_dbt"]`)
    // start code of the image its repository builds: manifests the scan read, and those kept where
    // manifests are (`k8s/`, `deploy/`), which need not name dbt at all.
    const manifests = new Set(this.input.results.filter((r) => r.adapter === 'kubernetes').map((r) => r.rel));
    for (const f of this.index.deploymentFiles) if (MANIFEST_FOLDER.test(f) && /\.ya?ml$/i.test(f)) manifests.add(f);
    for (const f of [...manifests].slice(0, MAX_READS)) {
      const text = this.read(f);
      if (text !== undefined && K8S_WORKLOAD.test(text)) add(this.commandEntries(f, commandLinesOf(text), ''), 'application');
    }
    // A function a Terraform module deploys (`aws_lambda_function` zipped from `functions/trigger`) runs
    // the code of the folder the module hands its environment to.
    for (const r of this.input.results) {
      if (!/\.tf(?:\.json)?$/.test(r.rel)) continue;
      for (const e of r.scriptEnv ?? [])
        if (e.script.endsWith('/'))
          add(codeNeighbours(this.byFolder, e.script.slice(0, -1)).slice(0, MAX_NEIGHBOURS_PER_FOLDER), 'application');
        // An ECS task's container command: that script.
        else if (!e.script.includes('*')) add([e.script], 'application');
    }
    const isAction = (f: string): boolean => ACTION_FILE.test(f) && !/(^|\/)\.github\/workflows\//.test(f);
    // An action's Dockerfile starts the action's code in CI, not a service.
    const actionDirs = this.index.deploymentFiles.filter(isAction).map(folderOf);
    const inActionDir = (f: string): boolean => actionDirs.some((d) => d === '' || f.startsWith(`${d}/`));
    for (const f of this.index.deploymentFiles) {
      if (isCrontab(f)) {
        add(this.commandEntries(f, cronCommands(this.read(f) ?? '', /(?:^|\/)cron\.d\//i.test(f)), ''), 'orchestrator');
        continue;
      }
      if (isAction(f)) add(this.actionEntries(f), 'ci-cd');
      else if (DEVCONTAINER_JSON.test(f)) add(this.devcontainerEntries(f), 'script');
      else if (DEVCONTAINER_PATH.test(f)) continue;
      else if (DOCKERFILE.test(f))
        add(this.dockerEntries(f), inActionDir(f) ? 'ci-cd' : LOCAL_CONTAINER.test(f) ? 'script' : 'application');
      else if (PROCFILE.test(f))
        add(
          this.commandEntries(
            f,
            this.read(f)
              ?.split(/\r?\n/)
              .map((l) => l.replace(/^[\w-]+:\s*/, '')) ?? [],
          ),
          'application',
        );
      else if (SERVERLESS.test(f) || SAM_TEMPLATE.test(f)) add(this.handlerEntries(f), 'application');
      else if (CONTAINER_CONFIG.test(f))
        add(this.commandEntries(f, commandLinesOf(this.read(f) ?? '')), LOCAL_CONTAINER.test(f) ? 'script' : 'application');
      else if (SCHEDULER_FILE.test(f) && !isCiConfigPath(f)) add(this.schedulerEntries(f), 'orchestrator');
      else if (PLATFORM_CONFIG.test(f))
        add(
          this.commandEntries(
            f,
            [...(this.read(f) ?? '').matchAll(START_COMMAND)].map((m) => m[1]!),
          ),
          'application',
        );
    }
    return out;
  }

  /**
   * Entry points found by content: among the code that mentions dbt (what the adapters read),
   * and in the folders that hold, or sit above, a file with a call (where the code importing
   * it usually sits, even when that code never mentions dbt).
   */
  contentEntries(targets: readonly string[]): Entry[] {
    const candidates = new Set(this.input.results.filter((r) => r.adapter !== undefined && CODE.test(r.rel)).map((r) => r.rel));
    const folders = new Set<string>();
    for (const t of targets)
      for (const d of newFoldersAbove(t, folders)) for (const f of codeNeighbours(this.byFolder, d)) candidates.add(f);
    // A web framework's route modules, wherever they sit, when a JavaScript file has a call.
    if (targets.some((t) => JS_EXT.test(t))) for (const f of this.index.webRouteModules) candidates.add(f);
    // A scheduler's folder beside those (`dags/` next to `include/`) holds the code importing them.
    let scheduled = 0;
    for (const f of this.input.discovered) {
      const m = ORCHESTRATION_FOLDER.exec(f);
      if (m && CODE.test(f) && folders.has(f.slice(0, m.index)) && scheduled++ < MAX_NEIGHBOURS_PER_FOLDER * 4) candidates.add(f);
    }
    const out: Entry[] = [];
    for (const f of candidates) {
      if (!mayBeEntry(f)) continue;
      if (this.roles.get(f) === 'orchestrator') {
        out.push({ file: f, workflow: 'orchestrator' });
        continue;
      }
      // Counted as a read, as when the file is read here: the cap falls on the same files.
      if (!this.seen.has(f)) {
        if (this.seen.size >= MAX_READS) continue;
        this.seen.add(f);
      }
      const judged = this.input.verdicts?.known(f);
      const workflow = judged === undefined ? entryVerdict(f, this.input.ctx) : judged;
      if (workflow === 'application' && this.isToolsOwnWebApp(f)) continue;
      if (workflow) out.push({ file: f, workflow });
    }
    return out;
  }

  private packages: RepoLayout | undefined;

  /** A web app that a published tool's command starts (workflow.ts `isToolsOwnWebApp`). */
  private isToolsOwnWebApp(file: string): boolean {
    const { libraries, published } = this.input;
    if (!libraries?.size || !published?.commands.size) return false;
    this.packages ??= buildRepoLayout(this.input.discovered, [], undefined, libraries, undefined, undefined, published);
    return isToolsOwnWebApp(file, this.packages);
  }

  /** Marks every file each entry reaches through imports, strongest workflow first. */
  follow(entries: readonly Entry[], reached: Map<string, Workflow>): void {
    for (const workflow of PRIORITY) {
      const queue = entries.filter((e) => e.workflow === workflow).map((e) => e.file);
      for (let i = 0; i < queue.length; i++) {
        const file = queue[i]!;
        if (reached.has(file)) continue;
        reached.set(file, workflow);
        for (const next of this.importsOf(file)) if (!reached.has(next)) queue.push(next);
      }
    }
  }

  private importsOf(file: string): string[] {
    let list = this.imports.get(file);
    if (!list) {
      const text = CODE.test(file) ? this.read(file) : undefined;
      list =
        text === undefined
          ? []
          : importedFiles(
              file,
              text,
              this.exists,
              (p) => this.read(p),
              (p) => (this.images ??= new ImagePaths(this.input.discovered)).locate(p),
            );
      this.imports.set(file, list);
    }
    return list;
  }

  /** A `.env` takes the workflow of the code that loads it; production wins over development. */
  dotenvWorkflows(targets: readonly string[], reached: Map<string, Workflow>): void {
    const envs = targets.filter((t) => isDotenvPath(t) && !DOTENV_TEMPLATE.test(t) && !reached.has(t));
    if (envs.length === 0) return;
    const layout = buildRepoLayout(
      this.input.discovered,
      this.input.results.flatMap((r) => r.runsScripts),
      reached,
    );
    const codeResults = this.input.results.filter((r) => r.adapter !== undefined && (CODE.test(r.rel) || /\.ipynb$/i.test(r.rel)));
    for (const env of envs) {
      // Code that mentions dbt anywhere (it may name this file), and any code beside it.
      const dir = folderOf(env);
      const loaders = new Set([...codeResults.map((r) => r.rel), ...(this.byFolder.get(dir) ?? []).filter((f) => CODE.test(f))]);
      let best: Workflow | undefined;
      for (const loader of loaders) {
        const text = this.read(loader);
        const use = text === undefined || text.length > MAX_ENTRY_TEXT ? undefined : dotenvUseOf(text);
        if (!use || !this.loads(loader, use.paths, env)) continue;
        const w = fileWorkflow(loader, this.roles.get(loader), layout);
        if (best === undefined || rank(w) < rank(best)) best = w;
      }
      if (best) reached.set(env, best);
    }
  }

  /** Whether code in `loader` naming `paths` (none: the default) loads `env`. */
  private loads(loader: string, paths: readonly string[], env: string): boolean {
    if (paths.length > 0) {
      // Relative to the loader's folder or to the repository root (the usual working directory).
      return paths.some((p) => [posix.join(folderOf(loader), p), p].some((c) => posix.normalize(c) === env));
    }
    // The default: the nearest `.env` from the loader's folder up (python-dotenv's find_dotenv;
    // dotenv reads the working directory, usually the project folder above the code).
    if (posix.basename(env) !== '.env') return false;
    for (let d = folderOf(loader), i = 0; i < 32; i++) {
      const candidate = d ? `${d}/.env` : '.env';
      if (this.exists(candidate)) return candidate === env;
      if (d === '') break;
      d = folderOf(d);
    }
    return false;
  }

  /** A GitHub Action's own entry: `runs.main`/`pre`/`post`, or its Docker image's entry. */
  private actionEntries(file: string): string[] {
    const text = this.read(file);
    if (text === undefined) return [];
    const dir = folderOf(file);
    const out: string[] = [];
    for (const m of text.matchAll(
      /^[ \t]+(main|pre|post|image|entrypoint|pre-entrypoint|post-entrypoint)[ \t]*:[ \t]*['"]?([^'"#\s]+)/gm,
    )) {
      const key = m[1]!;
      const value = m[2]!;
      if (key === 'image') {
        if (!value.startsWith('docker://')) {
          const dockerfile = posix.normalize(posix.join(dir, value));
          if (this.exists(dockerfile)) out.push(...this.dockerEntries(dockerfile));
        }
      } else {
        const p = posix.normalize(posix.join(dir, value.replace(/^\/+/, '')));
        if (this.exists(p)) out.push(p);
        else out.push(...this.locate(dir, value));
      }
    }
    return out;
  }

  /** A dev container's life-cycle commands: what they run is a developer's set-up. */
  private devcontainerEntries(file: string): string[] {
    const text = this.read(file);
    if (text === undefined) return [];
    const commands: string[] = [];
    const keys = new RegExp(
      `"(?:${DEVCONTAINER_COMMAND_KEYS.join('|')})"\\s*:\\s*("(?:[^"\\\\\\n]|\\\\.)*"|\\[[^\\]]*\\]|\\{[^}]*\\})`,
      'g',
    );
    for (const m of text.matchAll(keys)) {
      for (const s of m[1]!.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)) commands.push(s[1]!.replace(/\\(.)/g, '$1'));
      if (m[1]!.startsWith('[')) commands.push([...m[1]!.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)].map((s) => s[1]).join(' '));
    }
    // Commands run in the workspace: the folder that holds `.devcontainer`.
    const workspace = folderAbove(file, '.devcontainer') ?? folderOf(file);
    return runPathsFrom(
      workspace,
      commands.flatMap((c) => scriptPathsRun(c)),
      this.exists,
    );
  }

  /**
   * The files a Dockerfile's CMD and ENTRYPOINT start, mapped back through its COPY lines: as
   * worked out ahead (EntryVerdicts), the Dockerfile counted as read here all the same.
   */
  private dockerEntries(file: string): string[] {
    const known = this.input.verdicts?.dockerfile(file);
    if (!known) return this.readDockerfile(file);
    if (!this.seen.has(file)) {
      if (this.seen.size >= MAX_READS) return [];
      this.seen.add(file);
    }
    if (known.started) this.startedContainers.add(file);
    return known.entries;
  }

  /** The files a Dockerfile's CMD and ENTRYPOINT start, mapped back through its COPY lines. */
  readDockerfile(file: string): string[] {
    const text = this.read(file);
    if (text === undefined) return [];
    const dir = folderOf(file);
    let workdir = '/';
    const copies: Array<{ src: string; dest: string }> = [];
    const commands: Array<{ line: string; workdir: string }> = [];
    let compiled: RegExp | undefined;
    for (const ins of parseDockerfile(text)) {
      const args = logicalText(ins).text.trim();
      if (ins.keyword === 'RUN') compiled ??= compiledSources(args);
      if (ins.keyword === 'WORKDIR') workdir = posix.resolve(workdir, args.replace(/^["']|["']$/g, ''));
      else if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && !/--from[= ]/.test(args)) {
        const words = argvOf(args).filter((w) => !w.startsWith('--'));
        if (words.length < 2) continue;
        const dest = posix.resolve(workdir, words[words.length - 1]!);
        for (const src of words.slice(0, -1)) copies.push({ src: posix.normalize(src), dest });
      } else if (ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT') commands.push({ line: argvOf(args).join(' '), workdir });
    }

    const out: string[] = [];
    for (const { line, workdir: wd } of commands) {
      // `ENTRYPOINT ["dbt-ops"]` after `pip install .`: the console script the project declares.
      const script = this.consoleScript(dir, line.trim().split(/\s+/)[0] ?? '');
      if (script) out.push(script);
      const { paths, modules } = commandTargets(line);
      const files = [
        ...paths.map((p) => [posix.resolve(wd, p)]),
        ...modules.map((m) => {
          const stem = posix.resolve(wd, m.split('.').join('/'));
          return [`${stem}.py`, `${stem}/__main__.py`];
        }),
      ];
      for (const alternatives of files) {
        for (const abs of alternatives) {
          const found = this.fromContainer(dir, abs, copies);
          if (found) {
            out.push(found);
            break;
          }
        }
      }
    }
    // A binary compiled from the folder's sources (`RUN go build`): those sources run in the container.
    if (compiled && commands.length > 0) {
      const sources = [...this.byFolder].filter(([d]) => d === dir || dir === '' || d.startsWith(`${dir}/`)).flatMap(([, fs]) => fs);
      for (const f of sources) {
        if (out.length >= MAX_COMPILED_SOURCES) break;
        if (compiled.test(f) && !isTestPath(f)) out.push(f);
      }
    }
    // What the container starts is known: files of the repository it runs, or a program that runs
    // none (a built binary, a web server). An interpreter given a file not found here (a build's
    // `dist/server.js`) leaves the folder as the service it is.
    if (out.length > 0 || (commands.length > 0 && !commands.some((c) => RUNS_CODE.test(c.line)))) this.startedContainers.add(file);
    return [...new Set(out)];
  }

  /**
   * A file inside the image as a repository file: back through the COPY that put it there,
   * from the Dockerfile's folder or a folder above it (the build context is often the
   * repository root); else the one repository file with the same last path segments.
   */
  private fromContainer(dir: string, abs: string, copies: ReadonlyArray<{ src: string; dest: string }>): string | undefined {
    const contexts: string[] = [];
    for (let d = dir, i = 0; i < 32; i++) {
      contexts.push(d);
      if (d === '') break;
      d = folderOf(d);
    }
    for (const context of contexts) {
      for (const c of copies) {
        const base = posix.normalize(posix.join(context, c.src)).replace(/\/+$/, '');
        if (base.startsWith('../') || base === '..') continue;
        const candidates: string[] = [];
        if (abs.startsWith(`${c.dest}/`)) candidates.push(posix.join(base, abs.slice(c.dest.length + 1)));
        if (abs === c.dest || abs === posix.join(c.dest, posix.basename(base))) candidates.push(base);
        const found = candidates.map((p) => (p === '.' ? '' : p.replace(/^\.\//, ''))).find((p) => p && this.exists(p));
        if (found) return found;
      }
    }
    const relative = posix.normalize(posix.join(dir, abs.slice(1)));
    if (this.exists(relative)) return relative;
    return this.locate(dir, abs)[0] ?? (dir === '' ? undefined : this.locate('', abs, 2)[0]);
  }

  /** Files under `dir` whose path ends with the last segments of `path` (at least `minSegments`; one match only). */
  private locate(dir: string, path: string, minSegments = 1): string[] {
    const segs = path.split('/').filter((s) => s && s !== '.');
    const named = this.byName.get(segs[segs.length - 1] ?? '') ?? [];
    for (let n = Math.min(segs.length, 4); n >= minSegments; n--) {
      const tail = `/${segs.slice(-n).join('/')}`;
      const hits = named.filter((f) => (dir === '' || f.startsWith(`${dir}/`)) && `/${f}`.endsWith(tail));
      if (hits.length === 1) return hits;
      if (hits.length > 1) return [];
    }
    return [];
  }

  /** Commands in a Procfile, compose file or app manifest: the scripts and modules they start. */
  private commandEntries(file: string, commands: readonly string[], imageRoot = folderOf(file)): string[] {
    const dir = folderOf(file);
    const out: string[] = [];
    for (const c of commands) {
      out.push(...this.managementCommands(c, dir));
      const { paths, modules } = commandTargets(c);
      for (const p of paths) {
        if (p.startsWith('/')) out.push(...this.locate(imageRoot, p));
        else out.push(...runPathsFrom(dir, [p.replace(/^\.\//, '')], this.exists));
      }
      for (const m of modules) {
        const f = pythonFile(posix.join(dir, m.split('.').join('/')), this.exists) ?? this.packagedModule(dir, m);
        if (f) out.push(f);
      }
    }
    return out;
  }

  /**
   * A folder a CI step deploys from source (`gcloud run deploy svc --source ./trigger`, `gcloud run
   * jobs deploy`, `gcloud functions deploy --source functions/x`): the platform builds and runs its
   * code, with no Dockerfile to say which file starts. The folder's own code files.
   */
  private sourceDeployed(command: string, root: string): string[] {
    const m =
      /\bgcloud\s+(?:beta\s+)?(?:run\s+(?:jobs\s+)?deploy|functions\s+deploy)\b[^\n;&|]*?\s--source(?:=|\s+)["']?([\w./-]{1,200})/.exec(
        command,
      );
    if (!m) return [];
    const dir = posix.normalize(posix.join(root, m[1]!)).replace(/^\.$/, '').replace(/\/$/, '');
    if (dir.startsWith('..')) return [];
    return codeNeighbours(this.byFolder, dir).slice(0, MAX_NEIGHBOURS_PER_FOLDER);
  }

  /**
   * Django management commands a command line runs (`python manage.py refresh_dbt`, a CronJob's
   * `["python", "manage.py", "refresh_dbt"]`): the app's `management/commands/refresh_dbt.py`,
   * those under the command's folder first, else the repository's (a manifest sits apart from
   * the code its image holds).
   */
  private managementCommands(command: string, dir: string): string[] {
    if (!command.includes('manage.py')) return [];
    const out: string[] = [];
    for (const m of command.matchAll(/\bmanage\.py["',\s]+([a-z_][a-z0-9_]{0,80})\b/g)) {
      const name = m[1]!;
      const all = (this.byName.get(`${name}.py`) ?? []).filter((f) => f.endsWith(`/management/commands/${name}.py`) && !isTestPath(f));
      const near = all.filter((f) => dir === '' || f.startsWith(`${dir}/`));
      out.push(...(near.length > 0 ? near : all).slice(0, 3));
    }
    return out;
  }

  /**
   * A module that a start command names by its import name, kept where a package layout puts it
   * rather than beside the command (`dataflow.api.app` at `service/src/dataflow/api/app.py`, installed
   * by the build): the one file under the command's folder whose path ends with the module's.
   */
  /**
   * The module file of a console script a Python project in `dir` or a folder above declares
   * (`[project.scripts]` / `[tool.poetry.scripts]`: `dbt-ops = "dbt_ops.cli:main"`), when `program` is one.
   */
  private consoleScript(dir: string, program: string): string | undefined {
    if (!/^[A-Za-z][\w.-]{0,80}$/.test(program) || RUNS_CODE.test(program)) return undefined;
    for (let d = dir, i = 0; i < 32; i++) {
      const manifest = d ? `${d}/pyproject.toml` : 'pyproject.toml';
      const text = this.exists(manifest) ? this.read(manifest) : undefined;
      const target = text === undefined ? undefined : declaredScript(text, program);
      if (target !== undefined) {
        const stem = target.split('.').join('/');
        const file = [posix.join(d, stem), posix.join(d, 'src', stem)]
          .flatMap((p) => [`${p}.py`, `${p}/__init__.py`])
          .find((p) => this.exists(p));
        // A package made for an index (PyPI) is its users' tool, whatever image its own repository builds.
        const published = this.input.published?.roots;
        return file !== undefined && published && [...published].some((r) => file.startsWith(`${r}/`)) ? undefined : file;
      }
      if (d === '') return undefined;
      d = folderOf(d);
    }
    return undefined;
  }

  private packagedModule(dir: string, module: string): string | undefined {
    const rel = module.split('.').join('/');
    const found = new Set<string>();
    for (const [name, suffix] of [
      [`${rel.slice(rel.lastIndexOf('/') + 1)}.py`, `/${rel}.py`],
      ['__main__.py', `/${rel}/__main__.py`],
    ] as const) {
      for (const f of this.byName.get(name) ?? []) {
        if (f.endsWith(suffix) && (dir === '' || f.startsWith(`${dir}/`)) && !isTestPath(f)) found.add(f);
      }
    }
    return found.size === 1 ? [...found][0] : undefined;
  }

  /**
   * The files a scheduler's job definition runs: a Databricks task's `python_file` or
   * `notebook_path` (relative to the file, to the bundle's root through `${workspace.file_path}`,
   * or a workspace path ending in the repository's path), a Kestra or Argo step's commands.
   */
  private schedulerEntries(file: string): string[] {
    const text = this.read(file);
    if (text === undefined || text.length > MAX_ENTRY_TEXT) return [];
    const dir = folderOf(file);
    const out: string[] = [];
    if (DATABRICKS_TASK.test(text)) {
      const bundleRoot = this.bundleRootOf(dir);
      for (const m of text.matchAll(DATABRICKS_TASK_FILE)) {
        const written = m[1]!;
        const inBundle = /^\$\{workspace\.(?:file_path|root_path\/files)\}\//.exec(written);
        const candidates = inBundle
          ? [posix.join(bundleRoot, written.slice(inBundle[0].length))]
          : written.startsWith('/') || written.includes('${')
            ? []
            : [posix.join(dir, written), written];
        const found = candidates
          .map((c) => posix.normalize(c))
          .filter((c) => !c.startsWith('../'))
          .flatMap((c) => [c, `${c}.py`, `${c}.ipynb`])
          .find((c) => this.exists(c));
        if (found) out.push(found);
        // A workspace path (`/Repos/team/analytics/notebooks/refresh`, `/Workspace/…`): the
        // repository file at its tail, a notebook's written without its extension.
        else if (written.startsWith('/'))
          for (const path of /\.(?:py|ipynb)$/.test(written) ? [written] : [`${written}.py`, `${written}.ipynb`])
            out.push(...this.locate('', path, 2));
      }
    }
    // The scheduler runs an image built from the repository: a path in it may be anywhere here.
    if (isSchedulerFlow(text)) out.push(...this.commandEntries(file, commandLinesOf(text), ''));
    return out;
  }

  /** The folder of the Databricks bundle (`databricks.yml`) at or above `dir`, else `dir`. */
  private bundleRootOf(dir: string): string {
    for (let d = dir, i = 0; i < MAX_FOLDER_DEPTH; i++) {
      if (this.exists(posix.join(d, 'databricks.yml')) || this.exists(posix.join(d, 'databricks.yaml'))) return d;
      if (d === '') break;
      d = folderOf(d);
    }
    return dir;
  }

  /** `handler: src/jobs/trigger.main` (Serverless) and `Handler:` + `CodeUri:` (SAM). */
  private handlerEntries(file: string): string[] {
    const text = this.read(file);
    if (text === undefined) return [];
    if (SAM_TEMPLATE.test(file) && !/AWS::(?:Serverless::Function|Lambda::Function)/.test(text)) return [];
    const dir = folderOf(file);
    const bases = [dir];
    for (const m of text.matchAll(/\bCodeUri"?[ \t]*:[ \t]*['"]?([\w./-]+)/g)) bases.push(posix.normalize(posix.join(dir, m[1]!)));
    const out: string[] = [];
    for (const m of text.matchAll(/\b[Hh]andler"?[ \t]*:[ \t]*['"]?([\w./-]+)\.[A-Za-z_$][\w$]*['"]?/g)) {
      const stem = m[1]!;
      for (const b of bases) {
        const base = posix.normalize(posix.join(b, stem));
        const found =
          pythonFile(posix.normalize(posix.join(b, stem.split('.').join('/'))), this.exists) ?? probeModuleFile(base, this.exists);
        if (found) {
          out.push(found);
          break;
        }
      }
    }
    // A JVM handler, `Handler: com.acme.refresh.RefreshHandler::handleRequest`: its class's source, in Maven's or Gradle's layout.
    for (const m of text.matchAll(/\b[Hh]andler"?[ \t]*:[ \t]*['"]?([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+)::[A-Za-z_$][\w$]*/g)) {
      const path = m[1]!.split('.').join('/');
      const candidates = bases.flatMap((b) =>
        ['src/main/java', 'src/main/kotlin', 'src'].flatMap((root) =>
          ['java', 'kt'].map((e) => posix.normalize(posix.join(b, root, `${path}.${e}`))),
        ),
      );
      const found = candidates.find((c) => this.exists(c));
      if (found && !out.includes(found)) out.push(found);
    }
    return out;
  }
}

/** Not an entry point, whatever it holds: a test, a build or test harness, a dev container's set-up. */
const mayBeEntry = (f: string): boolean => !isTestPath(f) && !HARNESS.test(f) && !DEVCONTAINER_PATH.test(f);

/**
 * The folders holding `target` and those above it, the nearest first, that `seen` does not hold
 * yet (added to it): where the code that imports a file with a call usually sits. Only for code
 * and notebooks (a DAG runs a notebook: `PapermillOperator(input_nb=…)`).
 */
function newFoldersAbove(target: string, seen: Set<string>): string[] {
  const out: string[] = [];
  if (!CODE.test(target) && !/\.ipynb$/i.test(target)) return out;
  let d = folderOf(target);
  for (let i = 0; i < MAX_FOLDER_DEPTH; i++) {
    if (seen.has(d)) break;
    seen.add(d);
    out.push(d);
    if (d === '') break;
    d = folderOf(d);
  }
  return out;
}

/** The code files of a folder looked at as possible entry points, at most MAX_NEIGHBOURS_PER_FOLDER. */
const codeNeighbours = (byFolder: ReadonlyMap<string, readonly string[]>, dir: string): string[] =>
  (byFolder.get(dir) ?? []).filter((x) => CODE.test(x)).slice(0, MAX_NEIGHBOURS_PER_FOLDER);

/**
 * The reach's look at the code beside each file with a call (`contentEntries`), taken ahead: while
 * reader threads still read, the main thread has turns to spare between the files it parses, and
 * the neighbours of the files found with a call so far are read and judged then, instead of all
 * at the end, when this thread is the only one at work. A verdict depends on the file alone (read
 * as the reach reads it): the reach takes it as if it had read the file itself.
 */
export class EntryVerdicts {
  private readonly verdicts = new Map<string, Workflow | null>();
  private readonly targets: string[] = [];
  private readonly folders = new Set<string>();
  /** Files handed out to be judged (by a reader thread or this one), at most MAX_READS. */
  private readonly handedOut = new Set<string>();
  /** Files this thread judges itself. */
  private readonly queue: string[] = [];
  private readonly dockerfiles = new Map<string, { entries: string[]; started: boolean }>();
  private dockerfilesLeft: string[] | undefined;
  private early: Reach | undefined;
  private anyTarget = false;
  private routesHandedOut = false;
  /** The walk's files by folder and by name, for the reach too. */
  readonly index: RepoIndex;

  /** `discovered`: the whole walk's files, complete before the first `candidates` or `step`; `ctx` reads as the reach's does. */
  constructor(
    discovered: readonly string[],
    private readonly ctx: AdapterContext,
  ) {
    this.index = new RepoIndex(discovered);
  }

  /** A file found with a call site or a token: its neighbours will be looked at. */
  expect(target: string): void {
    this.targets.push(target);
    this.anyTarget = true;
  }

  /** The code files beside the files expected since the last call, to be judged (`record`, or `judgeHere`). */
  candidates(): string[] {
    const out: string[] = [];
    const handOut = (f: string): void => {
      if (!mayBeEntry(f) || this.handedOut.has(f) || this.handedOut.size >= MAX_READS) return;
      this.handedOut.add(f);
      out.push(f);
    };
    for (const t of this.targets.splice(0)) {
      // What `contentEntries` looks at: the code beside and above the file, a scheduler's folder
      // there, and, once a JavaScript file has a call, the web framework's route modules.
      if (!this.routesHandedOut && JS_EXT.test(t)) {
        this.routesHandedOut = true;
        for (const f of this.index.webRouteModules) handOut(f);
      }
      for (const d of newFoldersAbove(t, this.folders)) {
        for (const f of codeNeighbours(this.index.byFolder, d)) handOut(f);
        for (const f of this.index.schedulerFolderCode.get(d) ?? []) handOut(f);
      }
    }
    return out;
  }

  /** Files for this thread to judge in its `step`s (no reader thread will). */
  judgeHere(files: readonly string[]): void {
    this.queue.push(...files);
  }

  /**
   * Verdicts a reader thread worked out (entry-verdict.ts), each taken only when this thread's
   * context answers the reader's questions about other files the same way: it knows files the
   * reader cannot (tracked by git, gone from the disk). Those not taken are judged here when needed.
   */
  record(verdicts: ReadonlyArray<readonly [string, Workflow | null, ReadonlyArray<readonly [string, boolean]>]>): void {
    for (const [file, verdict, asked] of verdicts)
      if (asked.every(([path, exists]) => this.ctx.fileExists(path) === exists)) this.verdicts.set(file, verdict);
  }

  /**
   * Does up to `count` files' worth of the reach's work ahead in this thread; false once there is
   * nothing left. Nothing before a first file with a call: without one, there is no reach.
   */
  step(count: number): boolean {
    if (!this.anyTarget) return false;
    if (!this.early || !this.dockerfilesLeft) {
      // The reach's lists of files, and the layout's, made now rather than at the end.
      this.index.prepare();
      repoLayoutPaths(this.index.discovered);
      // What the containers start depends on their Dockerfiles and the repository alone.
      this.early = new Reach({ discovered: this.index.discovered, results: [], ctx: this.ctx, verdicts: this });
      this.dockerfilesLeft = this.index.deploymentFiles.filter((f) => DOCKERFILE.test(f) && !DEVCONTAINER_PATH.test(f)).slice(0, MAX_READS);
    }
    for (let n = 0; n < count; n++) {
      const dockerfile = this.dockerfilesLeft.pop();
      if (dockerfile !== undefined) {
        const entries = this.early.readDockerfile(dockerfile);
        this.dockerfiles.set(dockerfile, { entries, started: this.early.startedContainers.has(dockerfile) });
        continue;
      }
      const f = this.queue.pop();
      if (f === undefined) break;
      if (!this.verdicts.has(f)) this.verdicts.set(f, entryVerdict(f, this.ctx));
    }
    return this.queue.length > 0 || this.dockerfilesLeft.length > 0;
  }

  /** What a Dockerfile's container starts, if worked out ahead. */
  dockerfile(file: string): { entries: string[]; started: boolean } | undefined {
    return this.dockerfiles.get(file);
  }

  /** The verdict on `file` if it was judged ahead: null when it is no entry point, undefined when not judged. */
  known(file: string): Workflow | null | undefined {
    return this.verdicts.get(file);
  }
}

/** The walk's files by folder and by base name, and those the reach reads by their names; each made on first use. */
class RepoIndex {
  private byFolderMade: Map<string, string[]> | undefined;
  private byNameMade: Map<string, string[]> | undefined;
  private ciConfigsMade: string[] | undefined;
  private deploymentFilesMade: string[] | undefined;
  private webRouteModulesMade: string[] | undefined;
  private schedulerFolderCodeMade: Map<string, string[]> | undefined;

  constructor(readonly discovered: readonly string[]) {}

  get byFolder(): ReadonlyMap<string, readonly string[]> {
    return (this.byFolderMade ??= groupBy(this.discovered, folderOf));
  }

  /** Only a container's compiled sources and `COPY`s need it. */
  get byName(): ReadonlyMap<string, readonly string[]> {
    return (this.byNameMade ??= groupBy(this.discovered, (f) => f.slice(f.lastIndexOf('/') + 1)));
  }

  /** Makes every list now. */
  prepare(): void {
    void [this.byFolder, this.byName, this.ciConfigs, this.deploymentFiles];
  }

  /** Web frameworks' route modules, wherever they sit (at most MAX_NEIGHBOURS_PER_FOLDER × 4, the first found). */
  get webRouteModules(): readonly string[] {
    if (!this.webRouteModulesMade) {
      this.webRouteModulesMade = [];
      for (const f of this.discovered) {
        if (this.webRouteModulesMade.length >= MAX_NEIGHBOURS_PER_FOLDER * 4) break;
        if (mayBeWebRouteModule(f)) this.webRouteModulesMade.push(f);
      }
    }
    return this.webRouteModulesMade;
  }

  /** Code in a scheduler's folder (`dags/`, `flows/`, …), by the folder that holds that one. */
  get schedulerFolderCode(): ReadonlyMap<string, readonly string[]> {
    if (!this.schedulerFolderCodeMade) {
      this.schedulerFolderCodeMade = new Map();
      for (const f of this.discovered) {
        const m = ORCHESTRATION_FOLDER.exec(f);
        if (!m || !CODE.test(f)) continue;
        const above = f.slice(0, m.index);
        const list = this.schedulerFolderCodeMade.get(above);
        if (list) list.push(f);
        else this.schedulerFolderCodeMade.set(above, [f]);
      }
    }
    return this.schedulerFolderCodeMade;
  }

  /** CI configuration files whose commands are read line by line (not JSON, nor a Jenkinsfile's Groovy). */
  get ciConfigs(): readonly string[] {
    return (this.ciConfigsMade ??= this.discovered.filter(
      (f) => isCiConfigPath(f) && !/\.(?:json|groovy)$|(^|\/)Jenkinsfile[^/]*$/i.test(f),
    ));
  }

  /** Crontabs, and files named as deployment files may be (YAML, JSON, TOML, Dockerfiles, Procfiles). */
  get deploymentFiles(): readonly string[] {
    return (this.deploymentFilesMade ??= this.discovered.filter(
      (f) => isCrontab(f) || DEPLOYMENT_FILE_NAME.test(f.slice(f.lastIndexOf('/') + 1)),
    ));
  }
}

function groupBy(files: readonly string[], keyOf: (f: string) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const f of files) {
    const key = keyOf(f);
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  return groups;
}

const rank = (w: Workflow): number => {
  const i = PRIORITY.indexOf(w);
  return i >= 0 ? i : PRODUCTION[w] ? PRIORITY.length : PRIORITY.length + 1;
};

/** The folders a GitHub workflow runs steps in (`working-directory:` on steps and `defaults.run`), a few at most. */
/** The commands of a crontab's entries (`0 5 * * * cd /opt/etl && python trigger.py`); `withUser`: a cron.d file's, after the user. */
function cronCommands(text: string, withUser: boolean): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/).slice(0, 2000)) {
    if (/^\s*(?:#|[A-Za-z_]\w*=)/.test(line) || line.length > 2000) continue;
    const command = CRON_ENTRY.exec(line)?.[1]?.trim();
    if (command) out.push(withUser ? command.replace(/^\S+\s+/, '') : command);
  }
  return out;
}

function workingDirectoriesOf(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*(?:-[ \t]+)?working-directory:[ \t]*(["']?)([\w./-]{1,200})\1[ \t]*(?:#.*)?$/gm)) {
    out.add(m[2]!);
    if (out.size >= 20) break;
  }
  return [...out];
}

/** The module of `name` in a pyproject's scripts table (`name = "pkg.cli:main"`), if it declares it. */
function declaredScript(text: string, name: string): string | undefined {
  const table = /^\[(?:project|tool\.poetry)\.scripts\][ \t]*\r?\n((?:(?!\[)[^\n]*\n?){0,200})/m.exec(text.slice(0, 200_000));
  if (!table) return undefined;
  for (const line of table[1]!.split('\n')) {
    const m = /^[ \t]*["']?([\w.-]+)["']?[ \t]*=[ \t]*["']([\w.]+)(?::[\w.]+)?["']/.exec(line);
    if (m && m[1] === name) return m[2];
  }
  return undefined;
}

/** `pkg/mod` as `pkg/mod.py` or `pkg/mod/__main__.py`, when it exists. */
function pythonFile(stem: string, exists: (p: string) => boolean): string | undefined {
  if (/\.pyw?$/.test(stem)) return exists(stem) ? stem : undefined;
  return [`${stem}.py`, `${stem}/__main__.py`].find(exists);
}

/** A Dockerfile argument list, exec form (`["python", "app.py"]`) or shell form. */
function argvOf(args: string): string[] {
  if (args.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(args);
      if (Array.isArray(parsed)) return parsed.filter((w): w is string => typeof w === 'string');
    } catch (e) {
      rethrowUnless(e, isParseError);
      // Not JSON: Docker runs it as shell form.
    }
  }
  return args.split(/\s+/).filter((w) => w !== '');
}

/** Servers that take an application as `module:attribute`. */
const APP_SERVERS = /^(?:uvicorn|gunicorn|hypercorn|daphne|granian|waitress-serve)$/;

/**
 * What a container command starts: script files it names (`python app/main.py`,
 * `/entrypoint.sh`, `node server.js`) and Python modules (`python -m jobs.sync`,
 * `gunicorn app.wsgi:app`, `functions-framework` loading `main.py`).
 */
export function commandTargets(command: string): { paths: string[]; modules: string[] } {
  const words = command
    .replace(/["'[\],]/g, ' ')
    .split(/[\s;&|()]+/)
    .filter((w) => w !== '')
    .slice(0, 200);
  const paths: string[] = [];
  const modules: string[] = [];
  let server = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const name = w.slice(w.lastIndexOf('/') + 1);
    if (APP_SERVERS.test(name)) server = true;
    else if (name === 'functions-framework' || name === 'functions-framework-python') {
      const source = words.slice(i + 1).find((a) => a.startsWith('--source='));
      paths.push(source ? source.slice('--source='.length) : 'main.py');
    } else if (w === '-m' && words[i + 1] && /^[A-Za-z_][\w.]*$/.test(words[i + 1]!)) modules.push(words[++i]!);
    else if (server && /^[A-Za-z_][\w.]*:[A-Za-z_]\w*(?:\(\))?$/.test(w)) modules.push(w.slice(0, w.indexOf(':')));
    else if (!w.startsWith('-') && !/[$`*?{}=]/.test(w) && /\.(?:pyw?|sh|bash|[cm]?js|ts)$/.test(w)) paths.push(w);
  }
  return { paths, modules };
}
