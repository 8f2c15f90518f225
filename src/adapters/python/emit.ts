import { isBudgetExceeded } from '../../errors.js';
import { caughtExpected } from '../extraction-limits.js';
import type { Definition, Description, FileFacts, RawCallSite, RawCredential, RawEndpoint } from '../../model/raw-facts.js';
import type { Workflow } from '../../model/vocabulary.js';
import {
  accountIdsInPath,
  hostOfSetting,
  isDbtCloudId,
  isDbtCloudHost,
  recognizeDbtCloudUrl,
  sanitizeUrl,
  namesOtherService,
  splitUrl,
} from '../../classify/endpoint.js';
import { toEndpoint } from '../shared/values/endpoint.js';
import { isSemanticLayerJdbcHost, writesSemanticLayerQuery } from '../shared/values/jdbc-url.js';
import {
  airflowConnectionFromEnv,
  airflowConnectionRef,
  connectionAccountIds,
  connectionPasswordCredential,
  isDbtCloudConnection,
  parseConnectionValue,
} from '../shared/airflow-connection/airflow-connection.js';
import type { MapPos } from './credentials.js';
import { isAmbiguousDbtTokenName, isDbtSpecificName, isDbtTokenName, isSentDbtTokenName, typeFromName } from '../../credentials/names.js';
import { namesDbtMcp } from '../shared/env-entries/dbt-host-entries.js';
import { leadingAuthScheme } from '../../credentials/auth-schemes.js';
import { everyUseBuildsSavedJob, everyUseIsSave, everyUseStoresBlock } from '../shared/saved-blocks.js';
import { httpMockNames, isPythonHttpMockModule, PYTHON_MOCK_CONTEXT, PYTHON_MOCK_DECORATOR } from '../shared/http-mocks.js';
import { isPlaceholderValue } from '../../credentials/placeholders.js';
import { isAnyTokenShaped, isDbtTokenShaped } from '../../credentials/token-shapes.js';
import { credentialFromValue, litSpan } from './credentials.js';
import {
  airflowDbtPath,
  airflowHookMethod,
  classifyCallee,
  genericRequestMethod,
  objectRequestMethod,
  type ContainerArgs,
} from './library-calls.js';
import { identifierDescription, typeFromDescription } from '../../credentials/descriptions.js';
import { fileSpan } from '../shared/embedded-shell/file-span.js';
import type { PyModule } from './module.js';
import { ORCHESTRATOR_ROOT } from './line-scan.js';
import type { CallRecord, Scope } from './scopes.js';
import { functionScopeOf, methodClassScope } from './scopes.js';
import type { PyNode } from './syntax-tree.js';
import { childByField, isBareStringStatement, namedChildren } from './syntax-tree.js';
import {
  GRAPHQL_PATH,
  graphqlApiOf,
  isDbtMcpHeader,
  isDbtMcpUserHeader,
  isDbtMcpUserSetting,
  isDbtPartnerHeader,
} from '../../classify/request-evidence.js';
import { isTestPath } from '../../classify/workflow.js';
import { shellCommandOf, type CommandReading, type EmbeddedShellCommand, type WrittenString } from './shell-commands.js';
import type { HolePart, ObjectVal, ParamRef, Val } from './values.js';
import {
  joinUrl,
  literalDigits,
  literalText,
  newId,
  normalizeParts,
  paramsIn,
  render,
  sliceLit,
  substituteParams,
  unknown,
  writtenDefaultOf,
} from './values.js';
import { DEFAULT_API_HOST } from '../../classify/access-hosts.js';
import { dbtCloudCliCommand, dbtCloudCliCommandOfClass } from '../shared/dbt-cloud-cli-commands.js';

// Turns an evaluated module into facts: HTTP calls to dbt Cloud URLs, dbt Cloud clients and
// orchestrator operators, Airflow connection definitions, token-bearing assignments.

type Facts = Pick<FileFacts, 'callSites' | 'credentialSites' | 'definitions'> & {
  /** Shell commands the file runs, read by the shell extractor afterwards (it parses asynchronously). */
  shellCommands: EmbeddedShellCommand[];
};

