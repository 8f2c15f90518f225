import type { AdapterContext, LanguageAdapter } from '../adapter.js';
import { emptyFacts, type FileFacts, type Span } from '../../model/raw-facts.js';
import { literalBinding, substitutedBinding, textBinding, type EnvBinding } from '../shared/values/binding.js';
import { loadCiYaml, failureProblem, type CiYamlDocument, type YamlNode } from '../shared/yaml-documents/document.js';
import { EmbeddedScript } from '../shared/embedded-shell/embedded-script.js';
import { fileSpan, mergeFacts, shellFactsOf } from '../shared/embedded-shell/shell-facts.js';
import { looksLikeCredentialName } from '../../credentials/names.js';
import { mentionsDatabricks } from '../../credentials/token-shapes.js';
import { addEnvEntryFacts, endpointOfEntries, type EnvContext, type EnvEntry } from '../shared/env-entries/dbt-env.js';
import { DBT_MCP_USER_SETTING, namesDbtMcp } from '../shared/env-entries/dbt-host-entries.js';
import { isDbtTokenName } from '../../credentials/names.js';
import { imageEntrypoint, planArgv } from '../shared/embedded-shell/container-command.js';
import { shellFactsAt } from '../shared/embedded-shell/embedded-shell.js';
import { dedupeFacts, tooLargeProblem } from '../shared/ci-yaml/yaml-steps.js';
import { addScriptEnv } from '../shared/ci-yaml/script-env.js';
import { joinRelative } from '../shared/ci-yaml/script-location.js';
import { folderOf } from '../repo-path.js';

// docker-compose / compose files: each service's `environment:` (map or `KEY=value` list) and
// its `command` / `entrypoint`. `${X}` is filled in by compose from the host environment (or
// `.env`, which the dotenv adapter reads), so it is an 'env' credential named X; a literal is
// a credential site. AIRFLOW_CONN_* entries define Airflow connections. No role is set: the
// compose file marks its folder as a deployed service, which the core works out from paths.

type Env = Map<string, EnvBinding>;

const INTERPOLATION = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]{0,127})(?:(:?[-?+])([^}]{0,500}))?\}|\$([A-Za-z_][A-Za-z0-9_]{0,127})/g;
const PURE = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]{0,127})(?:(:?[-?+])([^}]{0,500}))?\}|([A-Za-z_][A-Za-z0-9_]{0,127}))$/;

/** What an environment value binds its variable to, after compose's own interpolation. */
export function composeBinding(key: string, value: string, span: Span): EnvBinding | undefined {
  const pure = PURE.exec(value.trim());
  if (pure) {
    const name = (pure[1] ?? pure[4])!;
    if (looksLikeCredentialName(name) || isDbtTokenName(key) || looksLikeCredentialName(key)) {
      return { credential: { source: 'env', name, span: fileSpan(span) } };
    }
    if (pure[2]?.includes('-') && pure[3] !== undefined) return { ...literalBinding(pure[3]), span: fileSpan(span) };
    return undefined;
  }
  if (!value.includes('$')) return textBinding(value, fileSpan(span));
  return substitutedBinding(value, fileSpan(span), INTERPOLATION, (m) => {
    if (m[0] === '$$') return { name: '$', binding: literalBinding('$') };
    const [, braced, op, word] = m;
    const name = (braced ?? m[0].slice(1))!;
    return op?.includes('-') && word !== undefined && !word.includes('$') ? { name, binding: literalBinding(word) } : { name };
  });
}

interface Service {
  env: Env;
  entries: EnvEntry[];
}

