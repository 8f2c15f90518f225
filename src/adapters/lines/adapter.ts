import { expandMakeVariables } from '../shared/make-variables.js';
import type { AdapterContext, LanguageAdapter } from '../adapter.js';
import type { EnvBinding } from '../shared/values/binding.js';
import { folderOf } from '../repo-path.js';
import { emptyFacts, type FileFacts, type RawCallSite, type RawCredential } from '../../model/raw-facts.js';
import { mayHoldCodeFact, mayHoldLineFact } from './fact-hints.js';
import { isTestPath } from '../../classify/workflow.js';
import { isSchedulerFlow } from '../../classify/entry-points.js';
import { handDeploymentEnv, PREFECT_DEPLOYMENTS } from './prefect-deployments.js';
import { DBT_CLI_TOOL_COMMAND, DBT_CLI_TOOL_RECIPE_LINE } from '../shell/dbt-cli-tool-names.js';

// The line-level adapter: Go, Java, Kotlin, Scala, C#, Rust, Swift, PHP, Ruby, PowerShell, R,
// Perl, Makefiles, justfiles and YAML files no other adapter claims (Helm values, Databricks
// bundles, other configuration). No parser: comments blanked, then one pass of line regexes
// (shared/line-facts/line-facts.ts), so it stays cheap on every file the pre-filter lets through.
/** A CloudFormation or SAM template, by its header or the resource types it declares. */
const CLOUDFORMATION =
  /^AWSTemplateFormatVersion:|^Transform:[ \t]*['"]?AWS::Serverless|^[ \t]+Type:[ \t]*['"]?AWS::(?:Serverless::Function|Lambda::Function|ECS::TaskDefinition)\b/m;
/** A VCR cassette's list of recorded exchanges, each a `request:` and its `response:`. */
const RECORDED_EXCHANGES = /^interactions:[ \t]*\r?\n(?:[ \t]*#.*\r?\n)*-[ \t]+(?:request|response):/m;
/** A folder or package named for dbt Cloud (`pkg/dbt_cloud/`, `package dbtcloud`, `namespace DbtCloud`). */
const DBT_CLOUD_FOLDER = /(^|\/)dbt[_-]?cloud(?:[_-](?:api|client|sdk))?\//i;
const DBT_CLOUD_PACKAGE = /^[ \t]*(?:package|namespace|module)[ \t]+(?:[\w.]+[.:])?dbt[_-]?cloud(?:[_-]?(?:api|client|sdk))?\b/im;
/** A file that says it talks to the dbt Cloud API (a doc comment: "the raw dbt Cloud Admin API v2 endpoints"). */
const DBT_CLOUD_API_WORDS = /\bdbt[ \t_-]?cloud(?:'s)?[ \t_-]+(?:admin[ \t_-]+)?api\b/i;

/** CI pipelines read line by line: CodeBuild's buildspec, Drone, Woodpecker, Buildkite. */
const LINE_READ_PIPELINE =
  /(?:^|\/)(?:buildspec[^/]*\.ya?ml|\.drone\.ya?ml|\.woodpecker(?:\.ya?ml|\/[^/]+\.ya?ml)|\.buildkite\/[^/]+\.ya?ml)$/i;

/**
 * The scripts a line-read pipeline's commands run (`python scripts/trigger.py`) read the variables
 * it fills from its secret stores (CodeBuild's `parameter-store:`, Drone's `from_secret`).
 */
async function handPipelineSecrets(path: string, text: string, facts: FileFacts, ctx: AdapterContext): Promise<void> {
  const [{ storeSecretsOf, storeSecretCredential }, { commandLinesOf }, { scriptsRunBy }, { resolveRunScripts }, { handToRunScripts }] =
    await Promise.all([
      import('../shared/line-facts/yaml-lines.js'),
      import('../shared/ci-yaml/command-lines.js'),
      import('../shared/ci-yaml/run-scripts.js'),
      import('../shared/ci-yaml/script-location.js'),
      import('../shared/ci-yaml/wrapped-scripts.js'),
    ]);
  const secrets = storeSecretsOf(text);
  if (secrets.size === 0) return;
  const env = new Map<string, EnvBinding>();
  for (const [name, s] of secrets) env.set(name, { credential: storeSecretCredential(name, s) });
  // Run from the checkout's root: the pipeline file's folder, or the one above `.buildkite/` / `.woodpecker/`.
  const dir = folderOf(path);
  const root = /(?:^|\/)\.(?:buildkite|woodpecker)$/.test(dir) ? folderOf(dir) : dir;
  const ran = commandLinesOf(text).flatMap((c) => scriptsRunBy(c));
  if (ran.length > 0) handToRunScripts(facts, resolveRunScripts([...new Set(ran)], root, undefined, ctx), env, root, ctx);
}

export const adapter: LanguageAdapter = {
  id: 'lines',
  async extract(file, ctx) {
    if (!mayHoldLineFact(file.text, file.path)) return emptyFacts();
    const [{ syntaxFor }, { scanLinesForFacts }, { scanYamlLines }] = await Promise.all([
      import('../shared/line-facts/syntaxes.js'),
      import('../shared/line-facts/line-facts.js'),
      import('../shared/line-facts/yaml-lines.js'),
    ]);
    const found = syntaxFor(file.path, file.text.slice(0, 200));
    if (!found) return emptyFacts();
    // An OpenAPI document describes the API; its servers and examples are not calls.
    if (found.family === 'yaml') {
      if (/^(?:openapi|swagger):/m.test(file.text.slice(0, 4000))) return emptyFacts();
      const facts = scanYamlLines(file.text);
      // A test's recording of HTTP exchanges (a VCR / pytest-recording cassette) replays requests;
      // it sends none. A token it holds is still committed: the literal search reports it.
      if (RECORDED_EXCHANGES.test(file.text) && /^\s+uri:\s/m.test(file.text)) return { ...facts, callSites: [] };
      if (PREFECT_DEPLOYMENTS.test(file.path)) await handDeploymentEnv(file.path, file.text, facts);
      if (LINE_READ_PIPELINE.test(file.path)) await handPipelineSecrets(file.path, file.text, facts, ctx);
      if (facts.callSites.length > 0 && isSchedulerFlow(file.text)) facts.role = 'orchestrator';
      // A CloudFormation / SAM template deploys what it configures (a Lambda's environment).
      else if (facts.callSites.length > 0 && CLOUDFORMATION.test(file.text)) facts.role = 'application';
      return facts;
    }
    const dbtCloudModule = DBT_CLOUD_FOLDER.test(file.path) || DBT_CLOUD_PACKAGE.test(file.text) || DBT_CLOUD_API_WORDS.test(file.text);
    const expanded = MAKEFILE.test(file.path) ? expandMakeVariables(file.text) : undefined;
    const text = expanded?.text ?? file.text;
    const facts = scanLinesForFacts(text, { ...found, needs: mayHoldCodeFact, dbtCloudModule });
    if (expanded) await readFromSecretStores(facts, file.text);
    // A column in an expanded line is not the file's: the site is where the recipe's command starts.
    if (expanded?.changed.size) {
      for (const c of facts.callSites)
        if (expanded.changed.has(c.span.line)) c.span = { line: c.span.line, column: commandColumn(file.text, c.span.line) };
      // A token a recipe takes from a variable is committed where the variable is set, not again where it is used.
      const written = file.text.split('\n');
      const fromVariable = (line: number, value: string | undefined): boolean =>
        expanded.changed.has(line) && !(value !== undefined && (written[line - 1] ?? '').includes(value));
      facts.credentialSites = facts.credentialSites.filter((c) => !fromVariable(c.span.line, c.credential.value));
      for (const c of facts.callSites) {
        const cred = c.credential;
        if (cred?.source !== 'literal' || cred.value === undefined || !cred.span || !fromVariable(cred.span.line, cred.value)) continue;
        const set = expanded.setAt(cred.value);
        if (set) c.credential = { ...cred, name: set.name, span: set.span };
      }
    }
    // In a test, a dbt Cloud URL that no token goes with is what the test parses or expects
    // (`JobUrlParser.parse("https://cloud.getdbt.com/api/v2/…")`), not a request it sends.
    if (isTestPath(file.path))
      facts.callSites = facts.callSites.filter(
        (c) => c.kind !== 'http' || (c.credential !== undefined && c.credential.source !== 'unknown'),
      );
    if (facts.callSites.length > 0 && found.family === 'c') {
      const role = serviceRoleOf(file.path, file.text);
      if (role) facts.role = role;
    }
    if (found.family === 'recipe') {
      const recipeLines = file.text.split('\n');
      facts.callSites = facts.callSites.filter((c) => !printedByRecipe(c, recipeLines));
      atCommandStart(facts.callSites, file.text);
      await recipeCliTools(text, facts);
    }
    return facts;
  },
};

/**
 * The dbt Cloud CLI clients a Makefile's or justfile's recipes run, read as the shell command
 * each line is (the line scan sees URLs, not a tool's options). One line at a time: a recipe's
 * lines run in shells of their own.
 */
async function recipeCliTools(text: string, facts: FileFacts): Promise<void> {
  if (!DBT_CLI_TOOL_COMMAND.test(text)) return;
  const { extractShellScript } = await import('../shell/script.js');
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, '');
    if (!DBT_CLI_TOOL_RECIPE_LINE.test(line)) continue;
    const lead = /^[ \t]+(?:[@-][ \t]*)*/.exec(line)![0].length;
    const shell = await extractShellScript(line.slice(lead), { line: i + 1, column: lead + 1 }, new Map());
    for (const c of shell.callSites)
      if (c.kind === 'cli' && !facts.callSites.some((x) => x.span.line === c.span.line)) facts.callSites.push(c);
  }
}

const MAKEFILE = /(?:^|\/)(?:gnu)?makefile$|\.mk$/i;
/** `DBT_TOKEN ?= $(shell aws secretsmanager get-secret-value --secret-id analytics/dbt-cloud/pat …)`. */
const MAKE_SHELL_ASSIGNMENT =
  /^(?:export[ \t]+|override[ \t]+)?([A-Za-z_]\w*)[ \t]*(?::{1,3}=|\?=|=)[ \t]*\$\(shell[ \t]+(.{1,1000})\)[ \t]*$/;

/**
 * A variable the Makefile sets from a secret store (`$(shell aws secretsmanager … --secret-id x)`,
 * `$(shell op read …)`): the recipes' token is that secret, named by its id, as a script's
 * `TOKEN=$(aws secretsmanager …)` is (shell/secret-store-reads.ts).
 */
async function readFromSecretStores(facts: FileFacts, text: string): Promise<void> {
  if (!text.includes('$(shell')) return;
  const { secretStoreRead } = await import('../shell/secret-store-reads.js');
  const stored = new Map<string, RawCredential>();
  text.split('\n').forEach((l, i) => {
    const m = MAKE_SHELL_ASSIGNMENT.exec(l.replace(/\r$/, ''));
    const id = m ? secretStoreRead(m[2]!) : undefined;
    if (m && id) stored.set(m[1]!, { source: 'secret', name: id, span: { line: i + 1, column: l.indexOf('$(shell') + 1 } });
  });
  if (stored.size === 0) return;
  for (const c of facts.callSites) {
    const from = c.credential?.source === 'env' && c.credential.name !== undefined ? stored.get(c.credential.name) : undefined;
    if (from) c.credential = { ...from, span: { ...from.span! } };
  }
}
/** 1-based column of the first command character of a line (past a recipe's `@`, `-`, `+`). */
function commandColumn(text: string, line: number): number {
  let start = 0;
  for (let i = 1; i < line && start >= 0; i++) start = text.indexOf('\n', start) + 1;
  const lead = /^[ \t]*(?:[@+-][ \t]*)*/.exec(text.slice(start, start + 2000))![0].length;
  return lead + 1;
}

/**
 * A recipe's command continued over lines (`curl -X POST … \` then the URL): its site is where the
 * command starts, as a shell script's is, not the continuation line that names the URL.
 */
/** A Spring component (a bean the deployed Spring Boot app runs), by its stereotype annotation. */
const SPRING_COMPONENT =
  /^[ \t]*@(?:SpringBootApplication|RestController|Controller|Service|Component|Configuration|Repository|Scheduled|EnableScheduling|KafkaListener)\b/m;
const SPRING_IMPORT = /^[ \t]*import[ \t]+org\.springframework\./m;
/** Scheduled in-process: Spring's `@Scheduled`, Go's robfig/cron and gocron, Quartz. */
const IN_PROCESS_SCHEDULE =
  /^[ \t]*@Scheduled\b|\bcron\.New\([^)]*\)|\bgocron\.NewScheduler\(|\bStdSchedulerFactory\b|\bnewJob\([^)]*\)\.withIdentity\(/m;
/** A long-running server: Go's `http.ListenAndServe`, gin, echo, fiber; Ktor's `embeddedServer`; Javalin. */
const SERVES =
  /\bhttp\.ListenAndServe(?:TLS)?\(|\bgin\.(?:Default|New)\(\)|\becho\.New\(\)|\bfiber\.New\(|\bembeddedServer\(|\bJavalin\.create\(/;

/**
 * What a Java, Kotlin or Go file says about how it runs: a Spring component (of an app Spring
 * Boot deploys, whether or not its image is built here), a scheduler started in the process, or
 * a server. Production either way: `orchestrator` for a schedule, else `application`.
 */
function serviceRoleOf(path: string, text: string): 'orchestrator' | 'application' | undefined {
  if (!/\.(?:java|kt|go)$/i.test(path) || isTestPath(path)) return undefined;
  const spring = SPRING_IMPORT.test(text) && SPRING_COMPONENT.test(text);
  if (IN_PROCESS_SCHEDULE.test(text) && (spring || /\.go$/i.test(path) || /quartz/i.test(text))) return 'orchestrator';
  return spring || SERVES.test(text) ? 'application' : undefined;
}

/** A recipe line that prints text (a `help` target's `@echo '  curl … https://cloud.getdbt.com/…'`). */
const PRINTING_RECIPE_LINE = /^[ \t]+(?:[@-][ \t]*)*(?:echo|printf)\b/;

/**
 * A URL a recipe only prints: in a command that is an `echo` / `printf` whose text no pipe hands
 * to an HTTP client (`echo '{…}' | curl -d @- https://…` still calls).
 */
function printedByRecipe(site: RawCallSite, lines: readonly string[]): boolean {
  if (site.kind !== 'http') return false;
  let line = site.span.line;
  while (line > 1 && /\\\r?$/.test(lines[line - 2] ?? '')) line--;
  if (!PRINTING_RECIPE_LINE.test(lines[line - 1] ?? '')) return false;
  const command = lines.slice(line - 1, site.span.line).join(' ');
  const pipe = unquotedPipeAt(command);
  return pipe < 0 || !/\b(?:curl|wget|xh|https?)\b/.test(command.slice(pipe));
}

/** Where the first `|` outside quotes is in a shell line, or -1. */
function unquotedPipeAt(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"') i++;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '\\') i++;
    else if (ch === '|') return i;
  }
  return -1;
}

function atCommandStart(sites: RawCallSite[], text: string): void {
  if (sites.length === 0) return;
  const lines = text.split('\n');
  const continues = (line: number): boolean => /\\\r?$/.test(lines[line - 1] ?? '');
  for (const c of sites) {
    let line = c.span.line;
    for (let i = 0; i < 50 && line > 1 && continues(line - 1); i++) line--;
    if (line !== c.span.line) c.span = { line, column: (/\S/.exec(lines[line - 1] ?? '')?.index ?? 0) + 1 };
  }
}
