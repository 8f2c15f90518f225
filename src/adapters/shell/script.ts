import { isBudgetExceeded, isExpectedIoError, isParseError } from '../../errors.js';
import type { Node, Tree } from 'web-tree-sitter';
import { type Definition, emptyFacts, type FileFacts, type RawCallSite } from '../../model/raw-facts.js';
import { parseBash } from './bash-parser.js';
import { maskCiExpressions } from './ci-expressions.js';
import { dbtCliToolCallSite } from './dbt-cli-tools.js';
import { inlinePython, inlinePythonFacts, SHELL_VARIABLE, shellVariableOf } from './inline-python.js';
import { credentialOf } from './credentials.js';
import { DBT_CLI_TOOLS } from './dbt-cli-tool-names.js';
import { cloudCliConfigSite, WRITERS } from './cloud-cli-config.js';
import { CONFIG_COPIERS } from './cloud-cli-paths.js';
import { HTTP_CLIENTS, httpClientCallSites } from './http-clients.js';
import type { CommandContext } from './invocation.js';
import { ANY_PROGRAM, invocationOf } from './invocation.js';
import { lineScan, MAX_LINE } from './line-scan.js';
import { ScriptPositions } from './positions.js';
import { airflowConnectionFromEnv, connectionConfigSite } from '../shared/airflow-connection/airflow-connection.js';
import { airflowCliConnections } from './airflow-cli-connections.js';
import { kubectlCreatedSecrets } from '../shared/kubernetes-secrets.js';
import { TERRAFORM_TOOLS, terraformCallSites } from './terraform-runs.js';
import { CONTAINER_DEPLOYERS, containerEnvSites } from './container-env.js';
import { helmValueDefinitions } from './helm-install.js';
import { VariableScope } from './variables.js';
import type { Part, Word } from './words.js';
import { cutAtDollar, evaluateWord, evaluateWords, joinCut, variable } from './words.js';
import { runCommandOf, type RunCommand } from './run-commands.js';
import { caughtExpected, pastDeadline } from '../extraction-limits.js';
import type { EnvBinding } from '../shared/values/binding.js';

export { scriptPathsRun } from './scripts-run.js';
export type { RunCommand } from './run-commands.js';

/** Where an embedded script sits in its file, so facts get the file's own line and column numbers. */
export interface ScriptOrigin {
  /** 1-based line of the script's first line in the file. */
  line: number;
  /** 1-based column of the script's first character on its first line. */
  column: number;
  /**
   * For YAML block scalars: how many columns of indentation were removed from every line after
   * the first, so column n of script line k > 1 is column n + indent of file line `line + k - 1`.
   */
  indent?: number;
}

/** Scripts above this size are only line-scanned, not parsed. */
const MAX_SCRIPT = 2 * 1024 * 1024;

/** A script with none of these cannot hold a dbt Cloud call we recognize, so it is not parsed. */
const MAY_CALL =
  /curl|wget|https?\b|\bxhs?\b|dbt-cloud|dbtc|dbt-jobs-as-code|terraform|terragrunt|tofu|dbt_cloud\.ya?ml|\b(?:docker|podman|gcloud|az|kubectl|fly|flyctl|heroku|helm)\b/;
const HELM_COMMAND = /\bhelm\b[^\n]*\b(?:install|upgrade|template)\b/;
/** A script about Databricks: `DBT_TOKEN` there is dbt Core's warehouse token. */
const DATABRICKS = /databricks/i;

function hasLongLine(text: string): boolean {
  let start = 0;
  for (let i = text.indexOf('\n'); ; i = text.indexOf('\n', i + 1)) {
    const end = i < 0 ? text.length : i;
    if (end - start > MAX_LINE) return true;
    if (i < 0) return false;
    start = i + 1;
  }
}

/**
 * Same-length copy that bash parses like the runner would: CRLF line ends become ` \n` (and a
 * line continuation before them stays one), so offsets still match the original text.
 */
function normalizeLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\\\r(?=\n)|\r/g, (m) => (m.length === 2 ? ' \\' : ' ')) : text;
}

/** A stretch of the script the grammar read as part of the command before it (see `joinedLine`). */
interface Misread {
  from: number;
  to: number;
}

/**
 * Where a command swallowed the next line: tree-sitter's bash grammar reads a three-command
 * pipeline followed by a redirected command (`a | b | c` newline `curl … > out.json`) as one
 * pipeline whose last command takes the next line's words as arguments. Bash never continues a
 * command over an unescaped newline, so such a gap marks the misreading: the offset of the first
 * word after it, and the end of the statement it ended up in.
 */
function joinedLine(node: Node): Misread | undefined {
  if (node.startPosition.row === node.endPosition.row) return undefined;
  const text = node.text;
  let prev: Node | undefined;
  for (const child of node.children) {
    if (!child) continue;
    // A newline between two words of one command, not escaped by a line continuation.
    if (
      prev &&
      child.startPosition.row > prev.endPosition.row &&
      /(?:^|[^\\])\r?\n/.test(text.slice(prev.endIndex - node.startIndex, child.startIndex - node.startIndex))
    ) {
      let top: Node = node;
      while (top.parent && top.parent.type !== 'program') top = top.parent;
      return { from: child.startIndex, to: top.endIndex };
    }
    prev = child;
  }
  return undefined;
}