function readEnvironment(doc: CiYamlDocument, node: YamlNode | undefined): Service {
  const service: Service = { env: new Map(), entries: [] };
  const add = (key: string, keySpan: Span, value: string | undefined, valueSpan: Span | undefined): void => {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) return;
    let binding: EnvBinding | undefined;
    // `KEY` / `KEY:` with no value passes the host's variable through.
    if (value === undefined)
      binding =
        looksLikeCredentialName(key) || isDbtTokenName(key)
          ? { credential: { source: 'env', name: key, span: fileSpan(keySpan) } }
          : undefined;
    else binding = composeBinding(key, value, valueSpan ?? keySpan);
    if (!binding) return;
    service.env.set(key, binding);
    const entry: EnvEntry = { name: key, span: keySpan, binding };
    if (value !== undefined) {
      entry.raw = value.replace(/\$\$/g, '$');
      entry.rawSpan = valueSpan ?? keySpan;
    }
    service.entries.push(entry);
  };
  const n = doc.deref(node);
  if (doc.isMap(n)) {
    for (const e of doc.entries(n)) {
      const keySpan = doc.span(e.pair);
      if (!keySpan) continue;
      add(e.key, keySpan, doc.str(e.value), doc.valueSpan(e.value));
    }
  } else {
    for (const item of doc.items(n)) {
      const text = doc.str(item);
      const at = doc.valueSpan(item);
      if (text === undefined || !at) continue;
      const eq = text.indexOf('=');
      const key = eq < 0 ? text.trim() : text.slice(0, eq);
      const valueSpan = eq < 0 ? undefined : { line: at.line, column: at.column + eq + 1 };
      add(key, at, eq < 0 ? undefined : text.slice(eq + 1), valueSpan);
    }
  }
  return service;
}

/** `command` / `entrypoint`: a string is shell; a list is an argv (`["sh", "-c", "..."]`). */
async function runCommand(doc: CiYamlDocument, facts: FileFacts, service: YamlNode, env: Env): Promise<void> {
  const entrypoint = doc.value(service, 'entrypoint');
  const command = doc.value(service, 'command');
  // `entrypoint: /bin/bash` with `command: [-c, "…"]` (Airflow's own compose file): one argv.
  const entryWord = doc.isScalar(doc.deref(entrypoint)) && /^\S+$/.test(doc.str(entrypoint)?.trim() ?? ' ') ? [entrypoint!] : [];
  const commandItems = doc.items(command);
  const items = [...(commandItems.length > 0 ? entryWord : []), ...doc.items(entrypoint), ...commandItems];
  if (items.length === 0) {
    for (const node of [entrypoint, command]) {
      const script = new EmbeddedScript();
      if (!doc.isScalar(doc.deref(node)) || !script.addScalar(doc, node)) continue;
      script.substitute(/\$\$/g, () => '$');
      mergeFacts(facts, await shellFactsOf(script, new Map(env)));
    }
    return;
  }
  // `image: curlimages/curl` with a `command:` list: arguments of the image's curl.
  const curl = entrypoint === undefined ? imageEntrypoint(doc.str(doc.value(service, 'image'))) : undefined;
  const plan = planArgv(items, (i) => doc.str(i), curl);
  if (!plan) return;
  if (plan.kind === 'shell') {
    const script = new EmbeddedScript();
    if (!script.addScalar(doc, plan.item)) return;
    script.substitute(/\$\$/g, () => '$');
    mergeFacts(facts, await shellFactsOf(script, new Map(env)));
    return;
  }
  const at = doc.valueSpan(plan.first);
  if (at) mergeFacts(facts, await shellFactsAt(plan.commandLine.replace(/\$\$/g, '$'), at, new Map(env)));
}

/**
 * A service built from the repository (`build: ./app`, `build: { context: ./app }`) runs the code
 * of that folder with the environment set here: a program there reading `DBT_CLOUD_API_TOKEN`
 * reads what `DBT_CLOUD_API_TOKEN: ${DBT_CLOUD_SERVICE_TOKEN}` gives it. Recorded as script env
 * for the folder (`app/`), which the linker applies to the files below it.
 */
function handToBuiltCode(doc: CiYamlDocument, facts: FileFacts, service: YamlNode, dir: string, env: Env, baseContext?: string): void {
  const build = doc.value(service, 'build');
  const context = (build === undefined ? baseContext : buildContextOf(doc, service))?.trim();
  if (context === undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.includes('$')) return;
  const folder = joinRelative(dir, context);
  if (folder === undefined) return;
  const handed = new Map([...env].filter(([, b]) => 'credential' in b));
  if (handed.size) addScriptEnv(facts, `${folder}/`, handed);
}

/** A service's `build: ./app` or `build: { context: ./app }`. */
function buildContextOf(doc: CiYamlDocument, service: YamlNode): string | undefined {
  const build = doc.value(service, 'build');
  return doc.isMap(doc.deref(build)) ? doc.str(doc.value(build, 'context')) : doc.str(build);
}

