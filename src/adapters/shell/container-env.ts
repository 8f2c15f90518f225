import type { RawCallSite, RawCredential } from '../../model/raw-facts.js';
import { isDbtTokenEntry } from '../../credentials/names.js';
import { literalText } from '../shared/values/parts.js';
import { credentialOf } from './credentials.js';
import type { CommandContext, Invocation } from './invocation.js';
import { splitAtChar, splitWordAt, variable, type Word } from './words.js';

// Commands that start a container or deploy a service with a dbt Cloud token in its environment:
// `docker run -e DBT_TOKEN=…`, `gcloud run deploy --set-env-vars=DBT_TOKEN=…`, `az container create
// --secure-environment-variables DBT_TOKEN=…`, `az containerapp … --env-vars`, `kubectl create
// secret generic … --from-literal=DBT_TOKEN=…`, `fly secrets set`, `heroku config:set`. The service
// calls dbt Cloud with it (dbt's MCP server, an app): a `config` site at the entry, in the
// `application` workflow for a deployed service, as a compose file's `environment:` entry is, and
// in the file's own workflow for a container the command starts where it runs.

export const CONTAINER_DEPLOYERS = ['docker', 'podman', 'gcloud', 'az', 'kubectl', 'fly', 'flyctl', 'heroku'] as const;

/** Programs whose containers run on the machine that runs the command. */
const RUNS_HERE: ReadonlySet<string> = new Set(['docker', 'podman']);

/** Options whose value is one `NAME=value` entry (or a bare `NAME`, passed from the caller's environment). */
const SINGLE_ENTRY = new Set(['-e', '--env', '--from-literal']);
/** Options whose value is a comma-separated list of entries (gcloud). */
const ENTRY_LISTS = new Set(['--set-env-vars', '--update-env-vars', '--set-secrets', '--update-secrets']);
/** gcloud's entries that name a Secret Manager secret (`DBT_TOKEN=dbt-token:latest`), not a value. */
const SECRET_LISTS = new Set(['--set-secrets', '--update-secrets']);
/** An Azure Container Apps value naming one of the app's secrets. */
const SECRET_REF = /^secretref:([\w.-]{1,128})$/;
/** A Secret Manager secret and its version. */
const SECRET_VERSION = /^([\w.-]{1,255})(?::[\w.-]+)?$/;
/** Options followed by entries, one a word, up to the next option (az). */
const ENTRY_WORDS = new Set(['--environment-variables', '--secure-environment-variables', '--env-vars']);
const MAX_ENTRIES = 64;

/** Whether the command deploys or starts something whose environment it sets. */
function deploys(program: string, words: readonly (string | undefined)[]): boolean {
  const has = (w: string): boolean => words.includes(w);
  switch (program) {
    case 'docker':
    case 'podman':
      return words.find((w) => w !== undefined && !w.startsWith('-')) === 'run' || has('create') || (has('container') && has('run'));
    case 'gcloud':
      return (has('run') || has('functions')) && (has('deploy') || has('update') || has('create'));
    case 'az':
      return (has('container') || has('containerapp')) && (has('create') || has('update') || has('up'));
    case 'kubectl':
      return has('create') && has('secret');
    case 'fly':
    case 'flyctl':
      return has('secrets') && has('set');
    case 'heroku':
      return has('config:set');
    default:
      return false;
  }
}

interface Entry {
  word: Word;
  /** The value names a secret of the platform's store (gcloud's `--set-secrets`). */
  secret?: true;
}

/** The `NAME=value` entries the command sets, as words (positional ones for fly and heroku). */
function entriesOf(inv: Invocation, words: readonly (string | undefined)[]): Entry[] {
  const out: Entry[] = [];
  const positional = inv.name === 'fly' || inv.name === 'flyctl' || inv.name === 'heroku';
  for (let i = 0; i < inv.args.length && out.length < MAX_ENTRIES; i++) {
    const arg = inv.args[i]!;
    const head = words[i] ?? (arg[0]?.kind === 'literal' ? arg[0].text : '');
    const eq = head.startsWith('--') ? splitAtChar(arg, '=') : undefined;
    const name = eq ? eq[0] : head;
    if (SINGLE_ENTRY.has(name)) {
      const value = eq ? eq[1] : inv.args[++i];
      if (value) out.push({ word: value });
    } else if (ENTRY_LISTS.has(name)) {
      const value = eq ? eq[1] : inv.args[++i];
      const secret = SECRET_LISTS.has(name);
      if (value) for (const word of splitWordAt(value, ',').slice(0, MAX_ENTRIES)) out.push(secret ? { word, secret } : { word });
    } else if (ENTRY_WORDS.has(name)) {
      for (let j = i + 1; j < inv.args.length && !(words[j] ?? '').startsWith('-'); j++, i++) out.push({ word: inv.args[j]! });
    } else if (positional && !head.startsWith('-') && head.includes('=')) out.push({ word: arg });
  }
  return out;
}

/** A `config` site for each entry that hands the service a dbt Cloud token. */
export function containerEnvSites(inv: Invocation, ctx: CommandContext, databricks: boolean): RawCallSite[] {
  const words = inv.args.map((w) => literalText(w));
  if (!deploys(inv.name, words)) return [];
  const out: RawCallSite[] = [];
  for (const { word: entry, secret } of entriesOf(inv, words)) {
    const split = splitAtChar(entry, '=');
    const name = (split ? split[0] : literalText(entry))?.trim();
    if (!name || !/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name)) continue;
    const at = entry[0]?.at ?? inv.at;
    // `-e DBT_TOKEN`: the value is the caller's own variable of that name.
    const value: Word = split ? split[1] : [variable(name, at)];
    const resolved = ctx.scope.resolve(value, inv.at, inv.local);
    const text = literalText(resolved)?.trim();
    const stored = text === undefined ? undefined : secret ? SECRET_VERSION.exec(text)?.[1] : SECRET_REF.exec(text)?.[1];
    if (!isDbtTokenEntry(name, stored === undefined ? text : undefined, databricks)) continue;
    // The service's variable holds the stored secret, whose id says what it is: code reading the
    // variable takes that type (as from a Kubernetes Secret's name).
    const span = ctx.pos.span(at);
    const credential: RawCredential | undefined =
      stored !== undefined
        ? { source: 'secret', name, span, description: { text: stored, line: span.line, isName: true } }
        : credentialOf(resolved, ctx.pos);
    if (!credential) continue;
    const site: RawCallSite = { kind: 'config', span: ctx.pos.span(at), credential, client: inv.name };
    // A deployed service runs where it is deployed; a container started here runs here (a CI
    // step's `docker run` is CI), in whatever workflow the file runs.
    if (!RUNS_HERE.has(inv.name)) site.workflow = 'application';
    out.push(site);
  }
  return out;
}