/** `NAME=value` into the scope, with what tree-sitter-bash cut off its value joined back (words.ts `evaluateWords`). */
function addAssignment(node: Node, scope: VariableScope): void {
  const name = node.childForFieldName('name');
  const value = node.childForFieldName('value');
  if (name?.type !== 'variable_name') return;
  if (value?.type === 'array') {
    const elements = evaluateWords(value.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment'));
    // `ARGS+=(-H "…")` appends to what the array held.
    const before = node.children.some((c) => c?.type === '+=') ? (scope.arrayAt(name.text, node.startIndex) ?? []) : [];
    scope.addArray(name.text, node.startIndex, [...before, ...elements]);
    return;
  }
  let v: Word = value ? evaluateWord(value) : [];
  let end: Node | null = value;
  for (let next = node.nextSibling; end && next && cutAtDollar(end, next); next = next.nextSibling) {
    const rest = next.type === 'command_name' && next.firstNamedChild ? next.firstNamedChild : next;
    v = joinCut(v, evaluateWord(rest), next.startIndex);
    end = next;
  }
  // `X+=more` appends: the old value of X, then the new text.
  const appends = node.children.some((c) => c?.type === '+=');
  v = withOptionNames(node, v);
  scope.add({ name: name.text, at: node.startIndex, value: appends ? [variable(name.text, node.startIndex), ...v] : v });
}

/**
 * `t) TOKEN="$OPTARG"` in a getopts loop, `--token) TOKEN="$2"` in a loop over the arguments:
 * the value of that option, named `argv.t` / `argv.token`, as a CI step running the script with
 * `-t "$X"` / `--token "$X"` hands it on (scripts-run.ts `commandLineValues`).
 */
function withOptionNames(assignment: Node, value: Word): Word {
  if (!value.some((p) => (p.kind === 'reference' && p.name === 'OPTARG') || (p.kind === 'unknown' && p.argument === 'argv.2')))
    return value;
  let item: Node | null = assignment.parent;
  for (let i = 0; item && item.type !== 'case_item' && i < 6; i++) item = item.parent;
  if (item?.type !== 'case_item') return value;
  const patterns = item.childrenForFieldName('value').map((n) => n?.text.replace(/^["']|["']$/g, '') ?? '');
  const letter = patterns.find((t) => /^[A-Za-z]$/.test(t));
  const long = patterns.map((t) => /^--([A-Za-z][\w-]*)$/.exec(t)?.[1]).find((t) => t !== undefined);
  const short = patterns.map((t) => /^-([A-Za-z])$/.exec(t)?.[1]).find((t) => t !== undefined);
  const option = long?.replace(/-/g, '_') ?? short;
  return value.map((p): Part => {
    if (p.kind === 'reference' && p.name === 'OPTARG' && letter) return { kind: 'unknown', at: p.at, argument: `argv.${letter}` };
    if (p.kind === 'unknown' && p.argument === 'argv.2' && option) return { ...p, argument: `argv.${option}` };
    return p;
  });
}

/**
 * `for account in 51798 61234; do`, or over an array the script assigns (`"${ACCOUNTS[@]}"`): the
 * loop variable's literal values inside the loop, when every value is a literal.
 */
function addLoop(node: Node, scope: VariableScope): void {
  const name = node.childForFieldName('variable');
  const body = node.childForFieldName('body');
  if (name?.type !== 'variable_name' || !body) return;
  const values: string[] = [];
  for (const v of node.childrenForFieldName('value')) {
    if (!v || values.length > 50) return;
    const array = /^"?\$\{([A-Za-z_]\w*)\[[@*]\]\}"?$/.exec(v.text)?.[1];
    const words = array ? scope.arrayAt(array, node.startIndex) : [evaluateWord(v)];
    for (const w of words ?? []) {
      const text = w.length === 1 && w[0]!.kind === 'literal' ? w[0]!.text : undefined;
      if (text === undefined || !/^[\w.-]{1,100}$/.test(text)) return;
      values.push(text);
    }
  }
  if (values.length > 0) scope.addLoop(name.text, body.startIndex, body.endIndex, values);
}

/**
 * `URL=https://h/accounts/$A/jobs/$B/run/` alone on its line, which tree-sitter-bash reads as the
 * assignment `URL=…/jobs/$` prefixed to a command named `B/run/`: the assignment it is.
 */
function cutAssignment(command: Node): Node | undefined {
  if (command.namedChildCount !== 2) return undefined;
  const [assignment, name] = [command.namedChild(0), command.namedChild(1)];
  const value = assignment?.type === 'variable_assignment' ? assignment.childForFieldName('value') : null;
  return value && name?.type === 'command_name' && cutAtDollar(value, name) ? assignment! : undefined;
}

/** Walks the whole tree once, iteratively: assignments into the scope, commands into a list. */
function collect(tree: Tree, scope: VariableScope, misread: Misread[] = []): Node[] {
  const commands: Node[] = [];
  const cursor = tree.walk();
  const parents: string[] = [];
  let visited = 0;
  try {
    for (;;) {
      // Past the file's time budget, the rest of the script is left unread.
      if ((++visited & 4095) === 0 && pastDeadline()) return commands;
      const type = cursor.nodeType;
      const parent = parents[parents.length - 1];
      if (type === 'command') {
        const node = cursor.currentNode;
        const cut = cutAssignment(node);
        if (cut) addAssignment(cut, scope);
        else {
          commands.push(node);
          const joined = misread.length < MAX_REREADS ? joinedLine(node) : undefined;
          if (joined) misread.push(joined);
        }
      } else if (type === 'variable_assignment' && parent !== 'command') {
        addAssignment(cursor.currentNode, scope);
      } else if (type === 'for_statement') {
        addLoop(cursor.currentNode, scope);
      }
      // Comments and heredoc bodies hold no commands; descend everywhere else.
      if (type !== 'comment' && type !== 'heredoc_body' && cursor.gotoFirstChild()) {
        parents.push(type);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return commands;
        parents.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Misread stretches read again per script, at most. */
const MAX_REREADS = 20;

/**
 * The commands of each misread stretch (`joinedLine`), parsed again on their own: the script with
 * everything before the stretch blanked (lines kept, so offsets and positions stay the script's),
 * keeping the commands that start inside it. The trees are added to `trees` for the caller to delete.
 */
async function rereadMisread(text: string, misread: readonly Misread[], scope: VariableScope, trees: Tree[]): Promise<Node[]> {
  const out: Node[] = [];
  for (const m of misread.slice(0, MAX_REREADS)) {
    const blanked = text.slice(0, m.from).replace(/[^\n]/g, ' ') + text.slice(m.from);
    const tree = await parseBash(blanked);
    if (!tree) continue;
    trees.push(tree);
    for (const c of collect(tree, scope)) if (c.startIndex >= m.from && c.startIndex < m.to) out.push(c);
  }
  return out;
}

/** Shells whose `-c` argument is a script: `sh -c '…'`, `bash -lc "…"`, `docker exec app sh -c '…'`. */
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash', 'ksh']);
/** A short-option cluster holding `-c`: `-c`, `-lc`, `-euxc`. */
const DASH_C = /^-[a-z]*c[a-z]*$/;
/** Shells within shells read, at most: `sh -c 'bash -c "…"'`. */
const MAX_NESTING = 3;

/** The script a command hands a shell with `-c`, as the region of the text it is written in. */
function nestedScript(command: Node): (Misread & { expanded: boolean }) | undefined {
  const words = [command.childForFieldName('name'), ...command.childrenForFieldName('argument')].filter((a): a is Node => a !== null);
  const shell = words.findIndex((w) => SHELLS.has(w.text.slice(w.text.lastIndexOf('/') + 1)));
  if (shell < 0) return undefined;
  for (let i = shell + 1; i < words.length - 1; i++) {
    const w = words[i]!.text;
    if (!w.startsWith('-')) return undefined;
    if (!DASH_C.test(w)) continue;
    const script = words[i + 1]!;
    // Single quotes hold the script as the inner shell reads it; double quotes only without escapes or substitutions.
    const plain = script.type === 'raw_string' || (script.type === 'string' && !/[\\`]|\$\(/.test(script.text));
    if (!plain || script.text.length <= 2 || !MAY_CALL.test(script.text)) return undefined;
    return { from: script.startIndex + 1, to: script.endIndex - 1, expanded: script.type === 'string' };
  }
  return undefined;
}

/**
 * The commands of the scripts that commands hand a shell (`sh -c '…'`), parsed in place: the text
 * outside the script blanked (lines kept), so offsets and positions stay the file's. The inner
 * shell reads what the outer one exports: the outer script's variables stand for it.
 */
async function rereadNestedScripts(text: string, commands: readonly Node[], scope: VariableScope, trees: Tree[]): Promise<Node[]> {
  const out: Node[] = [];
  let level = commands;
  for (let depth = 0; depth < MAX_NESTING && level.length > 0; depth++) {
    const next: Node[] = [];
    for (const command of level) {
      if (out.length + next.length >= MAX_REREADS * 10) break;
      const region = nestedScript(command);
      if (!region) continue;
      // In double quotes the outer shell expands `$X` first, also within the inner script's single
      // quotes: read as double quotes (same length), they say the same.
      const inner = text.slice(region.from, region.to);
      const blanked =
        text.slice(0, region.from).replace(/[^\n]/g, ' ') +
        (region.expanded ? inner.replace(/'/g, '"') : inner) +
        text.slice(region.to).replace(/[^\n]/g, ' ');
      const tree = await parseBash(blanked);
      if (!tree) continue;
      trees.push(tree);
      next.push(...collect(tree, scope));
    }
    out.push(...next);
    level = next;
  }
  return out;
}

/** Programs whose command lines can be dbt Cloud calls, or hand a token to a service that makes them. */
const PROGRAMS: ReadonlySet<string> = new Set([...HTTP_CLIENTS, ...DBT_CLI_TOOLS, ...TERRAFORM_TOOLS, ...CONTAINER_DEPLOYERS]);
const DEPLOYERS: ReadonlySet<string> = new Set(CONTAINER_DEPLOYERS);
/** With `echo`/`printf` and `cp`, read only in scripts that write or copy a dbt_cloud.yml: most scripts echo a lot. */
const PROGRAMS_AND_WRITERS: ReadonlySet<string> = new Set([...PROGRAMS, ...WRITERS, ...CONFIG_COPIERS]);
const WRITES_CLOUD_CLI_CONFIG = /dbt_cloud\.ya?ml/;
const TERRAFORM: ReadonlySet<string> = new Set(TERRAFORM_TOOLS);
const HTTP_CLIENT_NAMES: ReadonlySet<string> = new Set(HTTP_CLIENTS);

function callSitesOf(
  commands: Node[],
  ctx: CommandContext,
  programs: ReadonlySet<string>,
  databricks: boolean,
  text: string,
): RawCallSite[] {
  const out: RawCallSite[] = [];
  const terraformTokens = new Set<string>();
  const wrappers = requestWrappers(commands, text);
  /** Each wrapper request's sites as its calls make them, and as its own body reads it. */
  const atCalls = new Map<Node, RawCallSite[]>();
  const own = new Map<Node, RawCallSite[]>();
  const bodies = new Set([...wrappers.values()].flat());
  /** The call sites of one command that is not a wrapper's call. */
  const sitesOf = (node: Node): RawCallSite[] => {
    const inv = invocationOf(node, programs);
    if (!inv) return [];
    inv.args = withArrays(inv.args, ctx.scope, text);
    if (TERRAFORM.has(inv.name)) return terraformCallSites(inv, ctx, terraformTokens);
    if (DEPLOYERS.has(inv.name)) return containerEnvSites(inv, ctx, databricks);
    const config = cloudCliConfigSite(node, inv, ctx);
    if (config) return [config];
    const cli = dbtCliToolCallSite(inv, ctx);
    return [...httpClientCallSites(inv, ctx), ...(cli ? [cli] : [])];
  };
  for (const [i, node] of commands.entries()) {
    if ((i & 255) === 255 && pastDeadline()) break;
    const wrapped = wrappers.size > 0 ? wrappers.get(node.childForFieldName('name')?.text ?? '') : undefined;
    const sites = wrapped ? wrappedRequests(node, wrapped, ctx, text, atCalls) : sitesOf(node);
    if (bodies.has(node)) own.set(node, sites);
    out.push(...sites);
  }
  // A wrapper's own request, whose token is the caller's `$1`, sends what its calls give it.
  for (const [node, sites] of own) {
    const known = atCalls.get(node)?.find((c) => c.credential && c.credential.source !== 'unknown')?.credential;
    if (known) for (const c of sites) if (!c.credential || (c.credential.source === 'unknown' && !c.credential.name)) c.credential = known;
  }
  return out;
}

/** `"${AUTH[@]}"`, `"${ARGS[*]}"`: every element of an array, each a word of its own. */
const ARRAY_EXPANSION = /^\$\{([A-Za-z_]\w{0,200})\[[@*]\]\}/;

/** The command's words with each whole expansion of an array the script assigns replaced by its elements. */
function withArrays(args: Word[], scope: VariableScope, text: string): Word[] {
  if (!args.some((w) => w.length === 1 && w[0]!.kind === 'unknown' && text.startsWith('${', w[0]!.at))) return args;
  return args.flatMap((w) => {
    if (w.length !== 1 || w[0]!.kind !== 'unknown') return [w];
    const m = ARRAY_EXPANSION.exec(text.slice(w[0]!.at, w[0]!.at + 210));
    return (m && scope.arrayAt(m[1]!, w[0]!.at)) ?? [w];
  });
}

/** Where a word of a function's body, or a part of one, stands for the caller's arguments: `"$@"`, `$*`, `$1` … `$9`. */
const POSITIONAL = /^\$(?:[@*]|[1-9])|^\$\{(?:[@*]|[1-9])\}/;
const POSITIONAL_ANYWHERE = /\$(?:[@*1-9]|\{[@*1-9]\})/;

/**
 * Shell functions whose body sends an HTTP request with the caller's arguments in it
 * (`api() { curl -sf -H "Authorization: Token $DBT_CLOUD_SERVICE_TOKEN" "$@"; }`): by name, the
 * request commands of each. Such a helper is called with the URL, so each call is the request.
 */
function requestWrappers(commands: readonly Node[], text: string): Map<string, Node[]> {
  const out = new Map<string, Node[]>();
  if (!POSITIONAL_ANYWHERE.test(text)) return out;
  for (const node of commands) {
    if (!POSITIONAL_ANYWHERE.test(node.text)) continue;
    let fn: Node | null = node.parent;
    for (let i = 0; fn && fn.type !== 'function_definition' && i < 20; i++) fn = fn.parent;
    const name = fn?.type === 'function_definition' ? fn.childForFieldName('name')?.text : undefined;
    const inv = name ? invocationOf(node, HTTP_CLIENT_NAMES) : undefined;
    if (!name || !inv || !inv.args.some((w) => w.some((p) => positionalIn(p, text) !== undefined))) continue;
    const list = out.get(name) ?? [];
    list.push(node);
    out.set(name, list);
  }
  return out;
}

/** `@` for `"$@"`/`$*`, the index for `$1` … `$9`; undefined for any other word. */
function positionalOf(word: Word, text: string): '@' | number | undefined {
  return word.length === 1 ? positionalIn(word[0]!, text) : undefined;
}

/** The same for one part of a word (`$2` in `"https://…/accounts/42$2"`). */
function positionalIn(part: Word[number], text: string): '@' | number | undefined {
  if (part.kind !== 'unknown') return undefined;
  const m = POSITIONAL.exec(text.slice(part.at, part.at + 4));
  if (!m) return undefined;
  const c = m[0].replace(/[${}]/g, '');
  return c === '@' || c === '*' ? '@' : Number(c);
}

/** A word of a wrapper's body with the caller's arguments in place of `$1` … `$9` and `"$@"`. */
function withCallerArgs(word: Word, callerArgs: readonly Word[], text: string): Word[] {
  const whole = positionalOf(word, text);
  if (whole === '@') return [...callerArgs];
  if (whole !== undefined) return callerArgs[whole - 1] ? [callerArgs[whole - 1]!] : [];
  if (!word.some((p) => positionalIn(p, text) !== undefined)) return [word];
  const out: Word = [];
  for (const p of word) {
    const i = positionalIn(p, text);
    if (i === undefined) out.push(p);
    else if (i === '@') callerArgs.forEach((w, k) => out.push(...(k > 0 ? [{ kind: 'literal' as const, text: ' ', at: p.at }] : []), ...w));
    else out.push(...(callerArgs[i - 1] ?? []));
  }
  return [out];
}

/** A call of a request wrapper: each request of its body with the caller's arguments in place, reported at the call. */
function wrappedRequests(
  call: Node,
  body: readonly Node[],
  ctx: CommandContext,
  text: string,
  atCalls: Map<Node, RawCallSite[]>,
): RawCallSite[] {
  const caller = invocationOf(call, ANY_PROGRAM);
  if (!caller) return [];
  const out: RawCallSite[] = [];
  for (const request of body) {
    const inv = invocationOf(request, HTTP_CLIENT_NAMES);
    if (!inv) continue;
    const args = inv.args.flatMap((w) => withCallerArgs(w, caller.args, text));
    const sites = httpClientCallSites({ ...inv, args, at: caller.at, local: new Map([...inv.local, ...caller.local]) }, ctx);
    atCalls.set(request, [...(atCalls.get(request) ?? []), ...sites]);
    out.push(...sites);
  }
  return out;
}

/** `export AIRFLOW_CONN_X='dbt-cloud://:<token>@'`, one per line, as an Airflow host's set-up script writes it. */
const AIRFLOW_CONN_ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?(AIRFLOW_CONN_[A-Za-z0-9_]+)=(\S+)[ \t]*$/gm;

/**
 * The dbt Cloud connections a script sets for Airflow: Definitions the DAGs' `dbt_cloud_conn_id`
 * links to, and config sites where the token enters the Airflow deployment (its scheduler's, so
 * the `orchestrator` workflow, whatever the script that sets it up is called).
 */
function airflowConnections(script: string, pos: ScriptPositions): Definition[] {
  if (!script.includes('airflow') && !script.includes('AIRFLOW_CONN_')) return [];
  const defs: Definition[] = [];
  for (const m of script.matchAll(AIRFLOW_CONN_ASSIGNMENT)) {
    const def = airflowConnectionFromEnv(m[1]!, m[2]!, pos.span(m.index + m[0].indexOf('=') + 1));
    if (def) defs.push(def);
  }
  defs.push(...airflowCliConnections(script, (at) => pos.span(at)));
  return defs;
}

function addConnections(defs: readonly Definition[], facts: FileFacts): void {
  for (const def of defs) {
    facts.definitions.push(def);
    facts.callSites.push({ ...connectionConfigSite(def, def.span), workflow: 'orchestrator' });
  }
}

/**
 * A connection's password that is a variable the script sets itself (`DBT_TOKEN=$(aws
 * secretsmanager get-secret-value --secret-id analytics/dbt-cloud-service-token …)` then
 * `export AIRFLOW_CONN_DBT_CLOUD_DEFAULT="dbt-cloud://66310:${DBT_TOKEN}@…"`): what it holds.
 */
function withScriptValues(
  defs: readonly Definition[],
  scope: VariableScope,
  end: number,
  pos: ScriptPositions,
  outer?: ReadonlyMap<string, EnvBinding>,
): void {
  for (const def of defs) {
    const name = def.credential.source === 'env' ? def.credential.name : undefined;
    if (!name || !(scope.assigns(name) || outer?.has(name))) continue;
    const resolved = credentialOf(scope.resolve([variable(name, end)], end), pos);
    if (resolved && resolved.source !== 'unknown' && !(resolved.source === 'env' && resolved.name === name))
      def.credential = { ...resolved, span: def.credential.span ?? resolved.span };
  }
}

/**
 * Facts of a shell script: a `.sh` file, or one embedded in another file (a CI `run:` body, a
 * Jenkins `sh` step, a Dockerfile `RUN`). `env` holds what the surrounding file binds (a job's
 * `env:`), used for variables the script does not set itself. Spans are in the file's own lines
 * and columns (see `ScriptOrigin`). `runsScripts` is left empty: see `scriptPathsRun`.
 */
export async function extractShellScript(script: string, origin: ScriptOrigin, env: ReadonlyMap<string, EnvBinding>): Promise<FileFacts> {
  const facts = emptyFacts();
  // Past the file's time budget (a CI file of thousands of steps), later scripts are not read.
  if (pastDeadline()) return facts;
  const pos = new ScriptPositions(script, origin);
  const connections = airflowConnections(script, pos);
  // `kubectl create secret generic dbt-cloud --from-literal=token=…`: what the Secret's key holds, for the manifests reading it.
  const secrets = kubectlCreatedSecrets(script, (at) => pos.span(at));
  facts.definitions.push(...secrets);
  if (script.length > MAX_SCRIPT || hasLongLine(script)) {
    addConnections(connections, facts);
    facts.problems.push(
      script.length > MAX_SCRIPT
        ? 'shell script larger than 2 MB: scanned line by line'
        : 'shell script with a very long line: scanned line by line',
    );
    lineScan(script, pos, facts);
    return facts;
  }
  if (!MAY_CALL.test(script)) {
    addConnections(connections, facts);
    return facts;
  }
  const masked = maskCiExpressions(normalizeLineEnds(script));
  let tree: Tree | undefined;
  try {
    tree = await parseBash(masked.text);
  } catch (e) {
    if (caughtExpected(e, isExpectedIoError, isParseError, isBudgetExceeded))
      facts.problems.push('bash grammar could not be loaded: scanned line by line');
    addConnections(connections, facts);
    lineScan(script, pos, facts);
    return facts;
  }
  if (!tree) {
    facts.problems.push('shell parse took too long: scanned line by line');
    addConnections(connections, facts);
    lineScan(script, pos, facts);
    return facts;
  }
  // Syntax errors are not reported: tree-sitter recovers locally, and its bash grammar also
  // flags some valid scripts, so a message would mostly be noise.
  const trees = [tree];
  try {
    const scope = new VariableScope(env, masked.expressions);
    const misread: Misread[] = [];
    const commands = collect(tree, scope, misread);
    withScriptValues(connections, scope, masked.text.length, pos);
    withScriptValues(secrets, scope, masked.text.length, pos, env);
    addConnections(connections, facts);
    connections.length = 0;
    if (misread.length) commands.push(...(await rereadMisread(masked.text, misread, scope, trees)));
    commands.push(...(await rereadNestedScripts(masked.text, commands, scope, trees)));
    // `helm upgrade … ./charts/x --set dbtCloud.token=…`: the chart's value, for its templates.
    if (HELM_COMMAND.test(script)) facts.definitions.push(...helmValueDefinitions(commands, { scope, pos }));
    facts.callSites.push(
      ...callSitesOf(
        commands,
        { scope, pos },
        WRITES_CLOUD_CLI_CONFIG.test(script) ? PROGRAMS_AND_WRITERS : PROGRAMS,
        DATABRICKS.test(script),
        masked.text,
      ),
    );
    const inline = inlinePython(commands);
    if (inline.length > 0) {
      for (const { facts: f, fragment } of await inlinePythonFacts(inline, pos)) {
        for (const c of f.callSites) {
          const name = shellVariableOf(c.credential, fragment.expands);
          const resolved =
            name === undefined ? undefined : credentialOf(scope.resolve([variable(name, fragment.offset)], fragment.offset), pos);
          if (resolved) c.credential = resolved;
          // `…/accounts/$DBT_ACCOUNT_ID/runs/` as the shell's own requests show a variable: `{DBT_ACCOUNT_ID}`.
          if (fragment.expands && c.endpoint) {
            if (c.endpoint.url) c.endpoint.url = c.endpoint.url.replace(SHELL_VARIABLE, '{$1}');
            if (c.endpoint.path) c.endpoint.path = c.endpoint.path.replace(SHELL_VARIABLE, '{$1}');
          }
        }
        facts.callSites.push(...f.callSites);
        facts.credentialSites.push(...f.credentialSites);
      }
    }
  } catch (e) {
    if (caughtExpected(e, isBudgetExceeded, isParseError)) facts.problems.push('shell script could not be fully analysed');
  } finally {
    for (const t of trees) t.delete();
  }
  addConnections(connections, facts);
  return facts;
}

/**
 * Every simple command of a script with the credentials it is given (see run-commands.ts), for
 * CI adapters. Unlike `extractShellScript` it parses whatever the script runs; a script too big
 * or too broken to parse gives an empty list.
 */
export async function commandsOfScript(script: string, origin: ScriptOrigin, env: ReadonlyMap<string, EnvBinding>): Promise<RunCommand[]> {
  if (script.length > MAX_SCRIPT || hasLongLine(script) || script.trim() === '' || pastDeadline()) return [];
  const masked = maskCiExpressions(normalizeLineEnds(script));
  let tree: Tree | undefined;
  try {
    tree = await parseBash(masked.text);
  } catch (e) {
    caughtExpected(e, isExpectedIoError, isParseError, isBudgetExceeded);
    return [];
  }
  if (!tree) return [];
  const trees = [tree];
  try {
    const scope = new VariableScope(env, masked.expressions);
    const ctx: CommandContext = { scope, pos: new ScriptPositions(script, origin) };
    const misread: Misread[] = [];
    const commands = collect(tree, scope, misread);
    if (misread.length) commands.push(...(await rereadMisread(masked.text, misread, scope, trees)));
    commands.push(...(await rereadNestedScripts(masked.text, commands, scope, trees)));
    const out: RunCommand[] = [];
    for (const node of commands) {
      const c = runCommandOf(node, ctx);
      if (c) out.push(c);
    }
    return out;
  } catch (e) {
    caughtExpected(e, isBudgetExceeded, isParseError);
    return [];
  } finally {
    for (const t of trees) t.delete();
  }
}
