import type { Definition } from '../../model/raw-facts.js';
import { literalText } from '../shared/values/parts.js';
import { chartFolder, helmValueRef } from '../shared/helm-values.js';
import { credentialOf } from './credentials.js';
import type { Node } from 'web-tree-sitter';
import { invocationOf, type CommandContext, type Invocation } from './invocation.js';
import { splitAtChar, splitWordAt, type Word } from './words.js';

// `helm upgrade --install watch ./charts/watch --set-string dbtCloud.token=${{ secrets.DBT_CLOUD_PAT }}`:
// the value an install gives a chart of the repository, which its templates put in a container's
// env (`value: {{ .Values.dbtCloud.token | quote }}`) for the code the container runs. Each `--set`
// entry defines that chart's value (src/adapters/shared/helm-values.ts).

/** Subcommands that render a chart with the values given. */
const RENDERS = new Set(['install', 'upgrade', 'template']);
/** Options that set values: `key=value` entries, comma-separated. */
const SETTERS = new Set(['--set', '--set-string']);
/** Options followed by a value of their own (a word apart unless written `--option=value`). */
const WITH_VALUE = new Set([
  '-n',
  '--namespace',
  '-f',
  '--values',
  '--set-file',
  '--set-json',
  '--set-literal',
  '--version',
  '--kube-context',
  '--kubeconfig',
  '--kube-token',
  '--kube-apiserver',
  '--kube-as-user',
  '--kube-as-group',
  '--timeout',
  '--repo',
  '--description',
  '--post-renderer',
  '--post-renderer-args',
  '-o',
  '--output',
  '--output-dir',
  '--history-max',
  '--username',
  '--password',
  '--ca-file',
  '--cert-file',
  '--key-file',
  '--keyring',
  '--registry-config',
  '--repository-cache',
  '--repository-config',
  '--burst-limit',
  '--qps',
  '-a',
  '--api-versions',
  '-s',
  '--show-only',
  '--name-template',
  '--labels',
  '-l',
]);
const MAX_ENTRIES = 64;

const HELM: ReadonlySet<string> = new Set(['helm']);

/** The chart values the script's helm commands set. */
export function helmValueDefinitions(commands: readonly Node[], ctx: CommandContext): Definition[] {
  const out: Definition[] = [];
  for (const node of commands) {
    const inv = invocationOf(node, HELM);
    if (inv) out.push(...helmSetDefinitions(inv, ctx));
  }
  return out;
}

/** The chart values a `helm install`/`upgrade`/`template` command sets on a chart folder of the repository. */
function helmSetDefinitions(inv: Invocation, ctx: CommandContext): Definition[] {
  const words = inv.args.map((w) => literalText(w));
  const sub = words.findIndex((w) => w === undefined || !w.startsWith('-'));
  if (sub < 0 || !RENDERS.has(words[sub] ?? '')) return [];
  const positional: (string | undefined)[] = [];
  const entries: Word[] = [];
  let generateName = false;
  for (let i = sub + 1; i < inv.args.length; i++) {
    const arg = inv.args[i]!;
    const head = words[i] ?? (arg[0]?.kind === 'literal' ? arg[0].text : '');
    if (!head.startsWith('-')) {
      positional.push(words[i]);
      continue;
    }
    const eq = head.startsWith('--') ? splitAtChar(arg, '=') : undefined;
    const name = eq ? eq[0] : head;
    if (SETTERS.has(name)) {
      const value = eq ? eq[1] : inv.args[++i];
      if (value) entries.push(...splitWordAt(value, ','));
    } else if (WITH_VALUE.has(name) && !eq) i++;
    else if (name === '--generate-name' || name === '-g') generateName = true;
  }
  // `install NAME CHART`, `upgrade RELEASE CHART`, `install CHART --generate-name`.
  const chart = positional.length >= 2 ? positional[1] : generateName ? positional[0] : undefined;
  const folder = chart === undefined || chart.includes(':') ? undefined : chartFolder(chart);
  if (folder === undefined) return [];
  const out: Definition[] = [];
  for (const entry of entries.slice(0, MAX_ENTRIES)) {
    const split = splitAtChar(entry, '=');
    const ref = split && helmValueRef(folder, split[0].trim().split('.'));
    if (!ref || !split[1].length) continue;
    const credential = credentialOf(ctx.scope.resolve(split[1], inv.at, inv.local), ctx.pos);
    if (!credential || credential.source === 'unknown') continue;
    out.push({ ref, credential, span: ctx.pos.span(split[1][0]!.at) });
  }
  return out;
}