/** A file that overrides a base compose file of its folder (`compose.prod.yaml`, `docker-compose.override.yml`). */
const OVERRIDE_FILE = /(?:^|\/)(?:docker-)?compose\.[\w-]+\.ya?ml$/i;
const BASE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
const DEVELOPER_OVERRIDE = /compose\.(?:dev|develop|development|local|override|debug|test|tests)\.ya?ml$/i;

/**
 * The build contexts of the services of the base compose file beside an override file: an
 * override (`docker compose -f compose.yaml -f compose.prod.yaml up`) adds `environment:` to a
 * service the base file builds, and its code reads what the override sets.
 */
async function baseBuildContexts(path: string, ctx: AdapterContext): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  // A developer's override (`compose.dev.yaml`, the auto-loaded `docker-compose.override.yml`) sets up a laptop, not the service.
  if (!OVERRIDE_FILE.test(path) || DEVELOPER_OVERRIDE.test(path)) return out;
  const dir = folderOf(path);
  for (const name of BASE_FILES) {
    const base = ctx.readRepoFile(dir ? `${dir}/${name}` : name);
    if (!base || base.text.length > MAX_BASE_CHARS) continue;
    const { docs } = await loadCiYaml(base.text);
    for (const doc of docs)
      for (const svc of doc.entries(doc.value(doc.root, 'services'))) {
        const context = doc.isMap(svc.value) ? buildContextOf(doc, svc.value) : undefined;
        if (context !== undefined && !out.has(svc.key)) out.set(svc.key, context);
      }
  }
  return out;
}
const MAX_BASE_CHARS = 256 * 1024;

/** A service running the dbt MCP server (`image: ghcr.io/dbt-labs/dbt-mcp`, `command: uvx dbt-mcp`). */
function runsDbtMcpServer(doc: CiYamlDocument, service: YamlNode): boolean {
  const command = doc.value(service, 'command');
  const words = [doc.str(doc.value(service, 'image')), doc.str(command), ...doc.items(command).map((i) => doc.str(i))];
  return namesDbtMcp(words);
}

/** A port published on the loopback interface only (`127.0.0.1:8000:8000`, `localhost:8000:8000`). */
const LOOPBACK_PORT = /^(?:127\.0\.0\.1|localhost|\[::1\]):/;

/** A dbt MCP service set up for one developer: its user's settings, or ports published on loopback only. */
function servesOneDeveloper(doc: CiYamlDocument, service: YamlNode, entries: readonly EnvEntry[]): boolean {
  if (entries.some((e) => DBT_MCP_USER_SETTING.test(e.name))) return true;
  const ports = doc.items(doc.value(service, 'ports')).map((p) => doc.str(p)?.trim() ?? '');
  return ports.length > 0 && ports.every((p) => LOOPBACK_PORT.test(p));
}

export const adapter: LanguageAdapter = {
  id: 'compose',
  async extract(file, adapterCtx) {
    const facts = emptyFacts();
    const large = tooLargeProblem(file.text);
    if (large) {
      facts.problems.push(large);
      return facts;
    }
    const ctx: EnvContext = { databricks: mentionsDatabricks(file.text), client: 'docker-compose' };
    try {
      const { docs, problems } = await loadCiYaml(file.text);
      facts.problems.push(...problems);
      const baseContexts = await baseBuildContexts(file.path, adapterCtx);
      for (const doc of docs) {
        for (const svc of doc.entries(doc.value(doc.root, 'services'))) {
          if (!doc.isMap(svc.value)) continue;
          const service = readEnvironment(doc, doc.value(svc.value, 'environment'));
          const endpoint = endpointOfEntries(service.entries);
          const mcp = runsDbtMcpServer(doc, svc.value);
          const own = mcp ? { ...ctx, toolSettings: true as const } : ctx;
          const before = facts.callSites.length;
          for (const e of service.entries) addEnvEntryFacts(facts, e, own, endpoint);
          // A developer's dbt MCP server (its user's features set up, or reachable from this machine only) runs locally.
          if (mcp && servesOneDeveloper(doc, svc.value, service.entries))
            for (const c of facts.callSites.slice(before)) c.workflow = 'script';
          handToBuiltCode(doc, facts, svc.value, folderOf(file.path), service.env, baseContexts.get(svc.key));
          await runCommand(doc, facts, svc.value, service.env);
        }
      }
    } catch (err) {
      facts.problems.push(...failureProblem(err));
    }
    dedupeFacts(facts);
    return facts;
  },
};