/** The context a task runner hands its tasks, running a command: `c.run(…)`, `ctx.sudo(…)`. */
const TASK_RUNNER_CALL = /^(?:c|ctx|context|conn|connection)\.(?:run|sudo|local)$/;
/** The REST stream classes of the Singer SDK and the Airbyte CDK, whose requests the framework makes. */
const REST_STREAM = /^(?:singer_sdk|airbyte_cdk)(?:\.[\w.]+)?\.(?:RESTStream|HttpStream|HttpSubStream)$/;
/** How many helper levels a request is followed up through, and how many callers each. */
/** A test that replaces what it exercises: unittest.mock, the mock package, pytest-mock. */
const MOCKING = /\b(?:MagicMock|AsyncMock|Mock\s*\(|patch(?:\.object)?\s*\(|unittest\.mock|from\s+mock\s+import|mocker\.)/;

/** Methods of an imported class looked at for the requests a construction fills in. */
const MAX_CLASS_METHODS = 60;
const MAX_HELPER_DEPTH = 3;
const MAX_CALLERS = 20;
/** Requests gathered from one imported module. */
const MAX_MODULE_REQUESTS = 500;
/**
 * A mock's check of the calls it recorded, in a test (`mock_requests.get.assert_called_once_with(URL,
 * headers=...)`): what a request was expected to be, not one.
 */
const MOCK_ASSERTION = /(?:^|\.)assert_\w+$/;
/** Names of functions that send what they are given: `execute_request`, `send`, `call_api`, `fetch_json`, `download_file`. */
const REQUEST_WRAPPER_NAME = /request|send|call|fetch|http|api|invoke|execute|post|get|put|patch|delete|client|download|upload/i;
/** Calls that only print or log their arguments. */
const LOGGING_CALL = /(^|\.)(print|pprint|log|logger|logging|debug|info|warning|warn|error|exception|critical|echo|secho|dumps?)(\.|$)/i;
/** A path-only account jobs or runs path, as written relative to a client's base. */
/**
 * An account's API path after a base the module's own setting holds: `/accounts/1/jobs/` (the base
 * ends in `/api/v2`) or `{host_url}/v3/accounts/1/projects` (the base ends in `/api`, as the
 * Terraform provider's `host_url` does).
 */
/** Web frameworks' test clients, by the name they are made with. */
const TEST_CLIENT = /(?:^|[.(])(?:TestClient|test_client|APIClient)\b/;
const ACCOUNT_JOBS_PATH = /^(?:\/accounts\/[^/]+\/(?:jobs|runs)|(?:\{[^{}/]{1,100}\})?\/v[234]\/accounts)(?:\/|$)/;
const DBT_CLOUD_WORDS = /dbt[\s_-]?cloud/i;

/** What starts an MCP server over stdio: the MCP SDK's parameters, pydantic-ai's server. */
const STDIO_MCP_LAUNCHERS = new Set(['StdioServerParameters', 'MCPServerStdio']);
/** MCP clients given a map of servers by name, each a URL or a command to start. */
const MCP_SERVER_MAP_CLIENTS: ReadonlySet<string> = new Set(['MultiServerMCPClient', 'MCPClient', 'Client']);

/** `@task.bash`, `@task.bash(env={...})`: the decorated function returns the command to run. */
const BASH_TASK = /^@\s*(?:\w+\.)*task\.bash\b/;

export function isOrchestratorModule(m: PyModule): boolean {
  for (const root of m.collected.importedRoots) if (ORCHESTRATOR_ROOT.test(root)) return true;
  return DBT_PYTHON_MODEL.test(m.text);
}

/**
 * A dbt Python model (`def model(dbt, session):`): dbt runs it in the warehouse with every job
 * run that builds it, as a scheduler runs a task, and no one runs it by hand.
 */
const DBT_PYTHON_MODEL = /^def[ \t]+model[ \t]*\([ \t]*dbt\b[^,)]*,[ \t]*session\b/m;

/** Methods of a prefect-dbt job block and of a credentials block that call dbt Cloud. */
const PREFECT_JOB_METHODS = new Set(['trigger', 'get_job', 'retry_run', 'run', 'trigger_run']);
const PREFECT_CLIENT_METHODS = new Set(['get_administrative_client', 'get_metadata_client', 'get_client']);

function isPrefectCredentials(v: ObjectVal): boolean {
  return (
    v.cls === 'prefect.DbtCloudCredentials.load' ||
    v.cls === 'prefect.DbtCloudCredentials' ||
    (v.cls === 'DbtCloudCredentials' && (v.keywords.has('api_key') || v.keywords.has('domain')))
  );
}

export function emitFacts(top: PyModule, mapPos: MapPos): Facts {
  return new Emitter(top, mapPos).run();
}

interface HttpRequest {
  /** The call that makes the request: the request itself, or the call of the helper that makes it. */
  node: PyNode;
  /** The request as written, when `node` is a call of the helper that makes it (where the module reports it). */
  madeAt?: PyNode;
  client?: string;
  url: Val | undefined;
  base?: Val;
  method?: string;
  /** The method when it is not a literal (a helper's parameter, filled in at its callers). */
  methodVal?: Val;
  headers: Map<string, Val>[];
  /** The `headers=` argument as written, when it is a helper's parameter its callers fill. */
  rawHeaders?: Val;
  auth: (Val | undefined)[];
  jinja?: boolean;
  /** The `json=` body: a GraphQL document there says which API a request to an unknown URL calls. */
  body?: Val;
  /** The `data=` body. */
  form?: Val;
  /** At a caller of a helper of another module: the call gives the request its token only, not where it goes. */
  tokenOnly?: boolean;
  /** At a caller of a helper: what the helper's docstring says of the token parameter the caller fills (`token: dbt Cloud service token.`). */
  tokenDescription?: Description;
}

/**
 * A Semantic Layer client made inside a helper function, with its token and host as written
 * there (often the helper's parameters): what a module importing the helper fills in.
 */
interface SdkMade {
  node: PyNode;
  client: string;
  token: Val | undefined;
  host: Val | undefined;
  /** The function whose parameters `token` and `host` may name. */
  fnScope: Scope | undefined;
  /** When made by a helper the function calls (`_fetch(token)`), that call: where the function makes it. */
  via?: PyNode;
}

class Emitter {
  private readonly facts: Facts = { callSites: [], credentialSites: [], definitions: [], shellCommands: [] };
  /** Calls already reported, which other readings of the same call skip. */
  private readonly seen = new Set<PyNode>();
  private readonly seenSites = new Set<string>();
  private defaultArgsCache: Map<string, Val> | undefined;
  /** Names the module binds to HTTP mocks (src/adapters/shared/http-mocks.ts), read on first need. */
  private mockNames: Set<string> | undefined;
  private inTestFile: boolean | undefined;
  /** A base class's method's requests as each subclass of this module reads them (inheritedHelper). */
  private readonly inheritedRequests = new Map<Scope, Map<PyNode, HttpRequest[]>>();
  /** Set while this module's requests are gathered for a module that imports it. */
  private collecting: HttpRequest[] | undefined;
  /** The site of each `DbtCloudHook(...)` made here, by object, and the hooks whose methods are called. */
  private readonly hookSites = new Map<number, RawCallSite>();
  private readonly hooksCalled = new Set<number>();
  /** Sites of `GraphqlClient(endpoint)` made here, and the endpoints an `execute` here sends to. */
  private readonly graphqlClientSites = new Set<RawCallSite>();
  private readonly graphqlExecuted = new Set<string>();
  /** The site of each Prefect credentials block made or loaded here, by object, and the blocks a prefect-dbt call uses. */
  private readonly prefectBlockSites = new Map<number, RawCallSite>();
  private readonly prefectBlocksUsed = new Set<number>();
  /** The hook each subclass of a provider operator inherits (`self.hook`), by class; null: none. */
  private readonly inheritedHooks = new Map<PyNode, ObjectVal | null>();
  /** Emitters of imported modules, for requests made inside their functions. */
  private readonly others = new Map<PyModule, Emitter>();
  /** Requests of this module's functions, gathered for importers. */
  private readonly requestCache = new Map<Scope, HttpRequest[]>();
  /** The SDK clients each function of this module makes, gathered with its requests (requestsOf). */
  private readonly sdkCache = new Map<Scope, SdkMade[]>();
  /** Set while this module's requests are gathered: the SDK clients made meanwhile. */
  private collectingSdk: SdkMade[] | undefined;
  private namesDbtCloud: boolean | undefined;

  constructor(
    private readonly m: PyModule,
    private readonly mapPos: MapPos,
  ) {}

  run(): Facts {
    for (const rec of this.m.collected.calls) {
      try {
        this.call(rec.node, rec.scope);
      } catch (e) {
        // One call nested too deeply must not lose the rest of the file.
        caughtExpected(e, isBudgetExceeded);
      }
    }
    // A hook whose methods are called here is reported at those calls, not where it is made.
    const called = new Set([...this.hookSites].filter(([id]) => this.hooksCalled.has(id)).map(([, site]) => site));
    // So is a Prefect credentials block that a prefect-dbt task or flow here is given.
    for (const [id, site] of this.prefectBlockSites) if (this.prefectBlocksUsed.has(id)) called.add(site);
    // And a GraphQL client whose queries are sent here: each `execute` is the call.
    for (const site of this.graphqlClientSites)
      if (site.endpoint?.url !== undefined && this.graphqlExecuted.has(site.endpoint.url)) called.add(site);
    if (called.size > 0) this.facts.callSites = this.facts.callSites.filter((c) => !called.has(c));
    this.restStreams();
    this.bashTasks();
    this.jdbcUrls();
    this.cliConfigs();
    this.assignments();
    this.environAssignments();
    this.facts.callSites.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
    return this.facts;
  }

  /**
   * invoke's and Fabric's `c.run("curl …")` in a task module: the context object a `@task` is given
   * runs the string as shell.
   */
  private taskRunnerCommand(path: string): ReturnType<typeof classifyCallee> {
    if (!TASK_RUNNER_CALL.test(path)) return undefined;
    for (const root of this.m.collected.importedRoots)
      if (root === 'invoke' || root === 'fabric') return { kind: 'shell-command', keyword: 'command', arg: 0 };
    return undefined;
  }

  /**
   * A connector framework's REST stream (the Singer SDK's `RESTStream`, Airbyte's `HttpStream`):
   * the framework makes the requests that a stream class configures with its `url_base` (and
   * `path`), `http_headers` and `authenticator`. Reported at the class extending the framework's,
   * once for the streams deriving from it, when its base URL is dbt Cloud's.
   */
  private restStreams(): void {
    for (const [clsNode, scope] of this.m.collected.classScopes) {
      if (!this.extendsRestStream(clsNode, scope)) continue;
      const instance = { module: this.m, node: clsNode };
      const base = this.m.classAttribute(clsNode, 'url_base', 0, instance);
      const path = this.m.classAttribute(clsNode, 'path', 0, instance);
      const headers = this.m.classAttribute(clsNode, 'http_headers', 0, instance);
      const maps = [headers?.t === 'dict' ? this.m.dictEntries(headers) : new Map<string, Val>()];
      const auth = this.streamAuthenticator(scope, instance);
      if (auth.headers) maps.push(auth.headers);
      const node = childByField(clsNode, 'name') ?? clsNode;
      if (base?.t === 'str' && recognizeDbtCloudUrl(render(base))) {
        const url = path?.t === 'str' ? joinUrl(base, path) : base;
        this.http({ node, client: 'rest-stream', url, headers: maps, auth: auth.token ? [auth.token] : [] });
        continue;
      }
      // A base URL from the tap's settings (`self.config["base_url"]`, its default in the tap's
      // schema): a stream of a module that says it reads dbt Cloud, sending dbt's `Token` scheme.
      const credential = this.headerCredential(maps);
      const header = maps.flatMap((m) => [...m]).find(([k]) => k.trim().toLowerCase() === 'authorization')?.[1];
      const first = header?.t === 'str' ? normalizeParts(header.parts)[0] : undefined;
      this.namesDbtCloud ??= DBT_CLOUD_WORDS.test(this.m.text);
      if (credential && first?.kind === 'literal' && /^\s*Token\s/.test(first.text) && this.namesDbtCloud)
        this.push({ kind: 'http', span: this.span(node), credential, client: 'rest-stream' }, node);
    }
  }

  /** Whether the class's own bases name a REST stream class of the Singer SDK or the Airbyte CDK. */
  private extendsRestStream(clsNode: PyNode, scope: Scope): boolean {
    const bases = childByField(clsNode, 'superclasses');
    for (const arg of bases ? namedChildren(bases).slice(0, 8) : []) {
      if (arg.type !== 'identifier' && arg.type !== 'attribute') continue;
      const v = this.m.eval(arg, scope.parent ?? this.m.collected.module);
      if (v.t === 'mod' && REST_STREAM.test(v.path)) return true;
    }
    return false;
  }

  /**
   * What the stream's `authenticator` property builds: `SimpleAuthenticator(auth_headers={…})`,
   * `APIKeyAuthenticator(key="Authorization", value=…)` or a `BearerTokenAuthenticator`'s `token=`
   * (also through `create_for_stream(self, …)`).
   */
  private streamAuthenticator(scope: Scope, instance: { module: PyModule; node: PyNode }): { headers?: Map<string, Val>; token?: Val } {
    const def = scope.bindings.get('authenticator')?.at(-1);
    const fnScope = def?.kind === 'def' && def.node ? this.m.collected.functionScopes.get(def.node) : undefined;
    const made = fnScope?.returns.map((r) => namedChildren(r)[0]).find((e) => e?.type === 'call');
    if (!fnScope || !made) return {};
    this.m.loader.instances.push(instance);
    try {
      const kw = this.m.callArgs(made).keywords;
      const value = (name: string): Val | undefined => {
        const n = kw.get(name);
        return n ? this.m.eval(n, fnScope) : undefined;
      };
      const headers = value('auth_headers');
      if (headers?.t === 'dict') return { headers: this.m.dictEntries(headers) };
      const key = value('key');
      if (key && literalText(key)?.toLowerCase() === 'authorization') {
        const v = value('value');
        return v ? { headers: new Map([['Authorization', v]]) } : {};
      }
      const token = value('token');
      return token ? { token } : {};
    } finally {
      this.m.loader.instances.pop();
    }
  }

  /**
   * Airflow's `@task.bash`: the string the function returns is the command the task runs,
   * reported at the decorator.
   */
  private bashTasks(): void {
    for (const [fn, fnScope] of this.m.collected.functionScopes) {
      const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
      const decorator = decorated?.children.find((d) => d.type === 'decorator' && BASH_TASK.test(this.m.textOf(d)));
      if (!decorator) continue;
      const returned = fnScope.returns.length === 1 ? namedChildren(fnScope.returns[0]!)[0] : undefined;
      try {
        // `@task.bash(env={"DBT_CLOUD_TOKEN": "{{ var.value.dbt_cloud_token }}"})`: the command's environment.
        const call = namedChildren(decorator)[0];
        const env = call?.type === 'call' && fnScope.parent ? this.m.argValue(call, fnScope.parent, 'env', undefined) : undefined;
        // The task is the decorated function, down to the command it returns.
        const at = this.span(decorated!);
        const last = fnScope.returns.at(-1);
        const end = last && this.mapPos(...this.m.positionAt(last.end));
        if (end && end.line > at.line) at.endLine = end.line;
        const command = shellCommandOf(
          this.m.returnValue(fnScope),
          at,
          this.commandReading(fn),
          this.writtenString(returned),
          env ? this.dictOf(env) : undefined,
        );
        if (command) this.facts.shellCommands.push(command);
      } catch (e) {
        caughtExpected(e, isBudgetExceeded);
      }
    }
  }

  /**
   * An operator that runs a container (KubernetesPodOperator, DockerOperator): its command, the
   * pod's `cmds` then `arguments`, run with the environment it is given, a Kubernetes Secret's
   * key as the secret it is (what its names say types it, as a manifest's `secretKeyRef` does).
   */
  private containerCommand(node: PyNode, scope: Scope, keyword: string, envKeyword: string | undefined, container: ContainerArgs): void {
    const arg = (kw: string | undefined): Val | undefined => (kw ? this.m.argValue(node, scope, kw, undefined) : undefined);
    const head = arg(keyword);
    const tail = arg(container.argvTail);
    const value: Val | undefined =
      head?.t === 'seq' || tail?.t === 'seq'
        ? { t: 'seq', items: [...(head?.t === 'seq' ? head.items : []), ...(tail?.t === 'seq' ? tail.items : [])] }
        : head;
    const given = new Map<string, Val>();
    for (const kw of [envKeyword, container.moreEnv]) for (const [k, v] of this.containerEnv(arg(kw))) given.set(k, v);
    const envNode = envKeyword ? this.m.argNode(node, envKeyword, undefined) : undefined;
    const envVars = envNode ? this.envVarList(envNode, scope) : [];
    for (const e of envVars) if (e.value && !given.has(e.name)) given.set(e.name, e.value);
    const command = shellCommandOf(value, this.span(node), this.commandReading(node), undefined, given);
    if (!command) return;
    const secrets = container.podSecrets ? this.m.argNode(node, container.podSecrets, undefined) : undefined;
    for (const item of secrets?.type === 'list' ? namedChildren(secrets).slice(0, 50) : []) {
      const made = this.m.constructionOf(item, scope);
      const bound = made && this.podSecret(made.call, made.scope);
      if (bound) command.env.set(bound.name, { credential: bound.credential });
    }
    for (const e of envVars) if (e.credential) command.env.set(e.name, { credential: e.credential });
    this.facts.shellCommands.push(command);
  }

  /**
   * `env_vars=[k8s.V1EnvVar(name="DBT_CLOUD_ACCOUNT_ID", value="45002"), k8s.V1EnvVar(name="DBT_CLOUD_TOKEN",
   * value_from=k8s.V1EnvVarSource(secret_key_ref=k8s.V1SecretKeySelector(name="dbt-cloud", key="personal-access-token")))]`
   * (the list written there or kept in a name): each variable's value, or the Kubernetes Secret's key
   * it takes, as `Secret(…)` gives one.
   */
  private envVarList(list: PyNode, scope: Scope): { name: string; value?: Val; credential?: RawCredential }[] {
    const listNode = list.type === 'identifier' ? this.m.lookup(this.m.textOf(list), scope, list.start) : undefined;
    const items = list.type === 'list' ? list : listNode?.kind === 'expr' && listNode.node?.type === 'list' ? listNode.node : undefined;
    const itemScope = list.type === 'list' ? scope : (listNode?.scope ?? scope);
    const out: { name: string; value?: Val; credential?: RawCredential }[] = [];
    const callIn = (n: PyNode | undefined, name: RegExp): PyNode | undefined => {
      const made = n && this.m.constructionOf(n, itemScope);
      const fn = made && childByField(made.call, 'function');
      return fn && name.test(this.m.textOf(fn)) ? made.call : undefined;
    };
    for (const item of items ? namedChildren(items).slice(0, 100) : []) {
      const envVar = callIn(item, /(^|\.)V1EnvVar$/);
      if (!envVar) continue;
      const text = (call: PyNode, kw: string, i: number): string | undefined => {
        const v = this.m.argValue(call, itemScope, kw, i);
        return v && literalText(v);
      };
      const name = text(envVar, 'name', 0);
      if (!name || !/^[A-Za-z_]\w{0,100}$/.test(name)) continue;
      const value = this.m.argValue(envVar, itemScope, 'value', 1);
      if (value && value.t !== 'unknown') {
        out.push({ name, value });
        continue;
      }
      const source = callIn(this.m.argNode(envVar, 'value_from', 2), /(^|\.)V1EnvVarSource$/);
      const selector = source && callIn(this.m.argNode(source, 'secret_key_ref', undefined), /(^|\.)V1SecretKeySelector$/);
      if (!selector) continue;
      const span = this.span(envVar);
      const credential: RawCredential = { source: 'secret', name, span: fileSpan(span) };
      const description = identifierDescription([text(selector, 'name', 1), text(selector, 'key', 0)], span.line);
      if (description) credential.description = description;
      out.push({ name, credential });
    }
    return out;
  }

  /** A container's env: a dict, or a list of `k8s.V1EnvVar(name=…, value=…)`. */
  private containerEnv(v: Val | undefined): Map<string, Val> {
    if (v?.t !== 'seq') return this.dictOf(v);
    const out = new Map<string, Val>();
    for (const item of v.items.slice(0, 100)) {
      if (item.t !== 'obj') continue;
      const nameVal = item.keywords.get('name') ?? item.positional[0];
      const name = nameVal && literalText(nameVal);
      const value = item.keywords.get('value') ?? item.positional[1];
      if (name && value) out.set(name, value);
    }
    return out;
  }

  /**
   * `Secret("env", "DBT_CLOUD_TOKEN", "dbt-cloud-credentials", "service-token")` (or by keyword):
   * the env name the pod sees and the secret it holds.
   */
  private podSecret(call: PyNode, scope: Scope): { name: string; credential: RawCredential } | undefined {
    const fn = childByField(call, 'function');
    if (!fn || !/(^|\.)Secret$/.test(this.m.textOf(fn))) return undefined;
    const text = (kw: string, i: number): string | undefined => {
      const v = this.m.argValue(call, scope, kw, i);
      return v && literalText(v);
    };
    const target = text('deploy_target', 1);
    if (text('deploy_type', 0) !== 'env' || !target) return undefined;
    const span = this.span(call);
    const credential: RawCredential = { source: 'secret', name: target, span: fileSpan(span) };
    const description = identifierDescription([text('secret', 2), text('key', 3)], span.line);
    if (description) credential.description = description;
    return { name: target, credential };
  }

  /** How a shell command written within `node` reads its pieces (src/adapters/python/shell-commands.ts). */
  private commandReading(node: PyNode): CommandReading {
    return {
      top: this.m,
      mapPos: this.mapPos,
      credentialOf: (piece) => this.cred(piece),
      locate: (value) => {
        const at = this.m.text.indexOf(value, node.start);
        return at >= 0 && at < node.end ? this.mapPos(...this.m.positionAt(at)) : undefined;
      },
    };
  }

  /** A string literal with no escapes but line continuations, as the file has it: the shell reads it so. */
  private writtenString(node: PyNode | undefined): WrittenString | undefined {
    if (node?.type !== 'string') return undefined;
    const contents = node.children.filter((c) => c.type === 'string_content');
    if (contents.length !== 1 || node.children.some((c) => c.type === 'interpolation')) return undefined;
    const content = contents[0]!;
    const text = this.m.text.slice(content.start, content.end);
    if (text.replace(/\\\\?\r?\n/g, '').includes('\\')) return undefined;
    return { text, line: content.line, col: content.col };
  }

  private span(node: PyNode) {
    return this.mapPos(node.line, node.col);
  }

  private cred(v: Val | undefined, opts: { scheme?: boolean; jinja?: boolean } = {}): RawCredential | undefined {
    const c = credentialFromValue(v, this.m, this.mapPos, opts);
    if (c?.source !== 'unknown' || c.description) return c;
    const hole =
      v?.t === 'str' ? v.parts.find((p): p is HolePart => p.kind === 'unknown' && 'param' in p && p.param !== undefined) : undefined;
    const param = v?.t === 'unknown' ? v.param : hole?.param;
    const description = param ? this.paramDescription(param) : undefined;
    // A parameter's name is its function's own: what its docstring says types nothing elsewhere.
    if (description) return { ...c, description, nameIsLocal: true };
    // A Prefect flow's parameter is what a deployment gives it (`parameters: token: …` in prefect.yaml).
    if (param && !param.keys?.length && this.isFlow((param.scope as Scope).fn)) return { ...c, name: `parameters.${param.name}` };
    return c;
  }

  /** A function decorated as a Prefect flow (`@flow`, `@flow(name=…)`, `@prefect.flow`). */
  private isFlow(fn: PyNode | undefined): boolean {
    const decorated = fn?.parent?.type === 'decorated_definition' ? fn.parent : undefined;
    return (
      !!decorated &&
      this.m.text.includes('prefect') &&
      namedChildren(decorated).some((d) => d.type === 'decorator' && /^@\s*(?:prefect\.)?flow\b/.test(this.m.textOf(d)))
    );
  }

  /**
   * What the docstring of a function of this file says of one of its parameters: Google style
   * (`token: dbt Cloud service token.` under `Args:`), Sphinx (`:param token: …`) or NumPy
   * (`token : str` then the description indented below).
   */
  paramDescription(param: ParamRef): Description | undefined {
    const fn = (param.scope as Scope).fn;
    if (!fn) return undefined;
    let top: PyNode = fn;
    while (top.parent) top = top.parent;
    if (top !== this.m.root) return undefined;
    const docstring = (def: PyNode | undefined): PyNode | undefined => {
      const body = def && childByField(def, 'body');
      const first = body?.children.find((c) => c.named && c.type !== 'comment');
      const doc = first?.type === 'expression_statement' ? first.children[0] : undefined;
      return doc?.type === 'string' ? doc : undefined;
    };
    // `__init__`'s parameters are described in its own docstring or, Google style, in the class's.
    let cls: PyNode | undefined = (param.scope as Scope).isInit ? fn.parent : undefined;
    while (cls && cls.type !== 'class_definition') cls = cls.parent;
    const name = param.name.replace(/[^\w]/g, '');
    for (const doc of [docstring(fn), docstring(cls)]) {
      const found = doc && this.docstringEntry(doc, name);
      if (found) return found;
    }
    return undefined;
  }

  /** A parameter's entry in a docstring: Google's `name: text`, Sphinx's `:param name: text`, NumPy's `name : type` then the text. */
  private docstringEntry(doc: PyNode, name: string): Description | undefined {
    const lines = this.m.text.slice(doc.start, doc.end).split('\n');
    // A one-line docstring starts with its quotes: `"""token: dbt Cloud service token."""`.
    const google = new RegExp(`^\\s*(?:[rRuU]?["']{1,3})?\\**${name}\\s*(?:\\([^)]{0,80}\\))?\\s*:\\s*(\\S.*)$`);
    const sphinx = new RegExp(`:param\\s+(?:[\\w\\[\\], ]+\\s+)?${name}\\s*:\\s*(\\S.*)$`);
    const numpy = new RegExp(`^\\s*${name}\\s+:\\s*[\\w.\\[\\], |]*$`);
    for (const [i, line] of lines.entries()) {
      // NumPy's `name : type` line first: its description is the line below.
      const below = numpy.test(line);
      const text = below ? lines[i + 1]?.trim() : (google.exec(line) ?? sphinx.exec(line))?.[1];
      if (text) return { text: text.replace(/["']{3}\s*$/, ''), line: this.mapPos(doc.line + i + (below ? 1 : 0), 1).line };
    }
    return undefined;
  }

  private push(site: RawCallSite, node: PyNode): void {
    // One call may stand for several requests (a helper that makes two): one site per endpoint.
    const key = `${node.start}|${signature(site)}`;
    if (this.seenSites.has(key)) return;
    if (this.inTest && this.fakedInTest(site, node)) return;
    this.seenSites.add(key);
    this.seen.add(node);
    this.facts.callSites.push(site);
  }

  private call(node: PyNode, scope: Scope): void {
    const fn = node.children.find((c) => c.field === 'function');
    if (!fn) return;
    if (fn.type === 'call') {
      this.getattrRequest(node, fn, scope);
      return;
    }
    const callee = this.m.callee(fn, scope);
    const bound = callee.k === 'path' ? callee.bound : undefined;
    const arg = (kw: string | undefined, i: number | undefined) =>
      this.m.argValue(node, scope, kw, i) ?? (kw !== undefined ? bound?.get(kw) : undefined);
    if (callee.k === 'path') {
      // A task calling a helper imported from the repository with its `op_kwargs`, as a call would.
      const operator = callee.path.endsWith('Operator') ? this.m.callableOperatorArgs(node) : undefined;
      const target = operator && this.m.callee(operator.callable, scope);
      if (target?.k === 'fn') this.importedHelper(node, scope, target.module, target.scope);
      const lib = classifyCallee(callee.path) ?? this.taskRunnerCommand(callee.path);
      if (lib?.kind === 'http-function') {
        const url = arg('url', lib.urlArg);
        if (url?.t === 'obj') return; // urlopen(Request(...)): reported at the Request
        const methodVal = lib.methodArg !== undefined ? arg('method', lib.methodArg) : undefined;
        const headers = arg('headers', undefined);
        this.http({
          node,
          client: lib.client,
          url,
          method: lib.method,
          methodVal,
          headers: [this.dictOf(headers)],
          rawHeaders: headers,
          auth: [arg('auth', undefined)],
          body: arg('json', undefined),
          form: arg('data', undefined),
        });
        return;
      }
      if (lib?.kind === 'object') {
        this.constructed(lib.cls, node, scope);
        return;
      }
      if (lib?.kind === 'shell-command') {
        if (this.collecting) return;
        if (lib.container) {
          this.containerCommand(node, scope, lib.keyword, lib.env, lib.container);
          return;
        }
        const command = shellCommandOf(
          arg(lib.keyword, lib.arg),
          this.span(node),
          this.commandReading(node),
          this.writtenString(this.m.argNode(node, lib.keyword, lib.arg)),
          lib.env ? this.dictOf(arg(lib.env, undefined)) : undefined,
        );
        if (command) this.facts.shellCommands.push(command);
        return;
      }
      if (lib?.kind === 'prefect-dbt-call') {
        // `run_dbt_cloud_job(job_block, …)` takes a job block first; the other dbt Cloud tasks
        // (`trigger_dbt_cloud_job_run(credentials, job_id)`) the credentials block; helpers neither.
        const first = !/dbt_cloud/.test(lib.name) ? undefined : lib.name === 'run_dbt_cloud_job' ? 'job' : 'credentials';
        this.prefectCall(
          node,
          lib.name,
          arg('dbt_cloud_credentials', first === 'credentials' ? 0 : undefined),
          arg('dbt_cloud_job', first === 'job' ? 0 : undefined),
        );
        return;
      }
      // `self._req(path)`: a method the class inherits from a base class of the repository.
      const selfMethod = /^self\.(\w+)$/.exec(callee.path)?.[1];
      const cls = selfMethod ? methodClassScope(scope)?.cls : undefined;
      const inherited = cls && this.m.classAttribute(cls, selfMethod!, 0, { module: this.m, node: cls });
      if (inherited?.t === 'fn' && this.inheritedHelper(node, fn, scope, inherited.module as PyModule, inherited.scope as Scope)) return;
      // `self.hook.list_jobs(...)` in a subclass of the provider's operator: the hook it inherits.
      const hookMethod = /^self\.hook\.(\w+)$/.exec(callee.path)?.[1];
      const callsApi = hookMethod !== undefined && (airflowHookMethod(hookMethod) !== undefined || hookMethod === '_run_and_get_response');
      const hook = callsApi ? this.inheritedHook(scope) : undefined;
      if (hook) {
        this.airflowHookCall(hook, hookMethod!, node, scope);
        return;
      }
      // `self.run(endpoint=…)` in a hook of the repository built on Airflow's HttpHook: its request.
      const runArgs = callee.path.startsWith('self.') ? httpHookRunArgs(callee.path.slice('self.'.length)) : undefined;
      const httpHook = runArgs ? this.httpHookClass(scope) : undefined;
      if (httpHook && runArgs) {
        // On the connection the hook passes HttpHook by default; HttpHook posts unless told otherwise.
        const conn = httpHookConnDefault(httpHook, this.m);
        const connVal: Val | undefined = conn !== undefined ? { t: 'str', parts: [{ kind: 'literal', text: conn }] } : undefined;
        this.httpViaConnection(node, 'HttpHook', connVal, arg('endpoint', runArgs.endpoint), 'POST', arg('headers', runArgs.headers));
        return;
      }
      if (!lib && callee.path.includes('.') && this.isHttpMock(fn, callee.path)) return;
      if (!lib && callee.path.includes('.')) {
        const method = callee.path.slice(callee.path.lastIndexOf('.') + 1);
        this.generic(node, scope, method, this.sessionOf(fn, scope));
      }
      if (!lib) this.authorizedUrlCall(node, scope, callee.path);
      if (!lib) this.remoteMcpServerConfig(node, scope, callee.path);
      if (!lib) this.stdioDbtMcp(node, scope, callee.path);
      if (!lib) this.unresolvedDbtCloudOperator(node, scope, callee.path);
      return;
    }
    if (callee.k === 'class') {
      // `class BranchClient(DbtCloudWorkspaceClient)`: made like the dbt Cloud client it extends.
      const client = sdkClientBase(callee.module as PyModule, callee.node);
      if (client) this.constructed(client, node, scope, this.m.libraryObject(client, node, scope));
      else {
        this.repoDbtCloudOperator(node, scope, callee.module, callee.node, callee.name);
        this.importedClass(node, scope, callee.module as PyModule, callee.node as PyNode);
      }
      return;
    }
    if (callee.k === 'fn') {
      this.importedHelper(node, scope, callee.module, callee.scope);
      return;
    }
    if (callee.k !== 'method') return;
    const base = callee.base;
    if (base.t === 'obj') {
      const runArgs = base.cls === 'airflow.HttpHook' ? httpHookRunArgs(callee.name) : undefined;
      if (runArgs) {
        this.httpHookRun(base, node, scope, runArgs);
        return;
      }
      if (base.cls === 'airflow.dbt:DbtCloudHook') {
        this.airflowHookCall(base, callee.name, node, scope);
        return;
      }
      if (base.cls === 'python_graphql_client.GraphqlClient' && (callee.name === 'execute' || callee.name === 'execute_async')) {
        this.graphqlExecute(base, node, scope);
        return;
      }
      // `job.trigger()` on a prefect-dbt job block; `creds.get_administrative_client()` on a credentials block.
      if ((base.cls === 'prefect.DbtCloudJob' || base.cls === 'prefect.DbtCloudJob.load') && PREFECT_JOB_METHODS.has(callee.name)) {
        this.prefectCall(node, callee.name, undefined, base);
        return;
      }
      if (isPrefectCredentials(base) && PREFECT_CLIENT_METHODS.has(callee.name)) {
        this.prefectCall(node, callee.name, base, undefined);
        return;
      }
      const spec = objectRequestMethod(base.cls, callee.name);
      if (!spec) return;
      this.http({
        node,
        client: base.cls,
        url: arg('url', spec.urlArg),
        base: this.objectBaseUrl(base),
        method: spec.method,
        methodVal: spec.methodArg !== undefined ? arg('method', spec.methodArg) : undefined,
        ...this.headerArg(
          arg('headers', base.cls === 'http.client.Connection' ? 3 : undefined) ?? paramOf(base.keywords.get('headers')),
          this.m.objectHeaders(base),
        ),
        auth: [arg('auth', undefined), this.m.assignedAttribute(base, 'auth') ?? base.keywords.get('auth')],
        body: arg('json', undefined),
        form: arg('data', undefined),
      });
      return;
    }
    if (base.t === 'unknown' && !this.isHttpMock(fn)) {
      this.generic(node, scope, callee.name, this.sessionOf(fn, scope));
      this.authorizedUrlCall(node, scope, callee.name);
    }
  }

  /**
   * dbt's MCP server started by the program over stdio (`StdioServerParameters(command="uvx",
   * args=["dbt-mcp"], env={"DBT_TOKEN": …})`, pydantic-ai's `MCPServerStdio`, the OpenAI Agents
   * SDK's `MCPServerStdio(params={"command": …, "args": […], "env": {…}})`): the server calls dbt
   * Cloud with the token the program gives it. A dict of the same shape that only gets written out
   * (a config generator) starts nothing, and is not read.
   */
  private stdioDbtMcp(node: PyNode, scope: Scope, calleePath: string): void {
    const name = calleePath.slice(calleePath.lastIndexOf('.') + 1);
    if (!STDIO_MCP_LAUNCHERS.has(name) || this.seen.has(node)) return;
    const params = this.m.callArgs(node).keywords.has('params')
      ? this.dictOf(this.m.argValue(node, scope, 'params', undefined))
      : undefined;
    const arg = (kw: string, i?: number): Val | undefined => (params ? params.get(kw) : this.m.argValue(node, scope, kw, i));
    this.stdioMcpSite(node, arg('command', 0), arg('args', name === 'MCPServerStdio' ? 1 : undefined), arg('env'));
  }

  /** dbt's MCP server started with `command` and `args` (a site with the token `env` gives it), or nothing when they start another program. */
  private stdioMcpSite(node: PyNode, command: Val | undefined, args: Val | undefined, envVal: Val | undefined): boolean {
    const words = [command, ...(args?.t === 'seq' ? args.items : [])].map((v) => (v ? literalText(v) : undefined));
    if (!namesDbtMcp(words)) return false;
    const site: RawCallSite = { kind: 'sdk', span: this.span(node), client: 'dbt-mcp' };
    const env = this.dictOf(envVal);
    for (const [key, value] of env) {
      if (!isDbtTokenName(key)) continue;
      const credential = this.cred(value);
      if (credential) site.credential = credential.name || credential.source !== 'unknown' ? credential : { ...credential, name: key };
      break;
    }
    const host = hostOf(env.get('DBT_HOST'));
    if (host && (host.startsWith('{') || isDbtCloudHost(host)))
      site.endpoint = { host, url: host.startsWith('{') ? host : `https://${host}` };
    // Given the user's id and development environment, its SQL tools act as that user (a PAT only).
    if ([...env.keys()].some(isDbtMcpUserSetting)) site.workflow = 'user-context-endpoint';
    this.push(site, node);
    return true;
  }

  /**
   * Any call given a dbt Cloud API URL and an Authorization header: remote MCP clients
   * (`streamablehttp_client(url=..., headers=...)`), SSE clients, in-house or third-party request
   * wrappers (`execute_request("POST", url, headers, body)`). The URL is `url=` or one of the first
   * positional arguments, the header dict `headers=` or a positional dict; a literal HTTP verb
   * among the positional arguments is the method.
   */
  private authorizedUrlCall(node: PyNode, scope: Scope, calleePath: string): void {
    if (this.seen.has(node) || MOCK_ASSERTION.test(calleePath)) return;
    const args = this.m.callArgs(node);
    const positional = args.positional.slice(0, 5).map((n) => this.m.eval(n, scope));
    const hasAuthorization = (m: Map<string, Val>) => [...m.keys()].some((k) => k.trim().toLowerCase() === 'authorization');
    let headers: Map<string, Val> | undefined;
    const name = calleePath.slice(calleePath.lastIndexOf('.') + 1);
    if (args.keywords.has('headers')) headers = this.dictOf(this.m.argValue(node, scope, 'headers', undefined));
    else if (args.keywords.has('http_client')) {
      // `streamable_http_client(url, http_client=client)`, the client made with the headers
      // (`async with create_mcp_http_client(headers=auth) as client`, `httpx.AsyncClient(headers=…)`).
      const made = this.m.constructionOf(args.keywords.get('http_client')!, scope);
      if (made) headers = this.dictOf(this.m.argValue(made.call, made.scope, 'headers', undefined));
    } else if (REQUEST_WRAPPER_NAME.test(name) && !LOGGING_CALL.test(calleePath)) {
      for (const v of positional) {
        const m = this.dictOf(v);
        if (hasAuthorization(m)) {
          headers = m;
          break;
        }
      }
    }
    if (!headers || !hasAuthorization(headers)) return;
    const keywordUrl = args.keywords.get('url');
    const urls = keywordUrl ? [this.m.eval(keywordUrl, scope)] : positional.filter((v) => v.t === 'str');
    // An MCP client (`StreamableHTTPConnectionParams(url=os.environ[…], headers=…)`) names dbt's
    // MCP server by its headers when its URL is read at run time.
    const url = urls.find((u) => u.t === 'str' && recognizeUrl(u)) ?? ([...headers.keys()].some(isDbtMcpHeader) ? urls[0] : undefined);
    if (url?.t !== 'str') return;
    const verb = positional
      .map((v) => literalText(v))
      .find((t) => t !== undefined && /^(get|post|put|patch|delete|head|options)$/i.test(t));
    this.http({
      node,
      client: /^[A-Za-z_]\w{0,60}$/.test(name) ? name : undefined,
      url,
      method: verb?.toUpperCase(),
      headers: [headers],
      auth: [],
    });
  }

  /**
   * An agent framework given dbt's remote MCP server as a dict (`MultiServerMCPClient({"dbt":
   * {"url": …, "headers": …}})`, `MCPServerStreamableHttp(params={"url": …})`, OpenAI's
   * `tools=[{"type": "mcp", "server_url": …}]`): the framework connects to it with those headers.
   */
  private remoteMcpServerConfig(node: PyNode, scope: Scope, calleePath: string): void {
    if (this.seen.has(node) || MOCK_ASSERTION.test(calleePath)) return;
    const args = this.m.callArgs(node);
    const found = [...args.keywords.values(), ...args.positional]
      .flatMap((n) => mcpServerDicts(n, 0, (k) => this.m.textOf(k)))
      .slice(0, 10);
    const name = calleePath.slice(calleePath.lastIndexOf('.') + 1);
    for (const dict of found) {
      const entries = this.dictOf(this.m.eval(dict, scope));
      const url = entries.get('url') ?? entries.get('server_url');
      if (url?.t !== 'str' || !recognizeUrl(url)?.path?.startsWith('/api/ai/v1/mcp')) continue;
      const headers = this.dictOf(entries.get('headers'));
      this.http({ node, client: /^[A-Za-z_]\w{0,60}$/.test(name) ? name : undefined, url, method: 'POST', headers: [headers], auth: [] });
      return;
    }
    // A map of servers an MCP client starts (LangChain's `MultiServerMCPClient(SERVERS)`), kept in a
    // name: `{"dbt": {"command": "uvx", "args": ["dbt-mcp"], "env": {…}}}` starts dbt's server over stdio.
    if (!MCP_SERVER_MAP_CLIENTS.has(name)) return;
    for (const n of [...args.positional, ...args.keywords.values()].slice(0, 5)) {
      let servers = this.m.eval(n, scope);
      // FastMCP's `Client({"mcpServers": {…}})`, the same map as MCP clients' JSON configs.
      if (servers.t === 'dict') servers = this.m.dictEntries(servers).get('mcpServers') ?? servers;
      for (const server of servers.t === 'dict' ? [...this.m.dictEntries(servers).values()].slice(0, 20) : []) {
        const e = this.dictOf(server);
        if (e.has('command') && this.stdioMcpSite(node, e.get('command'), e.get('args'), e.get('env'))) return;
      }
    }
  }

  /**
   * `getattr(client, method)(url, headers=...)`: a request whose method is named at run time, on
   * an HTTP client, on the `requests`/`httpx` modules, or on an unknown object when the URL is a
   * dbt Cloud API URL.
   */
  private getattrRequest(node: PyNode, inner: PyNode, scope: Scope): void {
    const fn = inner.children.find((c) => c.field === 'function');
    if (fn?.type !== 'identifier' || this.m.textOf(fn) !== 'getattr' || this.m.lookup('getattr', scope, fn.start)) return;
    const target = this.m.argValue(inner, scope, undefined, 0);
    const methodVal = this.m.argValue(inner, scope, undefined, 1);
    const arg = (kw: string | undefined, i: number | undefined) => this.m.argValue(node, scope, kw, i);
    if (target?.t === 'obj') {
      if (!objectRequestMethod(target.cls, 'get')) return;
      this.http({
        node,
        client: target.cls,
        url: arg('url', 0),
        base: this.objectBaseUrl(target),
        methodVal,
        ...this.headerArg(arg('headers', undefined), this.m.objectHeaders(target)),
        auth: [arg('auth', undefined), this.m.assignedAttribute(target, 'auth') ?? target.keywords.get('auth')],
      });
      return;
    }
    const lib = target?.t === 'mod' ? classifyCallee(`${target.path}.get`) : undefined;
    if (target?.t === 'mod' && lib?.kind !== 'http-function') return;
    const url = arg('url', 0);
    // An unknown object: only a dbt Cloud URL (or a helper's parameter) makes it a request.
    if (!lib && url?.t !== 'str' && !(url?.t === 'unknown' && url.param)) return;
    this.http({
      node,
      client: lib?.kind === 'http-function' ? lib.client : undefined,
      url,
      methodVal,
      ...this.headerArg(arg('headers', undefined)),
      auth: [arg('auth', undefined)],
    });
  }

  /**
   * A test's HTTP mock registering a fake response: `respx_mock.post(URL).mock(...)`,
   * `requests_mock.get(URL, json=...)`, `m.get(URL)` under `with requests_mock.Mocker() as m`.
   */
  private get inTest(): boolean {
    this.inTestFile ??= isTestPath(this.m.path);
    return this.inTestFile;
  }

  /**
   * A test's call that reaches no dbt Cloud: made with a made-up token (`api_key="my_api_key"`,
   * a fixture building credentials for mocked tests), or in a test whose HTTP is faked (a
   * `respx_mock` / `requests_mock` / `httpx_mock` parameter, a `@respx.mock`,
   * `@responses.activate` or `@requests_mock.Mocker()` decorator, `@patch("app.api.requests.get")`
   * on the test or on its class, a `with respx.mock(...)` block around the call).
   */
  private fakedInTest(site: RawCallSite, node: PyNode): boolean {
    const c = site.credential;
    if (c?.source === 'literal' && c.value !== undefined && !isAnyTokenShaped(c.value.trim())) return true;
    this.mockNames ??= httpMockNames(this.m.text);
    for (let p = node.parent; p; p = p.parent) {
      // `with respx.mock(...) as m:` around the call: whatever the call goes through (an SDK, a
      // prefect task's `.fn`), its requests reach the mock.
      if (p.type === 'with_statement' && this.fakesHttpBlock(p)) return true;
      if (p.type !== 'function_definition' && p.type !== 'class_definition') continue;
      const params = p.type === 'function_definition' ? childByField(p, 'parameters') : undefined;
      if (params?.children.some((a) => this.mockNames!.has(this.m.textOf(a.type === 'identifier' ? a : (childByField(a, 'name') ?? a)))))
        return true;
      const decorated = p.parent?.type === 'decorated_definition' ? p.parent : undefined;
      if (decorated?.children.some((d) => d.type === 'decorator' && PYTHON_MOCK_DECORATOR.test(this.m.textOf(d)))) return true;
    }
    return false;
  }

  private fakesHttpBlock(statement: PyNode): boolean {
    const clause = statement.children.find((c) => c.type === 'with_clause');
    return !!clause?.children.some((item) => item.type === 'with_item' && PYTHON_MOCK_CONTEXT.test(this.m.textOf(item).trimStart()));
  }

  private isHttpMock(fn: PyNode, calleePath?: string): boolean {
    if (calleePath !== undefined && isPythonHttpMockModule(calleePath.slice(0, calleePath.indexOf('.')))) return true;
    let receiver = fn;
    while (receiver.type === 'attribute' || receiver.type === 'call') {
      const next = childByField(receiver, receiver.type === 'attribute' ? 'object' : 'function');
      if (!next) return false;
      receiver = next;
    }
    if (receiver.type !== 'identifier') return false;
    this.mockNames ??= httpMockNames(this.m.text);
    return this.mockNames.has(this.m.textOf(receiver));
  }

  /** `x.get(url, ...)` on something unknown: a call only when the URL is a dbt Cloud API URL. */
  private generic(node: PyNode, scope: Scope, method: string, session?: SessionDefaults): void {
    const spec = genericRequestMethod(method);
    if (!spec) return;
    const arg = (kw: string | undefined, i: number | undefined) => this.m.argValue(node, scope, kw, i);
    const url = arg('url', spec.urlArg);
    if (url?.t !== 'str' && !(url?.t === 'unknown' && url.param)) return;
    // A route a web app serves (`@app.post("/api/v2/accounts/{id}/jobs/{job}/run/")`, a mock of
    // dbt Cloud), and a request to the app itself from its test client, call nothing.
    if (node.parent?.type === 'decorator' || this.localAppClient(node, scope, url)) return;
    this.http({
      node,
      url,
      method: spec.method,
      methodVal: spec.methodArg !== undefined ? arg('method', spec.methodArg) : undefined,
      ...this.headerArg(arg('headers', undefined), ...(session ? [session.headers] : [])),
      auth: [arg('auth', undefined), session?.auth],
      body: arg('json', undefined),
      form: arg('data', undefined),
    });
  }

  /** `s.post(…)` on an instance of a repository subclass of a session class: what the subclass sets on itself. */
  private sessionOf(fn: PyNode, scope: Scope): SessionDefaults | undefined {
    const obj = fn.type === 'attribute' ? childByField(fn, 'object') : undefined;
    // `self.post(…)` in the subclass's own methods, and `super().request(…)` in an override of one.
    const own = obj && OWN_INSTANCE.test(this.m.textOf(obj)) ? methodClassScope(scope)?.cls : undefined;
    if (own) return this.sessionSubclassDefaults({ module: this.m, node: own });
    const v = obj ? this.m.eval(obj, scope) : undefined;
    return v?.t === 'unknown' && v.instanceOf ? this.sessionSubclassDefaults(v.instanceOf) : undefined;
  }

  /**
   * The headers and auth a repository subclass of a session class sets on itself
   * (`class DbtCloud(requests.Session)` with `self.headers.update({...})` in `__init__`): what
   * every request its instances make sends. Undefined for any other class.
   */
  private sessionSubclassDefaults(instance: { module: object; node: object }): SessionDefaults | undefined {
    const module = instance.module as PyModule;
    const cls = instance.node as PyNode;
    const classScope = module.collected.classScopes.get(cls);
    if (!classScope || !extendsSessionClass(module, cls)) return undefined;
    const headers = new Map<string, Val>();
    const assigned = module.classFieldDefault(cls, 'headers');
    if (assigned?.t === 'dict') for (const [k, v] of module.dictEntries(assigned)) headers.set(k, v);
    for (const m of module.collected.mutations) {
      if (m.path.length > 0 || m.base.type !== 'attribute' || module.textOf(m.base) !== 'self.headers') continue;
      if (methodClassScope(m.scope) !== classScope) continue;
      if (m.op === 'setitem' && m.key && m.value) {
        const k = literalText(module.eval(m.key, m.scope));
        if (k !== undefined) headers.set(k, module.eval(m.value, m.scope));
      } else if (m.op === 'update' && m.args) {
        for (const a of namedChildren(m.args).slice(0, 20)) {
          const v = a.type === 'keyword_argument' ? undefined : module.eval(a, m.scope);
          if (v?.t === 'dict') for (const [k, x] of module.dictEntries(v)) headers.set(k, x);
        }
      }
    }
    return { headers, auth: module.classFieldDefault(cls, 'auth') };
  }

  /**
   * A host-less path requested from a web framework's test client (`TestClient(app).post(path)`,
   * `app.test_client()`, Django's `self.client` or pytest's `client` fixture in a test): the
   * request goes to the app under test, not to dbt Cloud.
   */
  private localAppClient(node: PyNode, scope: Scope, url: Val): boolean {
    if (url.t !== 'str' || !render(url).startsWith('/')) return false;
    const fn = childByField(node, 'function');
    const obj = fn?.type === 'attribute' ? childByField(fn, 'object') : undefined;
    if (!obj) return false;
    const text = this.m.textOf(obj);
    if (TEST_CLIENT.test(text)) return true;
    const v = this.m.eval(obj, scope);
    if (v.t === 'unknown' && v.name !== undefined && TEST_CLIENT.test(v.name)) return true;
    return this.inTest && (text === 'self.client' || text === 'client' || text === 'api_client');
  }

  /** A `headers=` argument: its entries, and the value as written (a helper's parameter, for its callers). */
  private headerArg(v: Val | undefined, ...more: Map<string, Val>[]): { headers: Map<string, Val>[]; rawHeaders?: Val } {
    return v ? { headers: [this.dictOf(v), ...more], rawHeaders: v } : { headers: [new Map(), ...more] };
  }

  private dictOf(v: Val | undefined): Map<string, Val> {
    if (v?.t === 'dict') return this.m.dictEntries(v);
    return new Map();
  }

  private objectBaseUrl(o: ObjectVal): Val | undefined {
    if (o.cls === 'http.client.Connection') {
      const host = o.keywords.get('host') ?? o.positional[0];
      if (!host) return undefined;
      return {
        t: 'str',
        parts: [{ kind: 'literal', text: 'https://' }, ...(host.t === 'str' ? host.parts : [{ kind: 'unknown', name: 'host' } as const])],
      };
    }
    return this.m.assignedAttribute(o, 'base_url') ?? o.keywords.get('base_url');
  }

  /**
   * Reports a request. A request inside a helper whose URL, method or token depends on the
   * helper's parameters is the call site itself; its endpoint and token come from its callers
   * when its own text does not say them. Each caller that passes something known, and changes
   * what the request is, is reported too, with its own arguments.
   */
  private http(req: HttpRequest): void {
    if (!req.url) return;
    if (req.url.t !== 'str' && !(req.url.t === 'unknown' && req.url.param)) {
      if (!this.collecting) this.urlNotKnown(req);
      return;
    }
    if (this.collecting) {
      this.collecting.push(req);
      return;
    }
    const versions = this.versionsAtCallers(req, 0);
    const first = versions[0];
    // A URL built from the helper's parameters: what its first caller passes stands for it whole.
    const urlParams: ParamRef[] = [];
    paramsIn(req.url, urlParams);
    const own = first && urlParams.length > 0 ? undefined : this.requestSite(req);
    if (!own && !first) {
      // A parameter no caller fills, or a URL read whole from the environment or a variable:
      // nothing says where it goes but the document it posts or the token.
      if (!this.graphqlDocumentSite(req) && !this.mcpHeaderSite(req) && (req.url.t !== 'str' || !writtenHere(req.url)))
        if (!this.partnerHeaderSite(req)) this.tokenOnly(req);
      return;
    }
    const site: RawCallSite = own ?? { ...first!.site, span: this.span(req.node) };
    if (own && (!own.credential || own.credential.source === 'unknown')) {
      const known = versions.find((v) => v.site.credential && v.site.credential.source !== 'unknown');
      if (known?.site.credential) site.credential = known.site.credential;
    }
    // Account ids the callers pass belong to this request too (one token, several accounts).
    const accounts = new Set([...(site.accountIds ?? []), ...versions.flatMap((v) => v.site.accountIds ?? [])]);
    if (accounts.size > 0) site.accountIds = [...accounts].slice(0, 50);
    this.push(site, req.node);
    // One caller that only repeats what the helper's site says adds nothing; several each say where they go.
    if (versions.length === 1 && signature(first!.site) === signature(site)) return;
    for (const v of versions) this.push(v.site, v.node);
  }

  /**
   * `req` as each caller of its helper makes it. Helpers of helpers are followed up for what
   * their callers pass (the token, the account), but each version is reported at the direct
   * caller, where the endpoint is written.
   */
  private versionsAtCallers(req: HttpRequest, depth: number, reportAt?: PyNode): { site: RawCallSite; node: PyNode }[] {
    if (depth >= MAX_HELPER_DEPTH) return [];
    const fnScope = this.helperScope(req.node, this.requestParams(req));
    if (!fnScope) return [];
    const out: { site: RawCallSite; node: PyNode }[] = [];
    for (const caller of this.callersOf(fnScope)) {
      const next = this.atCaller(req, fnScope, caller.node, caller.scope, this.m);
      if (!next) continue;
      const at = reportAt ?? caller.node;
      const further = this.versionsAtCallers(next, depth + 1, at);
      if (further.length > 0) out.push(...further);
      else {
        const site = this.requestSite(next);
        if (site) out.push({ site: { ...site, span: this.span(at) }, node: at });
      }
    }
    return out;
  }

  /**
   * A Prefect block made only to be saved (`DbtCloudCredentials(...).save("dbt-cloud")`, or a
   * variable whose one use is `.save(...)`): a set-up script storing the token on the Prefect
   * server, which calls nothing in dbt Cloud. Flows `.load()` the block where they use it.
   */
  private onlySavedAsBlock(call: PyNode): boolean {
    const parent = call.parent;
    const savedHere = (n: PyNode | undefined, obj: PyNode): boolean =>
      n?.type === 'attribute' &&
      n.children.find((c) => c.field === 'object') === obj &&
      this.m.textOf(n.children.find((c) => c.field === 'attribute') ?? obj) === 'save' &&
      n.parent?.type === 'call';
    if (savedHere(parent, call)) return true;
    if (parent?.type !== 'assignment' || call.field !== 'right') return false;
    const left = parent.children.find((c) => c.field === 'left');
    if (left?.type !== 'identifier') return false;
    return everyUseStoresBlock(this.m.text, this.m.textOf(left));
  }

  /**
   * The credentials block a set-up script saves (`DbtCloudCredentials(api_key=…).save("dbt-prod")`):
   * a definition the flows' `DbtCloudCredentials.load("dbt-prod")` link to.
   */
  private savedBlock(block: ObjectVal, call: PyNode): void {
    this.savedBlockCredential(this.cred(block.keywords.get('api_key')), call);
  }

  /**
   * A job block a set-up script saves with the credentials it is built with
   * (`DbtCloudJob(dbt_cloud_credentials=creds, job_id=7).save("nightly")`): the flows'
   * `DbtCloudJob.load("nightly")` send that token.
   */
  private savedJobBlock(job: ObjectVal, call: PyNode): void {
    const block = job.keywords.get('dbt_cloud_credentials') ?? job.positional[0];
    if (block?.t === 'obj' && isPrefectCredentials(block)) this.savedBlockCredential(this.prefectCredentials(block, call).credential, call);
  }

  /** The definition of a block saved by `call` (`….save("name")`, or saved by the variable it is assigned to) with `credential`. */
  private savedBlockCredential(credential: RawCredential | undefined, call: PyNode): void {
    if (!credential) return;
    const parent = call.parent;
    let name: string | undefined;
    if (parent?.type === 'attribute' && parent.parent?.type === 'call') {
      const saveArgs = childByField(parent.parent, 'arguments');
      const first = saveArgs?.children.find((c) => c.named && c.type !== 'comment');
      name = first?.type === 'string' ? literalText(this.m.eval(first, this.m.collected.module)) : undefined;
    } else if (parent?.type === 'assignment') {
      const left = childByField(parent, 'left');
      const saved = left
        ? new RegExp(`\\b${this.m.textOf(left)}\\.save\\(\\s*(?:name\\s*=\\s*)?["']([^"'\\n]{1,200})["']`).exec(this.m.text)
        : null;
      name = saved?.[1];
    }
    if (name === undefined) return;
    this.facts.definitions.push({ ref: { kind: 'prefect-block', id: name }, credential, span: this.span(call) });
  }

  /**
   * A loaded credentials block used only to build a job block that is stored
   * (`DbtCloudJob(dbt_cloud_credentials=creds, job_id=7).save("job")`): block registration, no call.
   */
  private onlyBuildsSavedJob(call: PyNode): boolean {
    const parent = call.parent;
    if (parent?.type === 'assignment' && call.field === 'right') {
      const left = parent.children.find((c) => c.field === 'left');
      return left?.type === 'identifier' && everyUseBuildsSavedJob(this.m.text, this.m.textOf(left));
    }
    // Written inside the job block's arguments: the job is that call, stored where it is built or by the variable it is assigned to.
    let arg: PyNode | undefined = call;
    while (arg && arg.parent?.type !== 'argument_list') arg = arg.parent?.type === 'keyword_argument' ? arg.parent : undefined;
    const job = arg?.parent?.parent;
    if (job?.type !== 'call' || !/(^|\.)DbtCloudJob$/.test(this.m.textOf(job.children.find((c) => c.field === 'function') ?? job)))
      return false;
    const attr = job.parent;
    if (attr?.type === 'assignment' && job.field === 'right') {
      const left = attr.children.find((c) => c.field === 'left');
      return left?.type === 'identifier' && everyUseIsSave(this.m.text, this.m.textOf(left));
    }
    return (
      attr?.type === 'attribute' &&
      this.m.textOf(attr.children.find((c) => c.field === 'attribute') ?? attr) === 'save' &&
      attr.parent?.type === 'call'
    );
  }

  /** A request whose URL is not known here: its GraphQL document or its token may still say it calls dbt Cloud. */
  private urlNotKnown(req: HttpRequest): void {
    if (!this.graphqlDocumentSite(req) && !this.mcpHeaderSite(req) && !this.partnerHeaderSite(req)) this.tokenOnly(req);
  }

  /**
   * A request to a URL not known here (a parameter no caller fills, a setting's field) that sends
   * dbt Cloud's partner header (`X-dbt-partner-source`): only integrations calling dbt Cloud send
   * it, so the request is a call to dbt Cloud, reported without an endpoint.
   */
  private partnerHeaderSite(req: HttpRequest): boolean {
    if (!req.headers.some((m) => [...m.keys()].some(isDbtPartnerHeader))) return false;
    this.push(this.siteWithoutEndpoint(req), req.node);
    return true;
  }

  /** A request to a URL not known here that sends dbt's MCP headers: a call to dbt's MCP server. */
  private mcpHeaderSite(req: HttpRequest): boolean {
    if (!req.headers.some((m) => [...m.keys()].some(isDbtMcpHeader))) return false;
    const site = this.siteWithoutEndpoint(req);
    if (sendsMcpUserHeaders(req)) site.workflow = 'user-context-endpoint';
    this.push(site, req.node);
    return true;
  }

  /** A request's site when its headers say it goes to dbt Cloud but not where: its credential and client. */
  private siteWithoutEndpoint(req: HttpRequest): RawCallSite {
    const site: RawCallSite = { kind: 'http', span: this.span(req.node) };
    const credential = this.headerCredential(req.headers, req.jinja) ?? this.authCredential(req.auth);
    if (credential) site.credential = credential;
    if (req.client) site.client = req.client;
    return site;
  }

  /**
   * `httpx.post(host, json={"query": "mutation { createQuery(environmentId: …) … }"})` with a
   * host read at run time (dbt's Semantic Layer examples derive it from a JDBC URL): the document
   * is the Semantic Layer's or the Discovery API's (src/classify/request-evidence.ts), so the
   * request is a call to it, at a host named after the expression that holds it.
   */
  private graphqlDocumentSite(req: HttpRequest): boolean {
    const query = req.body?.t === 'dict' ? this.m.dictEntries(req.body).get('query') : undefined;
    if (query?.t !== 'str') return false;
    const document = normalizeParts(query.parts)
      .map((p) => (p.kind === 'literal' ? p.text : ' '))
      .join('');
    const api = graphqlApiOf(document);
    if (!api || !req.url) return false;
    // The URL as far as it is written: a host read at run time (`{endpoint}`), perhaps a path.
    const written = req.url.t === 'str' ? splitUrl(render(req.url)) : undefined;
    if (written?.host !== undefined && !written.host.startsWith('{')) return false;
    const named = req.url.t === 'unknown' && req.url.name && /^[\w.]{1,60}$/.test(req.url.name) ? req.url.name : 'host';
    const host = written?.host ?? `{${named}}`;
    const path = written?.path && written.path !== '/' ? written.path : GRAPHQL_PATH[api];
    const site: RawCallSite = {
      kind: 'http',
      span: this.span(req.node),
      endpoint: { url: sanitizeUrl(`${host}${path}`), host, path, method: 'POST' },
    };
    const credential = this.headerCredential(req.headers, req.jinja) ?? this.authCredential(req.auth);
    if (credential) site.credential = credential;
    if (req.client) site.client = req.client;
    this.push(site, req.node);
    return true;
  }

  /**
   * A request to a URL not known here (`getattr(self, name)`, a parameter no caller fills) whose
   * Authorization header sends a dbt-named token after a `Token`/`Bearer` scheme, or a dbt token
   * literal: a dbt Cloud call all the same, reported without an endpoint. A URL written here that
   * is not dbt Cloud's says the request goes elsewhere, and so does a name dbt Core also gives a
   * warehouse token (`DBT_TOKEN`, `DBT_ACCESS_TOKEN`): with no URL to go by, those count for nothing.
   */
  private tokenOnly(req: HttpRequest): void {
    for (const map of req.headers) {
      for (const [k, v] of map) {
        if (k.trim().toLowerCase() !== 'authorization') continue;
        const first = v.t === 'str' ? normalizeParts(v.parts)[0] : undefined;
        if (first?.kind !== 'literal' || leadingAuthScheme(first.text, 'dbt') === undefined) return;
        const credential = this.cred(v, { scheme: true, jinja: req.jinja });
        if (!credential) return;
        const dbt =
          credential.source === 'literal'
            ? isDbtTokenShaped(credential.value?.trim() ?? '')
            : credential.name !== undefined &&
              isSentDbtTokenName(credential.name) &&
              (!isAmbiguousDbtTokenName(credential.name) || this.triggersJobRun(req));
        if (!dbt) return;
        const site: RawCallSite = { kind: 'http', span: this.span(req.node), credential };
        if (req.client) site.client = req.client;
        this.push(site, req.node);
        return;
      }
    }
  }

  /**
   * A body with the `cause` a dbt Cloud job run is triggered with (`{"cause": "Triggered by
   * Airflow"}`): a dbt-named token it is sent with is a dbt Cloud token, even under a name dbt Core
   * also gives a warehouse token.
   */
  private triggersJobRun(req: HttpRequest): boolean {
    return [req.body, req.form].some((b) => b?.t === 'dict' && this.m.dictEntries(b).has('cause'));
  }

  /**
   * `client.get(f"/accounts/{account}/runs/")` on a client whose base (with its `api/v2`) is
   * configured out of sight (OpenMetadata's REST client config, a wrapper's constructor), in a
   * module that names dbt Cloud: the jobs and runs of an account under the Admin API's base.
   */
  private accountPathInDbtCloudModule(url: Val): boolean {
    if (url.t !== 'str' || !ACCOUNT_JOBS_PATH.test(render(url))) return false;
    this.namesDbtCloud ??= DBT_CLOUD_WORDS.test(this.m.text);
    return this.namesDbtCloud;
  }

  /**
   * `f"{self.discovery_api_url}/graphql"` sent with an Authorization header, in a module that
   * names dbt Cloud: its Discovery API (or the Semantic Layer's `/api/graphql`) at a host set
   * elsewhere, unless the host's name says another service's.
   */
  private graphqlInDbtCloudModule(url: Val, authorized: boolean): boolean {
    if (!authorized || url.t !== 'str') return false;
    const { host, path } = splitUrl(render(url));
    if (!host?.startsWith('{') || !/^\/(?:api\/)?graphql\/?$/.test(path ?? '') || namesOtherService(host.slice(1, -1))) return false;
    this.namesDbtCloud ??= DBT_CLOUD_WORDS.test(this.m.text);
    return this.namesDbtCloud;
  }

  /** The call site of a request as written, when its URL is a dbt Cloud API URL. */
  private requestSite(req: HttpRequest): RawCallSite | undefined {
    if (req.url?.t !== 'str') return undefined;
    const full = req.base ? joinUrl(req.base, req.url) : req.url;
    // dbt Cloud's partner header says whose host a run-time one is: its API paths count then.
    const partner = req.headers.some((m) => [...m.keys()].some(isDbtPartnerHeader));
    const authorized =
      req.auth.some((a) => a !== undefined) ||
      req.headers.some((m) => [...m.keys()].some((k) => k.trim().toLowerCase() === 'authorization'));
    const endpoint = recognizeUrl(
      full,
      partner || this.accountPathInDbtCloudModule(full) || this.graphqlInDbtCloudModule(full, authorized),
      authorized,
    );
    if (!endpoint) return undefined;
    const method = req.method ?? (req.methodVal ? literalText(req.methodVal) : undefined);
    if (method && /^[A-Za-z]{1,10}$/.test(method)) endpoint.method = method.toUpperCase();
    const site: RawCallSite = { kind: 'http', span: this.span(req.node), endpoint };
    const credential = this.headerCredential(req.headers, req.jinja) ?? this.authCredential(req.auth);
    // The caller's value says nothing of its type (`os.environ["DBT_TOKEN"]`): the helper's docstring does.
    if (
      credential &&
      req.tokenDescription &&
      !credential.description &&
      credential.source !== 'literal' &&
      !(credential.name && typeFromName(credential.name))
    )
      credential.description = req.tokenDescription;
    if (credential) site.credential = credential;
    if (sendsMcpUserHeaders(req)) site.workflow = 'user-context-endpoint';
    const accounts = accountIdsInPath(endpoint.path);
    if (accounts.length > 0) site.accountIds = accounts;
    else {
      // `f"…/accounts/{acct}/jobs/"` in `for acct in [101, 202]:`: each account the loop visits.
      const visited = loopAccountIds(full);
      if (visited.length > 0) site.accountIds = visited;
    }
    if (req.client) site.client = req.client;
    return site;
  }

  /** The function parameters a request's URL, method and credential depend on. */
  private requestParams(req: HttpRequest): ParamRef[] {
    const out: ParamRef[] = [];
    paramsIn(req.url, out);
    paramsIn(req.base, out);
    paramsIn(req.methodVal, out);
    for (const map of req.headers) for (const [k, v] of map) if (k.trim().toLowerCase() === 'authorization') paramsIn(v, out);
    if (req.rawHeaders?.t === 'unknown' && req.rawHeaders.param) out.push(req.rawHeaders.param);
    for (const a of req.auth) paramsIn(a, out);
    return out;
  }

  /** The innermost function of this module around `node` whose parameters `params` include. */
  private helperScope(node: PyNode, params: ParamRef[]): Scope | undefined {
    let best: Scope | undefined;
    for (const p of params) {
      const scope = p.scope as Scope;
      const fn = scope.fn;
      if (!fn || fn.start > node.start || node.end > fn.end || this.m.collected.functionScopes.get(fn) !== scope) continue;
      if (!best || fn.start > best.fn!.start) best = scope;
    }
    return best;
  }

  /**
   * `req` (inside function `fnScope`) as one call of that function makes it: its parameters
   * replaced by the call's arguments, evaluated in `callerModule`. Undefined when the call passes
   * nothing known (`run(int(sys.argv[1]))`): then the request stays where it is.
   */
  private atCaller(
    req: HttpRequest,
    fnScope: Scope,
    call: PyNode,
    callerScope: Scope,
    callerModule: PyModule,
    urlOnly = false,
  ): HttpRequest | undefined {
    const passed = argumentsAt(fnScope, call, callerScope, callerModule);
    // `if method == "post": requests.post(...)`: a caller passing "get" (or passing nothing, the
    // default being "get") does not make this request.
    for (const guard of this.branchGuards(req.node, fnScope)) {
      const n = passed.argNode(guard.name, guard.index);
      const value = n ? literalText(callerModule.eval(n, callerScope)) : guard.otherwise;
      if (value !== undefined && (value.toLowerCase() === guard.value.toLowerCase()) === !!guard.negate) return undefined;
    }
    const s = (v: Val | undefined) => (v ? substituteParams(v, passed.sub) : undefined);
    const url = s(req.url);
    const base = s(req.base);
    // `urlOnly`: the call counts only when its arguments say where the request goes, or, passed
    // on to the helper's own request (`passesOnly`), which token it sends.
    const urlAdds = passed.adds();
    const headers = req.headers.map((m) => new Map([...m].map(([k, v]) => [k, s(v)!])));
    // `headers` passed in whole: the caller's dict.
    const rawHeaders = s(req.rawHeaders);
    if (rawHeaders && rawHeaders !== req.rawHeaders && rawHeaders.t === 'dict') headers.unshift(this.dictOf(rawHeaders));
    const next: HttpRequest = {
      node: call,
      madeAt: req.madeAt ?? req.node,
      client: req.client,
      url,
      base,
      method: req.method,
      methodVal: s(req.methodVal),
      headers,
      rawHeaders,
      auth: req.auth.map(s),
      jinja: req.jinja,
    };
    if (!passed.adds()) return undefined;
    if (urlOnly && !urlAdds) next.tokenOnly = true;
    const described = this.tokenParamDescription(req, fnScope, passed.sub);
    if (described) next.tokenDescription = described;
    return next;
  }

  /** What the docstring of `fnScope`'s function says of the token parameter of `req` that a caller fills in (`sub`). */
  private tokenParamDescription(req: HttpRequest, fnScope: Scope, sub: (p: ParamRef) => Val | undefined): Description | undefined {
    if (req.tokenDescription) return req.tokenDescription;
    const params: ParamRef[] = [];
    for (const map of req.headers) for (const [k, v] of map) if (k.trim().toLowerCase() === 'authorization') paramsIn(v, params);
    for (const a of req.auth) paramsIn(a, params);
    const param = params.find((p) => p.scope === fnScope && !p.keys?.length && sub(p) !== undefined);
    const owner = fnScope.fn && this.ownerOf(fnScope.fn);
    if (!param || !owner) return undefined;
    const found = (owner === this.m ? this : this.emitterFor(owner)).paramDescription(param);
    // Only one that says which kind of token: any other says nothing a caller's own notes would not.
    return found && typeFromDescription(found.text) !== undefined ? { ...found, file: owner.path } : undefined;
  }

  /** `if param == "literal":` branches of `fnScope` around `node` (the helper dispatching on a parameter). */
  private branchGuards(node: PyNode, fnScope: Scope): BranchGuard[] {
    const out: BranchGuard[] = [];
    const fn = fnScope.fn;
    const owner = fn ? this.ownerOf(fn) : undefined;
    if (!fn || !owner) return out;
    let child: PyNode = node;
    for (let p = node.parent; p && p !== fn && out.length < 10; child = p, p = p.parent) {
      // `else:` after one `if method == "POST":` holds for every other value.
      const negate = p.type === 'else_clause' && child.field === 'body' && p.parent?.type === 'if_statement';
      if (!negate && ((p.type !== 'if_statement' && p.type !== 'elif_clause') || child.field !== 'consequence')) continue;
      if (negate && p.parent!.children.some((c) => c.type === 'elif_clause')) continue;
      const cond = (negate ? p.parent! : p).children.find((c) => c.field === 'condition');
      const [left, right] = cond?.type === 'comparison_operator' ? namedChildren(cond) : [];
      const op = cond?.children.find((c) => c.field === 'operators');
      if (!left || !right || (op && owner.textOf(op) !== '==') || left.type !== 'identifier' || right.type !== 'string') continue;
      const b = owner.lookup(owner.textOf(left), fnScope, left.start);
      const value = literalText(owner.eval(right, fnScope));
      if (b?.kind === 'param' && b.paramOf === fnScope && b.paramIndex !== undefined && value !== undefined) {
        // `method="GET"`: what a caller that passes nothing gives.
        const otherwise = b.node && b.node.type !== 'none' ? literalText(owner.eval(b.node, b.evalScope ?? b.scope)) : undefined;
        out.push({
          name: b.name,
          index: b.paramIndex,
          value,
          ...(otherwise !== undefined ? { otherwise } : {}),
          ...(negate ? { negate } : {}),
        });
      }
    }
    return out;
  }

  /** The module (this one or an imported one) whose tree holds `node`. */
  private ownerOf(node: PyNode): PyModule | undefined {
    let root = node;
    while (root.parent) root = root.parent;
    if (root === this.m.root) return this.m;
    for (const m of this.others.keys()) if (m.root === root) return m;
    return undefined;
  }

  /** `req` as made by each caller of its helper inside this module, and their callers in turn. */
  private callerRequests(req: HttpRequest, depth: number): HttpRequest[] {
    if (depth >= MAX_HELPER_DEPTH) return [];
    const fnScope = this.helperScope(req.node, this.requestParams(req));
    if (!fnScope) return [];
    const out: HttpRequest[] = [];
    for (const caller of this.callersOf(fnScope)) {
      const next = this.atCaller(req, fnScope, caller.node, caller.scope, this.m);
      if (next) out.push(next, ...this.callerRequests(next, depth + 1));
    }
    return out;
  }

  /**
   * The requests a function of this module makes, for a module that imports it: those written in
   * it and in the functions of this module it calls, raw and as their callers here make them.
   * Only what the function reaches is evaluated, so a big imported module costs little.
   */
  requestsOf(fnScope: Scope): HttpRequest[] {
    const cached = this.requestCache.get(fnScope);
    if (cached) return cached;
    const raw: HttpRequest[] = [];
    this.requestCache.set(fnScope, raw);
    const made: SdkMade[] = [];
    this.sdkCache.set(fnScope, made);
    this.collecting = raw;
    this.collectingSdk = made;
    try {
      const fns = [fnScope];
      const top = fnScope.fn;
      for (let i = 0; i < fns.length && i < 10; i++) {
        const fn = fns[i]!.fn;
        if (!fn) continue;
        for (const rec of this.m.collected.calls) {
          if (rec.node.start < fn.start || rec.node.end > fn.end) continue;
          // A function defined inside this one runs only when called (below), not when this one
          // does: an app factory's route handlers (`@app.get` inside `create_app`) are not its requests.
          if (runningFunction(rec.scope) !== fns[i]) continue;
          try {
            this.call(rec.node, rec.scope);
            // One level of this module's own helpers called from the function, and the functions
            // defined inside it that it calls, at any depth.
            const f = rec.node.children.find((c) => c.field === 'function');
            const callee = f ? this.m.callee(f, rec.scope) : undefined;
            if (callee?.k === 'fn' && callee.module === this.m && !fns.includes(callee.scope)) {
              const nested = !!top && !!callee.scope.fn && callee.scope.fn.start > top.start && callee.scope.fn.end <= top.end;
              if (i === 0 || nested) fns.push(callee.scope);
            }
          } catch (e) {
            // as in run()
            caughtExpected(e, isBudgetExceeded);
          }
          if (raw.length >= MAX_MODULE_REQUESTS) break;
        }
      }
    } finally {
      this.collecting = undefined;
      this.collectingSdk = undefined;
    }
    // A client made by a helper of this module the function calls, as the function makes it.
    const outer = fnScope.fn;
    for (const inner of [...made]) {
      if (!outer || !inner.fnScope || inner.fnScope === fnScope) continue;
      for (const caller of this.callersOf(inner.fnScope)) {
        if (caller.node.start < outer.start || caller.node.end > outer.end) continue;
        const filled = this.fillAtCall([inner.token, inner.host], inner.fnScope, caller.node, caller.scope);
        if (filled) made.push({ ...inner, token: filled[0], host: filled[1], fnScope, via: caller.node });
      }
    }
    const all = [...raw];
    for (const r of raw) all.push(...this.callerRequests(r, 0));
    this.requestCache.set(fnScope, all);
    return all;
  }

  /** The SDK clients a function of this module makes, for a module that imports it (gathered by requestsOf). */
  sdkMadeIn(fnScope: Scope): readonly SdkMade[] {
    if (!this.sdkCache.has(fnScope)) this.requestsOf(fnScope);
    return this.sdkCache.get(fnScope) ?? [];
  }

  /**
   * A call to a function of another repository module that makes a dbt Cloud request with the
   * URL (or endpoint) this call passes: `cloud_request(method="get", endpoint="accounts/1/")`.
   */
  private importedHelper(node: PyNode, scope: Scope, module: PyModule, fnScope: Scope): void {
    const fn = fnScope.fn;
    // While gathering for an importer, helpers of helpers in third modules are not followed.
    if (!fn || module === this.m || this.collecting) return;
    const other = this.emitterFor(module);
    for (const req of other.requestsOf(fnScope)) {
      if (req.node.start < fn.start || req.node.end > fn.end) continue;
      const next = this.atCaller(req, fnScope, node, scope, this.m, true);
      if (!next) continue;
      const site = this.requestSite(next);
      if (!site) continue;
      site.requestAt = { file: module.path, line: (req.madeAt ?? req.node).line };
      if (next.tokenOnly) site.passesOnly = true;
      this.push(site, node);
    }
    for (const made of other.sdkMadeIn(fnScope)) {
      const at = made.via ?? made.node;
      if (made.fnScope !== fnScope || at.start < fn.start || at.end > fn.end) continue;
      const site = this.sdkAtCaller(made, fnScope, node, scope);
      if (!site) continue;
      site.requestAt = { file: module.path, line: made.node.line };
      this.push(site, node);
    }
  }

  /**
   * `vals` (written in the function of `fnScope`) with its parameters as `call`, made in this
   * module, passes them; undefined when the call fills in none of them.
   */
  private fillAtCall(vals: (Val | undefined)[], fnScope: Scope, call: PyNode, callerScope: Scope): (Val | undefined)[] | undefined {
    const passed = argumentsAt(fnScope, call, callerScope, this.m);
    const filled = vals.map((v) => (v ? substituteParams(v, passed.sub) : undefined));
    return passed.adds() ? filled : undefined;
  }

  /**
   * `load_metrics(env_id, os.environ["DBT_SL_SERVICE_TOKEN"], host)` calling a helper of another
   * module that makes the Semantic Layer client from its parameters: the client as this call
   * fills it in, reported here; the helper's own client takes the token its callers agree on
   * (src/scan/link-references.ts, linkHelperCallers). Nothing when the call fills in neither.
   */
  private sdkAtCaller(made: SdkMade, fnScope: Scope, call: PyNode, callerScope: Scope): RawCallSite | undefined {
    const filled = this.fillAtCall([made.token, made.host], fnScope, call, callerScope);
    if (!filled) return undefined;
    const [token, host] = filled;
    const site: RawCallSite = {
      kind: 'sdk',
      span: this.span(call),
      endpoint: { host: hostOf(host) ?? `semantic-layer.${DEFAULT_API_HOST}`, path: '/api/graphql' },
      client: made.client,
    };
    const credential = this.cred(token);
    if (credential) site.credential = credential;
    return site;
  }

  /**
   * `self._req(path)` in a subclass, `_req` a base class's method that makes the request
   * (`requests.request(method, self.BASE_URL + path, headers=self.headers)`) with what the subclass
   * sets (`BASE_URL = "https://cloud.getdbt.com/api/v2/accounts"`, `self.headers` in its
   * `__init__`): the base's request read with `self` an instance of the subclass, reported at
   * each such call. True when the call is such a call (whatever it yields).
   */
  private inheritedHelper(node: PyNode, fn: PyNode, scope: Scope, module: PyModule, fnScope: Scope): boolean {
    if (fn.type !== 'attribute' || this.m.textOf(childByField(fn, 'object') ?? fn) !== 'self') return false;
    const helperClass = fnScope.parent?.kind === 'class' ? fnScope.parent.cls : undefined;
    const callerClass = methodClassScope(scope)?.cls;
    if (!helperClass || !callerClass || helperClass === callerClass || !this.m.derivesFrom(callerClass, helperClass, 0)) return false;
    const helper = fnScope.fn;
    if (!helper) return true;
    // Read afresh for each subclass: what the base's request holds depends on it.
    let byClass = this.inheritedRequests.get(fnScope);
    if (!byClass) this.inheritedRequests.set(fnScope, (byClass = new Map()));
    let requests = byClass.get(callerClass);
    if (!requests) {
      if (module !== this.m) this.emitterFor(module);
      this.m.loader.instances.push({ module: this.m, node: callerClass });
      try {
        requests = new Emitter(module, this.mapPos).requestsOf(fnScope);
      } finally {
        this.m.loader.instances.pop();
      }
      byClass.set(callerClass, requests);
    }
    this.m.loader.instances.push({ module: this.m, node: callerClass });
    try {
      for (const req of requests) {
        if (req.node.start < helper.start || req.node.end > helper.end) continue;
        const next = this.atCaller(req, fnScope, node, scope, this.m);
        // Collected as this method's own request (a class of another module made with it, `importedClass`).
        if (next && this.collecting) {
          this.collecting.push(next);
          continue;
        }
        const site = next && this.requestSite(next);
        if (!site) continue;
        if (module !== this.m) site.requestAt = { file: module.path, line: (req.madeAt ?? req.node).line };
        this.push(site, node);
      }
    } finally {
      this.m.loader.instances.pop();
    }
    return true;
  }

  /**
   * `DbtCloudClient(api_token=SERVICE_TOKEN)` made here from a class of another repository module
   * whose methods make dbt Cloud requests with what its `__init__` keeps (`self.headers` built
   * from `api_token`): those requests as this construction fills them in, with `requestAt` as an
   * imported helper's are, but only passing on what they are given (`passesOnly`): the class's
   * own sites take what every construction passes (src/scan/link-references.ts `linkHelperCallers`)
   * and are reported where they are made, as a class used in its own module is.
   */
  private importedClass(node: PyNode, scope: Scope, module: PyModule, cls: PyNode): void {
    if (module === this.m || this.collecting) return;
    const methods = classMethods(cls);
    const isInit = (fn: PyNode): boolean => {
      const name = childByField(fn, 'name');
      return !!name && module.textOf(name) === '__init__';
    };
    const init = methods.find(isInit);
    // A class with no `__init__` but declared fields (a dataclass) is made with those, in their
    // order: its requests read them as the parameters of that constructor (PyModule.fieldParam);
    // one deriving from a repository class that has one (`class Admin(Base)`) is made with that,
    // and has the base's methods too.
    const inherited = init || module.declaredFields(cls).length > 0 ? undefined : module.inheritedInit(cls);
    const initScope = init
      ? module.collected.functionScopes.get(init)
      : inherited
        ? inherited.module.collected.functionScopes.get(inherited.init)
        : module.declaredFields(cls).length > 0
          ? module.collected.classScopes.get(cls)
          : undefined;
    if (!initScope) return;
    const owned = [
      ...methods.map((method) => ({ module, method })),
      ...(inherited?.classes ?? [])
        .filter((c) => c.module !== this.m)
        .flatMap((c) => classMethods(c.node).map((method) => ({ module: c.module, method }))),
    ];
    for (const { module: owner, method } of owned) {
      const methodScope = method === init || method === inherited?.init ? undefined : owner.collected.functionScopes.get(method);
      if (!methodScope) continue;
      const other = this.emitterFor(owner);
      for (const req of other.requestsOf(methodScope)) {
        // Written in this method, also as another method of the class calls it (`self._request(url)`);
        // one a base class of another module makes is reported at this method's call of it.
        const inMethod = (n: PyNode): boolean => n.start >= method.start && n.end <= method.end;
        const made = req.madeAt && treeRoot(req.madeAt) === owner.root ? req.madeAt : undefined;
        // Made by a base class's method of the same module (`self._get(path)` with `_get` in the base,
        // which `super().__init__(token, …)` configures): at this method's call, and at the base's request.
        const written = made && inMethod(made) ? [made] : inMethod(req.node) ? [req.node, ...(made ? [made] : [])] : [];
        if (written.length === 0) continue;
        const next = this.atCaller(req, initScope, node, scope, this.m, true);
        for (const at of written) {
          const site = next && this.requestSite(next);
          if (!site) break;
          site.requestAt = { file: owner.path, line: at.line };
          site.passesOnly = true;
          this.push(site, node);
        }
      }
    }
  }

  private emitterFor(module: PyModule): Emitter {
    let e = this.others.get(module);
    if (!e) {
      e = new Emitter(module, this.mapPos);
      this.others.set(module, e);
    }
    return e;
  }

  /** Calls of a function of this module: `helper(...)`, or `self.helper(...)` inside its class. */
  private callersOf(fnScope: Scope): CallRecord[] {
    const fn = fnScope.fn;
    if (!fn || this.m.collected.functionScopes.get(fn) !== fnScope || fnScope.isInit) return [];
    const nameNode = fn.children.find((c) => c.field === 'name');
    if (!nameNode) return [];
    const name = this.m.textOf(nameNode);
    const out: CallRecord[] = [];
    if (fnScope.parent?.kind === 'class') {
      const cls = fnScope.parent;
      for (const rec of this.m.collected.calls) {
        const f = rec.node.children.find((c) => c.field === 'function');
        if (f?.type !== 'attribute') continue;
        const obj = f.children.find((c) => c.field === 'object');
        const attr = f.children.find((c) => c.field === 'attribute');
        if (!obj || !attr || this.m.textOf(attr) !== name || !['self', 'cls'].includes(this.m.textOf(obj))) continue;
        if (methodClassScope(rec.scope) !== cls) continue;
        out.push(rec);
        if (out.length >= MAX_CALLERS) break;
      }
      return out;
    }
    for (const rec of (this.m.collected.callsByName.get(name) ?? []).slice(0, MAX_CALLERS)) {
      if (this.m.lookup(name, rec.scope, rec.node.start)?.node === fn) out.push(rec);
    }
    // `api = partial(call, token=…)` then `api(…)`: calls of `call` with the bound arguments first.
    for (const made of this.partialsMade()) {
      const bound = made.node.parent?.type === 'assignment' ? childByField(made.node.parent, 'left') : undefined;
      if (bound?.type !== 'identifier') continue;
      for (const rec of (this.m.collected.callsByName.get(this.m.textOf(bound)) ?? []).slice(0, MAX_CALLERS)) {
        if (out.length >= MAX_CALLERS) break;
        if (this.m.partialCallArgs(rec.node, rec.scope)?.fn === fn) out.push(rec);
      }
    }
    // `PythonOperator(python_callable=trigger, op_kwargs={...})`: the task calls it with those.
    for (const { rec, callable } of this.operatorCalls()) {
      if (out.length >= MAX_CALLERS) break;
      if (callable === name && this.m.lookup(name, rec.scope, rec.node.start)?.node === fn) out.push(rec);
    }
    // argparse's dispatch: `sub.set_defaults(func=cmd_trigger)`, then `args.func(args, headers)` calls it.
    for (const key of this.dispatchKeysOf(name, fn)) {
      for (const rec of this.m.collected.calls) {
        if (out.length >= MAX_CALLERS) break;
        const f = childByField(rec.node, 'function');
        const attr = f?.type === 'attribute' ? childByField(f, 'attribute') : undefined;
        if (attr && this.m.textOf(attr) === key) out.push(rec);
      }
    }
    return out;
  }

  /** The keywords of `set_defaults(func=name)` calls registering the function `fn` as a subcommand's handler. */
  private dispatchKeysOf(name: string, fn: PyNode): string[] {
    if (!this.m.text.includes('set_defaults')) return [];
    const keys = new Set<string>();
    for (const rec of this.m.collected.calls) {
      const f = childByField(rec.node, 'function');
      const attr = f?.type === 'attribute' ? childByField(f, 'attribute') : undefined;
      if (!attr || this.m.textOf(attr) !== 'set_defaults') continue;
      for (const [key, value] of this.m.callArgs(rec.node).keywords)
        if (value.type === 'identifier' && this.m.textOf(value) === name && this.m.lookup(name, rec.scope, rec.node.start)?.node === fn)
          keys.add(key);
    }
    return [...keys];
  }

  private partialsFound: CallRecord[] | undefined;

  /** The module's `partial(…)` and `functools.partial(…)` calls: found once. */
  private partialsMade(): CallRecord[] {
    this.partialsFound ??= [
      ...(this.m.collected.callsByName.get('partial') ?? []),
      ...(this.m.text.includes('functools.partial')
        ? this.m.collected.calls.filter((rec) => {
            const f = childByField(rec.node, 'function');
            return f?.type === 'attribute' && this.m.textOf(f) === 'functools.partial';
          })
        : []),
    ].slice(0, MAX_CALLERS);
    return this.partialsFound;
  }

  private operatorCallsFound: { rec: CallRecord; callable: string }[] | undefined;

  /** The module's `PythonOperator(python_callable=f, …)` calls, by the name of the function each calls: found once. */
  private operatorCalls(): { rec: CallRecord; callable: string }[] {
    if (!this.operatorCallsFound) {
      this.operatorCallsFound = [];
      for (const rec of this.m.collected.calls) {
        const callable = this.m.callableOperatorArgs(rec.node)?.callable;
        if (callable?.type === 'identifier') this.operatorCallsFound.push({ rec, callable: this.m.textOf(callable) });
      }
    }
    return this.operatorCallsFound;
  }

  private headerCredential(maps: Map<string, Val>[], jinja?: boolean): RawCredential | undefined {
    for (const map of maps) {
      for (const [k, v] of map) {
        if (k.trim().toLowerCase() === 'authorization') return this.cred(v, { scheme: true, jinja });
      }
    }
    return undefined;
  }

  /**
   * dlt's declarative REST API source: a request per resource, each on the client's `base_url`
   * with the resource's path (its name when it gives none), sent with the client's headers and
   * `auth` (`{"type": "bearer", "token": …}`, an API key's `api_key`, basic auth's `password`).
   */
  private restApiSource(config: Val | undefined, node: PyNode): void {
    if (config?.t !== 'dict') return;
    const entries = this.m.dictEntries(config);
    const client = entries.get('client');
    const clientEntries = client?.t === 'dict' ? this.m.dictEntries(client) : new Map<string, Val>();
    const base = clientEntries.get('base_url');
    if (base?.t !== 'str') return;
    const auth = clientEntries.get('auth');
    const authEntries = auth?.t === 'dict' ? this.m.dictEntries(auth) : undefined;
    const secret = authEntries ? (authEntries.get('token') ?? authEntries.get('api_key') ?? authEntries.get('password')) : auth;
    const resources = entries.get('resources');
    const paths: Val[] = [];
    for (const r of resources?.t === 'seq' ? resources.items.slice(0, 50) : []) {
      if (r.t === 'str') paths.push(r);
      else if (r.t === 'dict') {
        const re = this.m.dictEntries(r);
        const endpoint = re.get('endpoint');
        const path = endpoint?.t === 'dict' ? this.m.dictEntries(endpoint).get('path') : endpoint;
        const name = path?.t === 'str' ? path : re.get('name');
        if (name?.t === 'str') paths.push(name);
      }
    }
    for (const path of paths)
      this.http({
        node,
        client: 'dlt.rest_api',
        url: path,
        base,
        method: 'GET',
        headers: [this.dictOf(clientEntries.get('headers'))],
        auth: [secret],
      });
  }

  private authCredential(auths: (Val | undefined)[]): RawCredential | undefined {
    for (const a of auths) {
      if (!a || a.t === 'obj' || a.t === 'dict') continue;
      const c = this.cred(a, { scheme: true });
      if (c) return c;
    }
    return undefined;
  }

  // ---- clients, operators, resources ----

  private constructed(cls: string, node: PyNode, scope: Scope, given?: ObjectVal): void {
    const v = given ?? this.m.eval(node, scope);
    if (v.t !== 'obj') return;
    const kw = (name: string, index?: number): Val | undefined =>
      v.keywords.get(name) ?? (index !== undefined ? v.positional[index] : undefined);
    switch (cls) {
      case 'urllib.Request': {
        const data = kw('data', 1);
        this.http({
          node,
          client: 'urllib',
          url: kw('url', 0),
          method: literalText(kw('method') ?? { t: 'unknown' }) ?? (data ? 'POST' : 'GET'),
          headers: [this.dictOf(kw('headers', 2)), this.m.objectHeaders(v)],
          auth: [],
        });
        return;
      }
      case 'dlt.rest_api':
        this.restApiSource(kw('config', 0), node);
        return;
      case 'gql.Transport':
        this.http({ node, client: 'gql', url: kw('url', 0), method: 'POST', headers: [this.dictOf(kw('headers'))], auth: [kw('auth')] });
        return;
      case 'sgqlc.Endpoint':
        this.http({ node, client: 'sgqlc', url: kw('url', 0), method: 'POST', headers: [this.dictOf(kw('base_headers', 1))], auth: [] });
        return;
      case 'python_graphql_client.GraphqlClient':
        for (const site of this.graphqlClientRequest(v, node)) this.graphqlClientSites.add(site);
        return;
      case 'dbtc':
        this.dbtc(v, node);
        return;
      case 'dbt-cloud-cli': {
        // Its arguments default to DBT_CLOUD_API_TOKEN and DBT_CLOUD_HOST (data-mie/dbt-cloud-cli, dbt_cloud/command).
        const token = kw('api_token');
        const credential = token
          ? (this.cred(token) ?? { source: 'unknown' as const })
          : { source: 'env' as const, name: 'DBT_CLOUD_API_TOKEN' };
        // The class says which command it runs (`DbtCloudAccountListCommand`: `GET /api/v2/accounts/`).
        const fn = node.type === 'call' ? childByField(node, 'function') : undefined;
        const cls = fn ? this.m.textOf(fn).split('.').pop()! : '';
        const command = dbtCloudCliCommand(dbtCloudCliCommandOfClass(cls) ?? '');
        const account = literalDigits(kw('account_id'));
        const job = literalDigits(kw('job_id'));
        const path = command?.path(account ?? '{account_id}').replace('{job_id}', job ?? '{job_id}');
        this.sdk(node, 'dbt-cloud-cli', credential, hostOf(kw('dbt_cloud_host')) ?? DEFAULT_API_HOST, kw('account_id'), path);
        return;
      }
      case 'pulumi.dbtcloud.Provider': {
        // Without a `token` the provider reads DBT_CLOUD_TOKEN, as the Terraform provider does.
        const token = kw('token');
        const credential = token ? this.cred(token) : { source: 'env' as const, name: 'DBT_CLOUD_TOKEN', span: this.span(node) };
        const site: RawCallSite = {
          kind: 'terraform',
          span: this.span(node),
          endpoint: { host: hostOf(kw('host_url')) ?? DEFAULT_API_HOST },
          client: 'pulumi-dbtcloud.Provider',
        };
        if (credential) site.credential = credential;
        const account = literalDigits(kw('account_id'));
        if (account) site.accountIds = [account];
        this.push(site, node);
        return;
      }
      case 'airflow.HttpOperator':
      case 'airflow.HttpSensor':
        this.httpOperator(v, node);
        return;
      case 'airflow.Connection':
        this.connectionDefinition(v, node);
        return;
      case 'DbtCloudCredentials':
      case 'dagster.DbtCloudCredentials':
      case 'prefect.DbtCloudCredentials': {
        if (isPrefectCredentials(v)) {
          if (this.onlySavedAsBlock(node)) {
            this.savedBlock(v, node);
            return;
          }
          const { credential, host, account } = this.prefectCredentials(v, node);
          const site = this.sdk(node, 'prefect-dbt.DbtCloudCredentials', credential, host, account);
          this.prefectBlockSites.set(v.id, site);
        } else {
          this.sdk(
            node,
            'dagster-dbt.DbtCloudCredentials',
            this.cred(kw('token', 1)),
            hostOf(kw('access_url', 2)) ?? DEFAULT_API_HOST,
            kw('account_id', 0),
          );
        }
        return;
      }
      case 'prefect.DbtCloudJob':
        if (this.onlySavedAsBlock(node)) this.savedJobBlock(v, node);
        return;
      case 'prefect.DbtCloudCredentials.load': {
        if (this.onlyBuildsSavedJob(node)) return;
        const site = this.sdk(
          node,
          'prefect-dbt.DbtCloudCredentials.load',
          this.prefectCredentials(v, node).credential,
          DEFAULT_API_HOST,
          undefined,
        );
        this.prefectBlockSites.set(v.id, site);
        return;
      }
      case 'prefect1.DbtCloudRunJob': {
        // Prefect 1's `DbtCloudRunJob(cause, account_id, job_id, token, …)`: without a token it reads the
        // env var `token_env_var_name` names (DBT_CLOUD_TOKEN); the task triggers the job when the flow runs.
        const token = kw('token', 3);
        const envName = literalText(kw('token_env_var_name', undefined) ?? unknown()) ?? 'DBT_CLOUD_TOKEN';
        const credential = token ? this.cred(token) : { source: 'env' as const, name: envName, span: this.span(node) };
        const job = literalDigits(kw('job_id', 2));
        this.sdk(
          node,
          'prefect.tasks.dbt.DbtCloudRunJob',
          credential,
          DEFAULT_API_HOST,
          kw('account_id', 1),
          `/api/v2/accounts/${literalDigits(kw('account_id', 1)) ?? '{account_id}'}/jobs/${job ?? '{job_id}'}/run/`,
        );
        return;
      }
      case 'dlt.run_dbt_cloud_job':
      case 'dlt.get_dbt_cloud_run_status': {
        // dlt's helpers call with the credentials given, else the `dbt_cloud` section of dlt's
        // configuration: `.dlt/secrets.toml`'s `[dbt_cloud]` `api_token` (or DBT_CLOUD__API_TOKEN).
        const creds = kw('credentials', 0);
        const token = creds?.t === 'obj' ? (creds.keywords.get('api_token') ?? creds.positional[0]) : undefined;
        const credential = token ? this.cred(token) : { source: 'config' as const, name: 'dbt_cloud.api_token', span: this.span(node) };
        const account = creds?.t === 'obj' ? (creds.keywords.get('account_id') ?? creds.positional[1]) : undefined;
        const accountPath = literalDigits(account) ?? '{account_id}';
        const trigger = cls === 'dlt.run_dbt_cloud_job';
        const id = literalDigits(kw(trigger ? 'job_id' : 'run_id', 1));
        const path = trigger
          ? `/api/v2/accounts/${accountPath}/jobs/${id ?? '{job_id}'}/run/`
          : `/api/v2/accounts/${accountPath}/runs/${id ?? '{run_id}'}/`;
        const base = creds?.t === 'obj' ? creds.keywords.get('base_api_url') : undefined;
        this.sdk(node, `dlt.helpers.dbt_cloud.${cls.slice('dlt.'.length)}`, credential, hostOf(base) ?? DEFAULT_API_HOST, account, path);
        return;
      }
      case 'dlt.DBTCloudConfiguration':
        // Credentials a helper is given (`run_dbt_cloud_job(credentials=…)`): read where it is used.
        return;
      case 'dlt.DBTCloudClientV2':
        // `DBTCloudClientV2(api_token, account_id, base_api_url=…)`: its methods trigger and poll runs.
        this.sdk(
          node,
          'dlt.helpers.dbt_cloud.DBTCloudClientV2',
          this.cred(kw('api_token', 0)),
          hostOf(kw('base_api_url', 2)) ?? DEFAULT_API_HOST,
          kw('account_id', 1),
        );
        return;
      case 'pycarlo.DbtCloudClient': {
        // pycarlo.features.dbt.dbt_cloud_client: `DbtCloudClient(dbt_cloud_api_token, dbt_cloud_account_id,
        // dbt_cloud_base_url)`; without a token it reads DBT_CLOUD_API_TOKEN from the environment.
        const token = kw('dbt_cloud_api_token', 0);
        const credential = token ? this.cred(token) : { source: 'env' as const, name: 'DBT_CLOUD_API_TOKEN', span: this.span(node) };
        this.sdk(
          node,
          'pycarlo.DbtCloudClient',
          credential,
          hostOf(kw('dbt_cloud_base_url', 2)) ?? DEFAULT_API_HOST,
          kw('dbt_cloud_account_id', 1),
          undefined,
          'partner-integration',
        );
        return;
      }
      case 'dagster.DbtCloudClientResource':
        this.sdk(
          node,
          'dagster-dbt.DbtCloudClientResource',
          this.cred(kw('auth_token', 0)),
          hostOf(kw('dbt_cloud_host')) ?? DEFAULT_API_HOST,
          kw('account_id', 1),
        );
        return;
      case 'dagster.DbtCloudWorkspaceClient':
        this.sdk(
          node,
          'dagster-dbt.DbtCloudWorkspaceClient',
          this.cred(kw('token', 1)),
          hostOf(kw('access_url', 2)) ?? DEFAULT_API_HOST,
          kw('account_id', 0),
        );
        return;
      case 'dagster.dbt_cloud_resource': {
        const config = kw('config', 0);
        const entries = config?.t === 'dict' ? this.m.dictEntries(config) : new Map<string, Val>();
        const credential = this.cred(entries.get('auth_token'));
        if (credential && credential.source === 'env' && !credential.span) credential.span = this.span(node);
        this.sdk(
          node,
          'dagster-dbt.dbt_cloud_resource',
          credential,
          hostOf(entries.get('dbt_cloud_host')) ?? DEFAULT_API_HOST,
          entries.get('account_id'),
        );
        return;
      }
      case 'adbc.flightsql': {
        // Semantic Layer over Arrow Flight SQL: the token rides in db_kwargs' authorization header.
        // The docs write the URI without slashes (`grpc+tls:semantic-layer.cloud.getdbt.com:443`).
        const uri = kw('uri', 0);
        const uriText = uri && literalText(uri);
        const host =
          uriText !== undefined
            ? hostOfSetting(uriText.trim().replace(/^(grpc(?:\+tls|\+tcp)?):(?!\/\/)/i, '$1://'))?.toLowerCase()
            : hostOf(uri);
        const dbKwargs = kw('db_kwargs');
        const entries = dbKwargs?.t === 'dict' ? this.m.dictEntries(dbKwargs) : new Map<string, Val>();
        // The Semantic Layer's own call header (`…rpc.call_header.environmentid`), or the queries the
        // module sends in its JDBC syntax, say where it goes when the host is read at run time
        // (from the JDBC URL in the environment, or one the user pastes into an app).
        const readAtRunTime = host === undefined || host.startsWith('{');
        const semanticLayer =
          [...entries.keys()].some((k) => /call_header\.environmentid$/i.test(k)) ||
          (readAtRunTime && writesSemanticLayerQuery(this.m.text));
        const known = !readAtRunTime && isDbtCloudHost(host);
        if (!known && !semanticLayer) return;
        // Keyed by the option's name, or by `DatabaseOptions.AUTHORIZATION_HEADER.value`, which names it.
        const header = [...entries].find(([k]) => /authorization/i.test(k))?.[1];
        this.sdk(node, 'adbc-flightsql', this.cred(header, { scheme: true }), known ? host : '{semantic-layer-host}', undefined);
        return;
      }
      case 'pyarrow.flight.FlightClient': {
        // A Flight client aimed at the Semantic Layer; its token rides in the call options'
        // headers (`FlightCallOptions(headers=[(b"authorization", b"Bearer …")])`).
        const location = kw('location', 0);
        const text = location && literalText(location);
        const host = text !== undefined ? hostOfSetting(text.trim())?.toLowerCase() : hostOf(location);
        const readAtRunTime = host === undefined || host.startsWith('{');
        const known = !readAtRunTime && isDbtCloudHost(host);
        // A host given at run time (a JDBC URL the user pastes) is the Semantic Layer's when the module writes its queries.
        if (!known && !(readAtRunTime && writesSemanticLayerQuery(this.m.text))) return;
        this.sdk(
          node,
          'pyarrow.flight',
          this.cred(this.flightAuthorization(), { scheme: true }),
          known ? host : '{semantic-layer-host}',
          undefined,
        );
        return;
      }
      case 'dbtsl.SemanticLayerClient':
        this.collectingSdk?.push({
          node,
          client: 'dbt-sl-sdk.SemanticLayerClient',
          token: kw('auth_token'),
          host: kw('host'),
          fnScope: functionScopeOf(scope),
        });
        {
          const site = this.sdk(
            node,
            'dbt-sl-sdk.SemanticLayerClient',
            this.cred(kw('auth_token')),
            hostOf(kw('host')) ?? `semantic-layer.${DEFAULT_API_HOST}`,
            undefined,
            '/api/graphql',
          );
          // `host=os.environ["SL_HOST"]`: the host a CI step or env file sets that variable to (scan/link-references.ts).
          const hostEnv = soleEnvName(kw('host'));
          if (hostEnv !== undefined && site.endpoint) site.endpoint.hostEnv = hostEnv;
        }
        return;
      default:
        if (cls.startsWith('airflow.dbt:')) this.airflowDbt(cls.slice('airflow.dbt:'.length), v, node);
    }
  }

  /** The authorization header of the module's Arrow Flight call options, when one is written. */
  private flightAuthorization(): Val | undefined {
    for (const rec of this.m.collected.calls) {
      const fn = childByField(rec.node, 'function');
      if (!fn || !/(^|\.)FlightCallOptions$/.test(this.m.textOf(fn))) continue;
      const headers = this.m.argValue(rec.node, rec.scope, 'headers', undefined);
      for (const pair of headers?.t === 'seq' ? headers.items.slice(0, 20) : []) {
        const [name, value] = pair.t === 'seq' ? pair.items : [];
        if (name && value && literalText(name)?.toLowerCase() === 'authorization') return value;
      }
    }
    return undefined;
  }

  private sdk(
    node: PyNode,
    client: string,
    credential: RawCredential | undefined,
    host: string,
    account: Val | undefined,
    path?: string,
    workflow?: Workflow,
  ): RawCallSite {
    const endpoint: RawEndpoint = { host };
    if (path) endpoint.path = path;
    const site: RawCallSite = { kind: 'sdk', span: this.span(node), endpoint, client };
    if (workflow) site.workflow = workflow;
    if (credential) site.credential = credential;
    const id = literalDigits(account);
    if (id) site.accountIds = [id];
    this.push(site, node);
    return site;
  }

  /**
   * A prefect-dbt task, flow or block method: the dbt Cloud call, made with the credentials block
   * it is given (directly, or inside a job block). Without either it is a helper that calls nothing.
   */
  private prefectCall(node: PyNode, name: string, credentials: Val | undefined, job: Val | undefined): void {
    if (!credentials && !job) return;
    let block = credentials;
    let credential: RawCredential | undefined;
    if (job?.t === 'obj' && job.cls === 'prefect.DbtCloudJob') block = job.keywords.get('dbt_cloud_credentials') ?? job.positional[0];
    else if (job?.t === 'obj' && job.cls === 'prefect.DbtCloudJob.load') credential = this.prefectCredentials(job, node).credential;
    let host = DEFAULT_API_HOST;
    let account: Val | undefined;
    if (block?.t === 'obj' && isPrefectCredentials(block)) {
      this.prefectBlocksUsed.add(block.id);
      ({ credential, host, account } = this.prefectCredentials(block, node));
    }
    this.sdk(node, `prefect-dbt.${name}`, credential ?? { source: 'unknown' }, host, account);
  }

  /** The token a Prefect block carries: its `api_key`, or the block's name on the Prefect server when it is loaded. */
  private prefectCredentials(
    block: ObjectVal,
    at: PyNode,
  ): { credential: RawCredential | undefined; host: string; account: Val | undefined } {
    const kw = (name: string, index?: number): Val | undefined =>
      block.keywords.get(name) ?? (index !== undefined ? block.positional[index] : undefined);
    if (block.cls.endsWith('.load')) {
      const name = literalText(kw('name', 0) ?? { t: 'unknown' });
      // The block a set-up script saved under that name holds the token (savedBlock).
      const ref = name !== undefined ? { ref: { kind: 'prefect-block' as const, id: name } } : {};
      return { credential: { source: 'config', name, span: this.span(at), ...ref }, host: DEFAULT_API_HOST, account: undefined };
    }
    return { credential: this.cred(kw('api_key')), host: hostOf(kw('domain')) ?? DEFAULT_API_HOST, account: kw('account_id') };
  }

  private dbtc(v: ObjectVal, node: PyNode): void {
    const apiKey = v.keywords.get('api_key');
    const service = v.keywords.get('service_token');
    let credential: RawCredential | undefined;
    // `api_key` was named for the old user keys, and takes a PAT or a service token as well now:
    // the slot says nothing of the token in it (only its value, name or description can).
    if (apiKey) credential = this.cred(apiKey) ?? { source: 'unknown' };
    else if (service) credential = { ...(this.cred(service) ?? { source: 'unknown' }), slotType: 'service-token' };
    else {
      // dbtc reads DBT_CLOUD_API_KEY or DBT_CLOUD_SERVICE_TOKEN from the environment.
      const apiKeyEnv = this.m.text.includes('DBT_CLOUD_API_KEY') && !this.m.text.includes('DBT_CLOUD_SERVICE_TOKEN');
      credential = apiKeyEnv
        ? { source: 'env', name: 'DBT_CLOUD_API_KEY' }
        : { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN', slotType: 'service-token' };
    }
    // A module listing the accounts its client sees (`client.cloud.list_accounts()`): the client's
    // call that expects every account, which a PAT no longer gives (account-listing-with-pat).
    const lists = /\.cloud\.list_accounts[ \t]*\(/.test(this.m.text) ? '/api/v2/accounts/' : undefined;
    // One setting up a project's credentials (`client.cloud.create_credentials(account_id, project_id, payload)`):
    // the endpoint dbt counts with the user's own, which a service token is refused.
    const credentials = /\.cloud\.(?:create|update|partial_update)_credentials[ \t]*\(/.test(this.m.text)
      ? '/api/v3/accounts/{account_id}/projects/{project_id}/credentials/'
      : undefined;
    const site = this.sdk(
      node,
      'dbtc',
      credential,
      hostOf(v.keywords.get('host')) ?? DEFAULT_API_HOST,
      v.keywords.get('account_id'),
      lists ?? credentials,
    );
    // `client.cloud.create_service_token(account_id, payload)`: the client creates service tokens
    // (pat-creates-service-token when its token is a PAT).
    if (/\.cloud\.create_service_token[ \t]*\(/.test(this.m.text)) site.createsServiceToken = true;
  }

  /** Airflow DAG-level `default_args`, which operators inherit. */
  private defaultArgs(): Map<string, Val> {
    if (this.defaultArgsCache) return this.defaultArgsCache;
    const out = new Map<string, Val>();
    this.defaultArgsCache = out;
    const add = (v: Val | undefined) => {
      if (v?.t === 'dict') for (const [k, x] of this.m.dictEntries(v)) if (!out.has(k)) out.set(k, x);
    };
    for (const b of this.m.collected.module.bindings.get('default_args') ?? []) add(this.m.valueOf(b));
    for (const rec of this.m.collected.calls.slice(0, 5000)) {
      const args = this.m.callArgs(rec.node);
      const node = args.keywords.get('default_args');
      if (node) add(this.m.eval(node, rec.scope));
    }
    return out;
  }

  private airflowDbt(cls: string, v: ObjectVal, node: PyNode): void {
    // Operators and sensors inherit the DAG's default_args; a hook does not.
    const isHook = cls === 'DbtCloudHook';
    const inherited = isHook ? new Map<string, Val>() : this.defaultArgs();
    const connVal = v.keywords.get('dbt_cloud_conn_id') ?? (isHook ? v.positional[0] : undefined) ?? inherited.get('dbt_cloud_conn_id');
    // A connection id read at run time (`Variable.get("DBT_CLOUD_CONN_ID")`) is not the default one.
    // `os.getenv("DBT_CLOUD_CONN_ID", "dbt_cloud_pat")`: the connection named where the variable is unset.
    const connId = connVal ? (literalText(connVal) ?? writtenDefaultOf(connVal)) : 'dbt_cloud_default';
    const account = v.keywords.get('account_id') ?? inherited.get('account_id');
    const accountId = literalDigits(account);
    const endpoint: RawEndpoint = { host: DEFAULT_API_HOST, hostAssumed: true };
    let path = airflowDbtPath(cls) ?? '';
    if (path) {
      const jobId = literalDigits(v.keywords.get('job_id'));
      if (accountId) path = path.replace('{account_id}', accountId);
      if (jobId) path = path.replace('{job_id}', jobId);
      endpoint.path = path;
    }
    const credSpan =
      connVal?.t === 'str' && connVal.parts[0]?.kind === 'literal' ? litSpan(connVal.parts[0], 0, this.m, this.mapPos) : undefined;
    const site: RawCallSite = {
      kind: 'sdk',
      span: this.span(node),
      endpoint,
      client: cls,
      credential: connId
        ? { source: 'config', name: connId, ref: airflowConnectionRef(connId), span: credSpan ?? this.span(node) }
        : { source: 'config', name: render(connVal!).replace(/^\{|\}$/g, ''), span: this.span(node) },
    };
    if (accountId) site.accountIds = [accountId];
    this.push(site, node);
    if (isHook) this.hookSites.set(v.id, site);
  }

  /**
   * The `DbtCloudHook` that a subclass of the provider's operator or sensor (`class
   * EnsureJobThenRun(DbtCloudRunJobOperator)`) has as `self.hook`, on the connection the
   * operator is given: one per class.
   */
  /** The method's class when it subclasses Airflow's HttpHook (`class DbtCloudHook(HttpHook)`). */
  private httpHookClass(scope: Scope): PyNode | undefined {
    const cls = methodClassScope(scope)?.cls;
    const bases = cls ? childByField(cls, 'superclasses') : undefined;
    return bases !== undefined && /\bHttpHook\b/.test(this.m.textOf(bases)) ? cls : undefined;
  }

  private inheritedHook(scope: Scope): ObjectVal | undefined {
    const cls = methodClassScope(scope)?.cls;
    if (!cls) return undefined;
    const known = this.inheritedHooks.get(cls);
    if (known !== undefined) return known ?? undefined;
    const provider = dbtCloudClassShape(this.m, cls, 0)?.providerClass;
    if (!provider || provider === 'DbtCloudHook') {
      this.inheritedHooks.set(cls, null);
      return undefined;
    }
    const hook: ObjectVal = { t: 'obj', id: newId(), cls: 'airflow.dbt:DbtCloudHook', positional: [], keywords: new Map(), owner: this.m };
    this.inheritedHooks.set(cls, hook);
    // Made with the class: each call on it is reported, the hook itself is not (hooksCalled).
    this.airflowDbt('DbtCloudHook', hook, cls);
    return hook;
  }

  /**
   * The endpoint of the hook's own request method, `_run_and_get_response(method=…, endpoint=…)`:
   * a path under the account list of the API version it is given (v2 unless it says v3).
   */
  private hookRequest(node: PyNode, scope: Scope): { path: string; method?: 'POST' } | undefined {
    const endpoint = this.m.argValue(node, scope, 'endpoint', 1);
    if (!endpoint || endpoint.t !== 'str') return undefined;
    const version = literalText(this.m.argValue(node, scope, 'api_version', undefined) ?? unknown()) === 'v3' ? 'v3' : 'v2';
    const method = literalText(this.m.argValue(node, scope, 'method', 0) ?? unknown())?.toUpperCase();
    const path = `/api/${version}/accounts/${render(endpoint).replace(/^\/+/, '')}`;
    return method === 'POST' ? { path, method } : { path };
  }

  /**
   * A request of python-graphql-client's `GraphqlClient(endpoint, headers)`, made at `node`: where
   * it is made, or at each `client.execute(query=…, headers=…)`, with the call's headers too.
   * Returns the sites it adds.
   */
  private graphqlClientRequest(
    client: ObjectVal,
    node: PyNode,
    call?: { headers: Val | undefined; query: Val | undefined },
  ): RawCallSite[] {
    const kw = (name: string, index?: number): Val | undefined =>
      client.keywords.get(name) ?? (index !== undefined ? client.positional[index] : undefined);
    const before = this.facts.callSites.length;
    this.http({
      node,
      client: 'python-graphql-client',
      url: kw('endpoint', 0),
      method: 'POST',
      headers: [this.dictOf(kw('headers', 1)), ...(call ? [this.dictOf(call.headers)] : [])],
      auth: [kw('auth')],
      ...(call?.query ? { body: call.query } : {}),
    });
    return this.facts.callSites.slice(before);
  }

  /** `client.execute(…)` on a GraphqlClient: the request, at this call. */
  private graphqlExecute(client: ObjectVal, node: PyNode, scope: Scope): void {
    const call = { headers: this.m.argValue(node, scope, 'headers', 3), query: this.m.argValue(node, scope, 'query', 0) };
    for (const site of this.graphqlClientRequest(client, node, call))
      if (site.endpoint?.url !== undefined) this.graphqlExecuted.add(site.endpoint.url);
  }

  /** `hook.trigger_job_run(job_id=...)` on a `DbtCloudHook(conn_id)`: the call, with its endpoint. */
  private airflowHookCall(hook: ObjectVal, method: string, node: PyNode, scope: Scope): void {
    const spec = airflowHookMethod(method) ?? (method === '_run_and_get_response' ? this.hookRequest(node, scope) : undefined);
    const made = this.hookSites.get(hook.id);
    if (!spec || !made) return;
    this.hooksCalled.add(hook.id);
    const arg = (kw: string) => literalDigits(this.m.argValue(node, scope, kw, undefined));
    const first = literalDigits(this.m.argValue(node, scope, undefined, 0));
    const accountId = arg('account_id');
    let path = spec.path;
    if (accountId) path = path.replace('{account_id}', accountId);
    // The method's first parameter is the first id its path takes after the account's.
    const firstId = /\{(?!account_id\})(\w+)\}/.exec(path)?.[1];
    for (const id of ['job_id', 'run_id', 'project_id']) {
      const value = arg(id) ?? (id === firstId ? first : undefined);
      if (value) path = path.replace(`{${id}}`, value);
    }
    const endpoint: RawEndpoint = { host: DEFAULT_API_HOST, hostAssumed: true, path };
    if (spec.method) endpoint.method = spec.method;
    const site: RawCallSite = { ...made, span: this.span(node), endpoint };
    if (accountId) site.accountIds = [accountId];
    else delete site.accountIds;
    this.push(site, node);
  }

  // ---- the repository's own dbt Cloud operators and hooks ----

  /**
   * A class of the repository that is a dbt Cloud operator, sensor or hook: one that subclasses
   * the provider's (`class RetryingRunOperator(DbtCloudRunJobOperator)`), or one whose
   * constructor takes the provider's `dbt_cloud_conn_id`. Creating it is the call site, on the
   * connection the call, the DAG's default_args or the constructor's default names.
   */
  private repoDbtCloudOperator(node: PyNode, scope: Scope, module: PyModule, cls: PyNode, name: string): void {
    // A unit test building the repository's own operator with its hook mocked calls nothing: the
    // operator's requests are reported where its code makes them.
    if (module !== this.m && isTestPath(this.m.path) && MOCKING.test(this.m.text)) return;
    const shape = dbtCloudClassShape(module, cls, 0);
    if (!shape) return;
    const args = this.m.callArgs(node);
    // The provider's hook takes the connection id first; operators only by keyword.
    const given = args.keywords.get('dbt_cloud_conn_id') ?? (shape.providerClass === 'DbtCloudHook' ? args.positional[0] : undefined);
    this.customDbtCloudTask(node, scope, name, given ? this.m.eval(given, scope) : undefined, shape.connDefault, shape.providerClass);
  }

  /**
   * `DbtCloudFetchArtifactsOperator(...)` from a module the repository does not hold: a `DbtCloud*`
   * operator or sensor counts when it is given a dbt Cloud connection (its own argument or the
   * DAG's default_args).
   */
  private unresolvedDbtCloudOperator(node: PyNode, scope: Scope, path: string): void {
    const name = path.slice(path.lastIndexOf('.') + 1);
    if (!/^DbtCloud\w*(Operator|Sensor)$/.test(name)) return;
    const args = this.m.callArgs(node);
    const given = args.keywords.get('dbt_cloud_conn_id');
    if (!given && !this.defaultArgs().has('dbt_cloud_conn_id')) return;
    this.customDbtCloudTask(node, scope, name, given ? this.m.eval(given, scope) : undefined, undefined, undefined);
  }

  private customDbtCloudTask(
    node: PyNode,
    scope: Scope,
    name: string,
    given: Val | undefined,
    connDefault: string | undefined,
    providerClass: string | undefined,
  ): void {
    // Operators and sensors inherit the DAG's default_args; a hook does not.
    const isHook = /Hook$/.test(name) || /Hook$/.test(providerClass ?? '');
    const inherited = isHook ? new Map<string, Val>() : this.defaultArgs();
    const connVal = given ?? inherited.get('dbt_cloud_conn_id');
    const connId =
      (connVal && (literalText(connVal) ?? writtenDefaultOf(connVal))) ||
      (connVal ? undefined : (connDefault ?? (providerClass ? 'dbt_cloud_default' : undefined)));
    const account = literalDigits(this.m.argValue(node, scope, 'account_id', undefined) ?? inherited.get('account_id'));
    const endpoint: RawEndpoint = { host: DEFAULT_API_HOST, hostAssumed: true };
    let path = providerClass ? airflowDbtPath(providerClass) : undefined;
    if (path) {
      const jobId = literalDigits(this.m.argValue(node, scope, 'job_id', undefined));
      if (account) path = path.replace('{account_id}', account);
      if (jobId) path = path.replace('{job_id}', jobId);
      endpoint.path = path;
    }
    const credSpan =
      connVal?.t === 'str' && connVal.parts[0]?.kind === 'literal' ? litSpan(connVal.parts[0], 0, this.m, this.mapPos) : undefined;
    const credential: RawCredential = connId
      ? { source: 'config', name: connId, ref: airflowConnectionRef(connId), span: credSpan ?? this.span(node) }
      : { source: 'config', name: connVal ? render(connVal).replace(/^\{|\}$/g, '') : 'dbt_cloud_conn_id', span: this.span(node) };
    const site: RawCallSite = { kind: 'sdk', span: this.span(node), endpoint, client: name, credential };
    if (account) site.accountIds = [account];
    this.push(site, node);
  }

  private httpOperator(v: ObjectVal, node: PyNode): void {
    const sensor = v.cls === 'airflow.HttpSensor';
    const connVal = v.keywords.get('http_conn_id') ?? this.defaultArgs().get('http_conn_id');
    // SimpleHttpOperator posts by default; HttpSensor polls with GET.
    const method = literalText(v.keywords.get('method') ?? { t: 'unknown' }) ?? (sensor ? 'GET' : 'POST');
    this.httpViaConnection(
      node,
      sensor ? 'HttpSensor' : 'HttpOperator',
      connVal,
      v.keywords.get('endpoint'),
      method,
      v.keywords.get('headers'),
    );
  }

  private httpHookRun(hook: ObjectVal, node: PyNode, scope: Scope, runArgs: HttpHookRunArgs): void {
    const connVal = hook.keywords.get('http_conn_id') ?? hook.positional[1];
    const method = literalText(hook.keywords.get('method') ?? hook.positional[0] ?? { t: 'unknown' }) ?? 'POST';
    const arg = (kw: string, i: number) => this.m.argValue(node, scope, kw, i);
    this.httpViaConnection(node, 'HttpHook', connVal, arg('endpoint', runArgs.endpoint), method, arg('headers', runArgs.headers));
  }

  /** Airflow HTTP operators and hooks: a dbt call when the path is a dbt API path or the connection is named for dbt. */
  private httpViaConnection(
    node: PyNode,
    client: string,
    connVal: Val | undefined,
    endpointVal: Val | undefined,
    method: string,
    headers: Val | undefined,
  ): void {
    let path = endpointVal ? render(endpointVal).trim() : '';
    // A path relative to the connection's base URL; a full URL (`https://cloud.getdbt.com/api/…`) replaces it.
    if (path && !path.startsWith('/') && !path.startsWith('{') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) path = `/${path}`;
    const recognized = path ? recognizeDbtCloudUrl(path) : undefined;
    const headerCred = this.headerCredential([this.dictOf(headers)], true);
    // A connection id held in a variable: the header template (`{{ conn.X.password }}`) names it.
    const templateConn = headerCred?.ref?.kind === 'airflow-connection' ? headerCred.ref.id : undefined;
    const literalConn = connVal ? (literalText(connVal) ?? writtenDefaultOf(connVal)) : undefined;
    const connId = literalConn || templateConn || (connVal ? undefined : 'http_default');
    // A connection id passed in (a helper's parameter, a config value): the code around it says whose it is.
    const passedIn = connVal !== undefined && literalConn === undefined && !templateConn;
    if (!recognized && !/dbt/i.test(connId ?? '') && !(passedIn && this.namedForDbtCloud(node, connVal))) return;
    // `accounts/1/jobs/2/run/` on a dbt Cloud connection: its base URL ends in `/api/v2/`, where jobs and runs are.
    if (!recognized && /^\/accounts\/[^/]+\/(?:jobs|runs)(?:\/|$)/.test(path)) path = `/api/v2${path}`;
    const endpoint: RawEndpoint = recognized ?? (path ? { url: sanitizeUrl(path), path } : {});
    endpoint.method = method.toUpperCase();
    const credential: RawCredential =
      headerCred ??
      (connId
        ? { source: 'config', name: connId, ref: airflowConnectionRef(connId), span: this.span(node) }
        : { source: 'config', name: render(connVal!).replace(/^\{|\}$/g, ''), span: this.span(node) });
    if (templateConn && !credential.name) credential.name = templateConn;
    const site: RawCallSite = { kind: 'http', span: this.span(node), endpoint, client, credential };
    const accounts = accountIdsInPath(endpoint.path);
    if (accounts.length > 0) site.accountIds = accounts;
    this.push(site, node);
  }

  /**
   * Whether the code around a call names dbt Cloud: the variable or parameter holding its
   * connection id, an enclosing function (`get_dbt_cloud_manifest`) or the module (`dbt_cloud.py`).
   */
  private namedForDbtCloud(node: PyNode, connVal: Val | undefined): boolean {
    const DBT_CLOUD = /dbt[ _-]?cloud/i;
    if (connVal && DBT_CLOUD.test(render(connVal))) return true;
    for (let p = node.parent; p; p = p.parent) {
      // `with respx.mock(...) as m:` around the call: whatever the call goes through (an SDK, a
      // prefect task's `.fn`), its requests reach the mock.
      if (p.type === 'with_statement' && this.fakesHttpBlock(p)) return true;
      if (p.type !== 'function_definition' && p.type !== 'class_definition') continue;
      const name = p.children.find((c) => c.field === 'name');
      if (name && DBT_CLOUD.test(this.m.textOf(name))) return true;
    }
    return DBT_CLOUD.test(this.m.path.slice(this.m.path.lastIndexOf('/') + 1));
  }

  private connectionDefinition(v: ObjectVal, node: PyNode): void {
    const text = (k: string) => literalText(v.keywords.get(k) ?? { t: 'unknown' });
    const uri = text('uri');
    const fields = uri
      ? parseConnectionValue(uri)
      : { connType: text('conn_type'), host: text('host'), login: text('login'), password: text('password') };
    const id = text('conn_id');
    if (!fields || !id || !isDbtCloudConnection(fields)) return;
    const pw = v.keywords.get('password');
    const credential =
      pw && !uri ? (this.cred(pw) ?? { source: 'config' }) : connectionPasswordCredential(fields.password, id, this.span(node));
    const definition: Definition = { ref: airflowConnectionRef(id), credential, span: this.span(node) };
    const accounts = connectionAccountIds(fields.login);
    if (accounts) definition.accountIds = accounts;
    this.facts.definitions.push(definition);
  }

  // ---- strings and assignments ----

  /** Semantic Layer JDBC URLs carry the token in the query: `...?environmentId=1&token=...`. */
  private jdbcUrls(): void {
    const done = new Set<PyNode>();
    for (const { node, scope } of this.m.collected.jdbcStrings) {
      if (isBareStringStatement(node)) continue;
      let top = node;
      while (top.parent && ['binary_operator', 'concatenated_string', 'parenthesized_expression'].includes(top.parent.type))
        top = top.parent;
      if (done.has(top) || isComparedValue(top)) continue;
      done.add(top);
      const v = this.m.eval(top, scope);
      if (v.t !== 'str') continue;
      const text = render(v);
      const at = text.search(/jdbc:arrow-flight-sql:\/\//i);
      if (at < 0) continue;
      const url = text.slice(at + 'jdbc:'.length);
      const host = splitUrl(url).host;
      if (!host) continue;
      if (!isSemanticLayerJdbcHost(host)) continue;
      // Report where the string starts, not an enclosing parenthesis.
      let spanNode = top;
      while (spanNode.type === 'parenthesized_expression') {
        const inner = namedChildren(spanNode)[0];
        if (!inner) break;
        spanNode = inner;
      }
      const site: RawCallSite = {
        kind: 'sdk',
        span: this.span(spanNode),
        client: 'arrow-flight-sql',
        endpoint: { url: sanitizeUrl(text.slice(at)), host: host.startsWith('{') ? host : host.toLowerCase() },
      };
      const credential = this.jdbcToken(v);
      if (credential) site.credential = credential;
      this.push(site, top);
    }
  }

  private jdbcToken(v: Val): RawCredential | undefined {
    if (v.t !== 'str') return undefined;
    const parts = normalizeParts(v.parts);
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.kind !== 'literal') continue;
      const m = /[?&;]token=([^&;]*)/i.exec(p.text);
      if (!m) continue;
      const start = m.index + m[0].length - m[1]!.length;
      if (m[1]) return { source: 'literal', value: m[1], span: litSpan(sliceLit(p, start), 0, this.m, this.mapPos) };
      const next = parts[i + 1];
      if (next !== undefined && next.kind !== 'literal') return this.cred({ t: 'str', parts: [next] });
    }
    return undefined;
  }

  /**
   * A dict shaped like a `dbt_cloud.yml` project entry (`token-value`, or the older `api-key`, with `account-host`,
   * `account-id`, `project-id` or `token-name`), as code writes one for the dbt Cloud CLI: a
   * config site of the Cloud CLI workflow, at the token entry. The slot holds a PAT.
   */
  private cliConfigs(): void {
    for (const { node, scope } of this.m.collected.cliTokenPairs.slice(0, 100)) {
      const dictNode = node.parent;
      if (dictNode?.type !== 'dictionary') continue;
      const d = this.m.eval(dictNode, scope);
      if (d.t !== 'dict') continue;
      const entries = this.m.dictEntries(d);
      if (!['account-host', 'account-id', 'project-id', 'token-name'].some((k) => entries.has(k))) continue;
      const host = hostOf(entries.get('account-host'));
      const endpointHost = host && !host.startsWith('{') ? host : (host ?? DEFAULT_API_HOST);
      const site: RawCallSite = {
        kind: 'config',
        span: this.span(node),
        workflow: 'cloud-cli',
        client: 'dbt Cloud CLI',
        endpoint: { url: endpointHost.startsWith('{') ? endpointHost : `https://${endpointHost}`, host: endpointHost },
      };
      const account = literalDigits(entries.get('account-id'));
      if (account) site.accountIds = [account];
      // `api-key`: the key older versions of the CLI's config used for the same token.
      const token = entries.get('token-value') ?? entries.get('api-key');
      const literal = token ? literalText(token) : undefined;
      if (token && !(literal !== undefined && isPlaceholderValue(literal, 'template-file'))) {
        const credential = this.cred(token);
        if (credential) {
          site.credential = { ...credential, slotType: 'pat' };
          if (credential.source === 'literal')
            this.facts.credentialSites.push({ span: credential.span ?? site.span, credential: { ...credential } });
        }
      }
      this.push(site, node);
    }
  }

  /** `DBT_CLOUD_API_KEY = "<40 hex>"` at module level: a token that only its name marks as dbt's. */
  private assignments(): void {
    for (const a of this.m.collected.moduleAssignments) {
      if (!isDbtSpecificName(a.name) || (a.value.type !== 'string' && a.value.type !== 'concatenated_string')) continue;
      const v = this.m.eval(a.value, this.m.collected.module);
      const value = literalText(v);
      if (value === undefined || !isAnyTokenShaped(value.trim()) || v.t !== 'str') continue;
      const first = normalizeParts(v.parts)[0];
      const span = first?.kind === 'literal' ? litSpan(first, 0, this.m, this.mapPos) : undefined;
      this.facts.credentialSites.push({
        span: span ?? this.span(a.value),
        credential: { source: 'literal', name: a.name, value: value.trim(), span },
      });
    }
  }

  /** `os.environ["X"] = "..."`: Airflow connections set in code (tests, scripts) and dbt token literals. */
  private environAssignments(): void {
    for (const mu of this.m.collected.mutations) {
      if (mu.op !== 'setitem' || !mu.key || !mu.value || mu.path.length > 0) continue;
      if (!/environ/.test(this.m.textOf(mu.base))) continue;
      const target = this.m.eval(mu.base, mu.scope);
      if (target.t !== 'mod' || target.path !== 'os.environ') continue;
      const key = literalText(this.m.eval(mu.key, mu.scope));
      const v = this.m.eval(mu.value, mu.scope);
      const value = literalText(v);
      if (key === undefined || value === undefined) continue;
      const span = this.span(mu.value);
      if (/^AIRFLOW_CONN_/i.test(key)) {
        const def = airflowConnectionFromEnv(key, value, span);
        if (def) this.facts.definitions.push(def);
      } else if (isDbtSpecificName(key) && isAnyTokenShaped(value.trim())) {
        this.facts.credentialSites.push({ span, credential: { source: 'literal', name: key, value: value.trim(), span } });
      }
    }
  }
}

/** What makes a repository class a dbt Cloud operator or hook (see `repoDbtCloudOperator`). */
interface DbtCloudClassShape {
  /** The provider class it subclasses, when it does (`DbtCloudRunJobOperator`). */
  providerClass?: string;
  /** The constructor's default for `dbt_cloud_conn_id`. */
  connDefault?: string;
}

/** A request made only when a parameter has (or, `negate`, has not) a value: `if method == "POST":`. */
interface BranchGuard {
  name: string;
  index: number;
  value: string;
  /** What a caller passing nothing gives: the parameter's default. */
  otherwise?: string;
  negate?: boolean;
}

/** What a repository subclass of a session class sends with every request (`sessionSubclassDefaults`). */
/** The instance a method's own code calls through: `self`, `super()`, `super(Cls, self)`. */
const OWN_INSTANCE = /^(?:self|super\(\s*(?:\w+\s*,\s*self\s*)?\))$/;

interface SessionDefaults {
  headers: Map<string, Val>;
  auth: Val | undefined;
}

/** dbt Cloud SDK clients a repository class may extend, reported where the subclass is made. */
const SDK_CLIENTS = new Set([
  'dbtc',
  'dagster.DbtCloudWorkspaceClient',
  'dagster.DbtCloudClientResource',
  'dagster.DbtCloudCredentials',
  'pycarlo.DbtCloudClient',
  'dbtsl.SemanticLayerClient',
]);

/** The library class `cls` extends, directly or through other repository classes, that `wanted` accepts. */
function libraryBase(module: PyModule, cls: PyNode, wanted: (libraryClass: string) => boolean, depth = 0): string | undefined {
  if (depth > 3) return undefined;
  const supers = cls.children.find((c) => c.field === 'superclasses');
  for (const sup of supers ? namedChildren(supers).slice(0, 10) : []) {
    if (sup.type === 'keyword_argument') continue;
    const v = module.eval(sup, module.collected.module);
    if (v.t === 'cls') {
      const inherited = libraryBase(v.module as PyModule, v.node as PyNode, wanted, depth + 1);
      if (inherited) return inherited;
      continue;
    }
    const lib = classifyCallee(v.t === 'mod' ? v.path : v.t === 'unknown' ? (v.name ?? '') : '');
    if (lib?.kind === 'object' && wanted(lib.cls)) return lib.cls;
  }
  return undefined;
}

/** The dbt Cloud SDK client class that `cls` extends. */
const sdkClientBase = (module: PyModule, cls: PyNode): string | undefined => libraryBase(module, cls, (c) => SDK_CLIENTS.has(c));

/** Whether `cls` extends an HTTP session class of a library (`requests.Session`, `httpx.Client`). */
const extendsSessionClass = (module: PyModule, cls: PyNode): boolean =>
  libraryBase(module, cls, (c) => objectRequestMethod(c, 'get') !== undefined) !== undefined;

function dbtCloudClassShape(module: PyModule, cls: PyNode, depth: number): DbtCloudClassShape | undefined {
  if (depth > 3) return undefined;
  const shape: DbtCloudClassShape = {};
  let found = false;
  const supers = cls.children.find((c) => c.field === 'superclasses');
  for (const sup of supers ? namedChildren(supers).slice(0, 10) : []) {
    if (sup.type === 'keyword_argument') continue;
    const v = module.eval(sup, module.collected.module);
    let inherited: DbtCloudClassShape | undefined;
    if (v.t === 'cls') inherited = dbtCloudClassShape(v.module as PyModule, v.node as PyNode, depth + 1);
    else {
      const path = v.t === 'mod' ? v.path : v.t === 'unknown' ? (v.name ?? '') : '';
      const lib = classifyCallee(path);
      const last = path.slice(path.lastIndexOf('.') + 1);
      if (lib?.kind === 'object' && lib.cls.startsWith('airflow.dbt:')) inherited = { providerClass: lib.cls.slice('airflow.dbt:'.length) };
      else if (/^DbtCloud\w*(Operator|Sensor|Hook)$/.test(last) && (path.startsWith('airflow') || path === last))
        inherited = { providerClass: last };
    }
    if (inherited) {
      found = true;
      shape.providerClass ??= inherited.providerClass;
      shape.connDefault ??= inherited.connDefault;
    }
  }
  const init = constructorOf(cls, module);
  const conn = init ? parameterNamed(init, 'dbt_cloud_conn_id', module) : undefined;
  if (conn) {
    found = true;
    if (conn.dflt !== undefined) shape.connDefault = conn.dflt;
  }
  // A wrapper fixing the connection for its users: `super().__init__(dbt_cloud_conn_id="dbt_prod", **kwargs)`.
  const fixed = found && init && conn?.dflt === undefined ? CONN_SET_IN_INIT.exec(module.textOf(init).slice(0, 20_000)) : null;
  if (fixed) shape.connDefault = fixed[1] ?? fixed[2];
  return found ? shape : undefined;
}

/**
 * The connection an HttpHook subclass gives its base by default: `super().__init__(http_conn_id="x")`,
 * or the default of the `__init__` parameter it passes there, or the class's `default_conn_name`.
 */
function httpHookConnDefault(cls: PyNode, module: PyModule): string | undefined {
  const init = constructorOf(cls, module);
  const passed = init
    ? /\bhttp_conn_id[ \t]*=[ \t]*(?:["']([\w.-]{1,100})["']|([A-Za-z_]\w*))/.exec(module.textOf(init).slice(0, 20_000))
    : null;
  if (passed?.[1]) return passed[1];
  const fromParam = passed?.[2] && init ? parameterNamed(init, passed[2], module)?.dflt : undefined;
  if (fromParam) return fromParam;
  return /^[ \t]+default_conn_name[ \t]*=[ \t]*["']([\w.-]{1,100})["']/m.exec(module.textOf(cls).slice(0, 20_000))?.[1];
}

/** `super().__init__(…, dbt_cloud_conn_id="x", …)`, `kwargs.setdefault("dbt_cloud_conn_id", "x")`, `kwargs["dbt_cloud_conn_id"] = "x"`. */
const CONN_SET_IN_INIT =
  /\bdbt_cloud_conn_id[ \t]*=[ \t]*["']([\w.-]{1,100})["']|["']dbt_cloud_conn_id["'](?:[ \t]*\][ \t]*=|[ \t]*,)[ \t]*["']([\w.-]{1,100})["']/;

/** A class's own `__init__`. */
function constructorOf(cls: PyNode, module: PyModule): PyNode | undefined {
  const body = cls.children.find((c) => c.field === 'body');
  for (const stmt of body ? namedChildren(body).slice(0, 200) : []) {
    const fn = stmt.type === 'decorated_definition' ? stmt.children.find((c) => c.field === 'definition') : stmt;
    if (fn?.type !== 'function_definition') continue;
    const name = fn.children.find((c) => c.field === 'name');
    if (name && module.textOf(name) === '__init__') return fn;
  }
  return undefined;
}

/** A function's parameter by name, and its literal default. */
function parameterNamed(fn: PyNode, wanted: string, module: PyModule): { dflt?: string } | undefined {
  const params = fn.children.find((c) => c.field === 'parameters');
  for (const p of params ? namedChildren(params) : []) {
    let nameNode: PyNode | undefined;
    let dflt: PyNode | undefined;
    if (p.type === 'identifier') nameNode = p;
    else if (p.type === 'typed_parameter') nameNode = namedChildren(p).find((c) => c.type === 'identifier');
    else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      nameNode = p.children.find((c) => c.field === 'name');
      dflt = p.children.find((c) => c.field === 'value');
    }
    if (!nameNode || module.textOf(nameNode) !== wanted) continue;
    const text = dflt ? literalText(module.eval(dflt, module.collected.module)) : undefined;
    return text ? { dflt: text } : {};
  }
  return undefined;
}

/** What tells two readings of one request apart: endpoint, method and token. */
function signature(site: RawCallSite): string {
  const c = site.credential;
  return `${site.endpoint?.url ?? ''}|${site.endpoint?.method ?? ''}|${c ? `${c.source}:${c.name ?? ''}:${c.value ?? ''}` : '-'}`;
}

/**
 * What `call` (made in `callerModule`) passes for the parameters of `fnScope`'s function: the
 * argument node of a parameter, a substitution for substituteParams, and whether it replaced any.
 */
function argumentsAt(
  fnScope: Scope,
  call: PyNode,
  callerScope: Scope,
  callerModule: PyModule,
): { argNode: (name: string, index: number) => PyNode | undefined; sub: (p: ParamRef) => Val | undefined; adds: () => boolean } {
  const args =
    callerModule.callableOperatorArgs(call)?.args ?? callerModule.partialCallArgs(call, callerScope)?.args ?? callerModule.callArgs(call);
  const isMethod = fnScope.parent?.kind === 'class';
  const argNode = (name: string, index: number): PyNode | undefined => {
    const i = isMethod ? index - 1 : index;
    return args.keywords.get(name) ?? (i >= 0 ? args.positional[i] : undefined);
  };
  let adds = false;
  const sub = (p: ParamRef): Val | undefined => {
    if (p.scope !== fnScope) return undefined;
    const n = argNode(p.name, p.index);
    let v = n ? callerModule.eval(n, callerScope) : undefined;
    // `cfg["api_base"]` in the helper: that entry of the dict the caller passes; `cfg.token` that attribute of its object.
    for (const key of p.keys ?? []) {
      if (key.startsWith('.')) v = v ? callerModule.attributeOf(v, key.slice(1)) : undefined;
      else v = v?.t === 'dict' ? callerModule.dictEntries(v).get(key) : undefined;
    }
    if (!v || !informative(v)) return undefined;
    adds = true;
    return v;
  };
  return { argNode, sub, adds: () => adds };
}

/** Whether a caller's argument tells more than the parameter's own name: a literal, an env read, a parameter further up. */
function informative(v: Val): boolean {
  switch (v.t) {
    case 'unknown':
      // An entry of the caller's own parameter (`command["text"]`) is not one a caller is known to fill in.
      return (v.param !== undefined && !v.param.keys?.length) || v.choices !== undefined;
    case 'str':
      return v.parts.some(
        (p) => p.kind !== 'unknown' || p.via !== undefined || p.param !== undefined || p.dbtHost === true || p.choices !== undefined,
      );
    case 'mod':
      return false;
    default:
      return true;
  }
}

/** Dict literals in an argument (nested in dicts and lists, a few levels) that hold a `url` or `server_url` key. */
function mcpServerDicts(node: PyNode, depth: number, textOf: (n: PyNode) => string): PyNode[] {
  if (depth > 3) return [];
  if (node.type === 'list' || node.type === 'tuple') return namedChildren(node).flatMap((c) => mcpServerDicts(c, depth + 1, textOf));
  if (node.type !== 'dictionary') return [];
  const out: PyNode[] = [];
  for (const pair of namedChildren(node)) {
    if (pair.type !== 'pair') continue;
    const key = childByField(pair, 'key');
    const value = childByField(pair, 'value');
    if (key?.type === 'string' && /^["'](?:server_)?url["']$/.test(textOf(key))) out.push(node);
    else if (value) out.push(...mcpServerDicts(value, depth + 1, textOf));
  }
  return [...new Set(out)];
}

/** Where HttpHook's request methods take the endpoint and the headers, by position. */
interface HttpHookRunArgs {
  endpoint: number;
  headers: number;
}

/**
 * HttpHook's methods that send its request: `run(endpoint, data, headers)`, and
 * `run_with_advanced_retry(_retry_args, endpoint, …)`, which passes the rest on to `run`.
 */
function httpHookRunArgs(method: string): HttpHookRunArgs | undefined {
  if (method === 'run') return { endpoint: 0, headers: 2 };
  if (method === 'run_with_advanced_retry') return { endpoint: 1, headers: 3 };
  return undefined;
}

/** A dbt Cloud API endpoint for a URL template, or undefined. */
function recognizeUrl(full: Val, hostIsDbt = false, authorized = false): RawEndpoint | undefined {
  let parts = full.t === 'str' ? normalizeParts(full.parts) : [];
  // `os.getenv("DBT_URL", "https://cloud.getdbt.com/api/v2")` leading the URL: read its default.
  const lead = parts[0];
  const dflt = lead !== undefined && lead.kind !== 'literal' ? lead.fallback?.text : undefined;
  // The variable the host comes from: the URL's lead (`{DBT_URL}/api/v2/…`) or what follows its scheme (`https://{DBT_CLOUD_HOST}/…`).
  const hostPart = lead?.kind === 'literal' && /^[a-z][a-z0-9+.-]*:\/\/$/i.test(lead.text) ? parts[1] : lead;
  const hostEnv =
    hostPart?.kind === 'reference' && hostPart.source === 'env' && /^[A-Za-z_]\w{0,100}$/.test(hostPart.name) ? hostPart.name : undefined;
  if (dflt !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(dflt)) {
    // One slash where the default meets the path: `https://cloud.getdbt.com/` + `api/v2/…` keeps it.
    const next = parts[1];
    const pathHasSlash = next?.kind === 'literal' && next.text.startsWith('/');
    parts = normalizeParts([
      { kind: 'literal', text: pathHasSlash || next === undefined ? dflt.replace(/\/+$/, '') : dflt },
      ...parts.slice(1),
    ]);
  }
  const written = toEndpoint(parts, { sampleHosts: true, hostIsDbt, authorized });
  // A host read with a dbt Cloud default (`os.getenv("DBT_CLOUD_HOST", "ab123.us1.dbt.com")`) is that
  // host where nothing else sets it: the account's own host, which the checks compare across calls.
  const endpoint =
    (written?.host?.startsWith('{') ? withDefaultHost(parts, hostIsDbt) : undefined) ?? written ?? withDefaultHost(parts, hostIsDbt);
  if (endpoint && hostEnv !== undefined) endpoint.hostEnv ??= hostEnv;
  return endpoint;
}

/**
 * `f"https://{HOST}/api/v1/query/sql"` with `HOST = os.getenv("SL_HOST", "semantic-layer.cloud.getdbt.com")`:
 * a path not known by itself is known on the host the variable defaults to.
 */
function withDefaultHost(parts: ReturnType<typeof normalizeParts>, hostIsDbt: boolean): RawEndpoint | undefined {
  const [lead, host] = parts;
  if (lead?.kind !== 'literal' || !/:\/\/$/.test(lead.text) || host === undefined || host.kind === 'literal') return undefined;
  const fallback = host.fallback?.text.trim();
  if (fallback === undefined || !/^[a-z0-9.-]+(?::\d+)?$/i.test(fallback)) return undefined;
  const endpoint = toEndpoint(normalizeParts([lead, { kind: 'literal', text: fallback }, ...parts.slice(2)]), {
    sampleHosts: true,
    hostIsDbt,
  });
  if (endpoint && host.kind === 'reference' && host.source === 'env' && /^[A-Za-z_]\w{0,100}$/.test(host.name))
    endpoint.hostEnv = host.name;
  return endpoint;
}

/** The host of a `host=` / `access_url=` / `domain=` value: literal host, or `{NAME}`. */
/** The environment variable a value is read whole from (`os.environ["SL_HOST"]`), if it is one. */
function soleEnvName(v: Val | undefined): string | undefined {
  const p = v?.t === 'str' && v.parts.length === 1 ? v.parts[0] : undefined;
  return p?.kind === 'reference' && p.source === 'env' && /^[A-Za-z_]\w{0,100}$/.test(p.name) ? p.name : undefined;
}

function hostOf(v: Val | undefined): string | undefined {
  if (!v) return undefined;
  const text = render(v).trim();
  if (!text) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.startsWith('{') ? text : `https://${text}`;
  const host = splitUrl(withScheme).host;
  if (!host) return undefined;
  return host.startsWith('{') ? host : host.toLowerCase();
}

/** Whether a URL has any text written in the code, not only values read from stores or parameters. */
function writtenHere(url: Val & { t: 'str' }): boolean {
  return normalizeParts(url.parts).some((p) => p.kind === 'literal' && p.text.trim() !== '');
}

/** The request sends the user headers dbt's MCP server needs for its SQL tools, which take a PAT only. */
function sendsMcpUserHeaders(req: HttpRequest): boolean {
  return req.headers.some((m) => [...m.keys()].some(isDbtMcpUserHeader));
}

/** A value that is a parameter as a whole (a client made with `headers=headers`): its callers fill it in. */
function paramOf(v: Val | undefined): Val | undefined {
  return v?.t === 'unknown' && v.param ? v : undefined;
}

/** A value compared or asserted (`assert s.jdbc_url == "jdbc:…"`, `if url == "jdbc:…"`): what a test expects, not a connection. */
function isComparedValue(node: PyNode): boolean {
  for (let p = node.parent, i = 0; p && i < 8; p = p.parent, i++) {
    if (p.type === 'comparison_operator' || p.type === 'assert_statement') return true;
    if (p.type.endsWith('_statement') || p.type === 'block' || p.type === 'call') return false;
  }
  return false;
}

/** The account ids a URL's account segment takes from a loop over literal ids. */
function loopAccountIds(url: Val): string[] {
  if (url.t !== 'str') return [];
  for (let i = 1; i < url.parts.length; i++) {
    const before = url.parts[i - 1]!;
    const part = url.parts[i]!;
    if (before.kind === 'literal' && /\/accounts\/$/.test(before.text) && part.kind === 'unknown' && part.choices)
      return part.choices.every(isDbtCloudId) ? [...new Set(part.choices)] : [];
  }
  return [];
}

/** The function (or the module) whose running makes a call in `scope`: a class body runs where the class is defined. */
function runningFunction(scope: Scope): Scope {
  let s = scope;
  while (s.kind === 'class' && s.parent) s = s.parent;
  return s;
}

/** The methods a class body defines (decorated ones too), up to MAX_CLASS_METHODS. */
function classMethods(cls: PyNode): PyNode[] {
  const body = childByField(cls, 'body');
  return (body ? namedChildren(body) : [])
    .map((d) => (d.type === 'decorated_definition' ? childByField(d, 'definition') : d))
    .filter((d): d is PyNode => d?.type === 'function_definition')
    .slice(0, MAX_CLASS_METHODS);
}

/** The module tree a node is in (its root node). */
function treeRoot(node: PyNode): PyNode {
  let n = node;
  for (let depth = 0; n.parent && depth < 10_000; depth++) n = n.parent;
  return n;
}
