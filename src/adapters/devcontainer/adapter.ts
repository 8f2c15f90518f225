import type { LanguageAdapter } from '../adapter.js';
import { DEVCONTAINER_COMMAND_KEYS } from '../../classify/devcontainer.js';
import { LineIndex } from '../../facts/location.js';
import { emptyFacts, type FileFacts } from '../../model/raw-facts.js';
import { mergeFacts } from '../shared/embedded-shell/shell-facts.js';
import { addEnvEntryFacts, endpointOfEntries, type EnvEntry } from '../shared/env-entries/dbt-env.js';
import { mentionsDatabricks } from '../../credentials/token-shapes.js';
import { shellFactsAt } from '../shared/embedded-shell/embedded-shell.js';
import { type EnvBinding, textBinding } from '../shared/values/binding.js';
import { plainJson } from '../shared/json-offsets/plain-json.js';
import { parseJsonTree, type JsonValue } from '../shared/json-offsets/json-tree.js';

// devcontainer.json (JSON with comments): the life-cycle commands a dev container runs when a
// developer opens the project (`postCreateCommand: "curl … cloud.getdbt.com …"`). Each is shell
// (a string), exec form (an array) or a set of either (an object). The calls are development
// set-up: the workflow follows from the path (`.devcontainer`), the scripts they start are
// followed by the entry-point reach. `containerEnv` and `remoteEnv` hand variables to the
// container: a dbt token there (`"DBT_CLOUD_PAT": "${localEnv:DBT_CLOUD_PAT}"`) is a `config`
// site, and the commands see the variable as that credential.

/** `${localEnv:X}` / `${containerEnv:X}` (with an optional `:default`): the variable X. */
const ENV_REFERENCE = /^\$\{(?:localEnv|containerEnv):([A-Za-z_][A-Za-z0-9_]{0,127})(?::[^}]*)?\}$/;

function envEntries(block: JsonValue | undefined, index: LineIndex): EnvEntry[] {
  if (block?.type !== 'object') return [];
  const out: EnvEntry[] = [];
  for (const m of block.members) {
    if (m.value.type !== 'string') continue;
    const span = index.at(m.keyStart + 1);
    const valueSpan = index.at(m.value.start + 1);
    const ref = ENV_REFERENCE.exec(m.value.value.trim());
    const binding: EnvBinding = ref
      ? { credential: { source: 'env', name: ref[1]!, span: { line: valueSpan.line, column: valueSpan.column } } }
      : textBinding(m.value.value, { line: valueSpan.line, column: valueSpan.column });
    out.push({ name: m.key, span: { line: span.line, column: span.column }, binding });
  }
  return out;
}

/**
 * Exec form as one shell line. Items are double-quoted with `$` left alone: no shell expands
 * `${DBT_TOKEN}` in exec form, but that is what its author meant, and it names the credential.
 */
const execLine = (items: readonly string[]): string =>
  items.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `"${a.replace(/["\\`]/g, '\\$&')}"`)).join(' ');

/** The command strings of one life-cycle property, each with the offset its text starts at. */
function commandsOf(value: JsonValue): { script: string; start: number }[] {
  if (value.type === 'string') return [{ script: value.value, start: value.start + 1 }];
  if (value.type === 'array') {
    const items = value.items.filter((i) => i.type === 'string');
    return items.length ? [{ script: execLine(items.map((i) => i.value)), start: items[0]!.start + 1 }] : [];
  }
  if (value.type === 'object') return value.members.flatMap((m) => commandsOf(m.value));
  return [];
}

export const adapter: LanguageAdapter = {
  id: 'devcontainer',
  async extract(file): Promise<FileFacts> {
    const facts = emptyFacts();
    const { root, errorOffset } = parseJsonTree(plainJson(file.text));
    const index = new LineIndex(file.text);
    if (errorOffset !== undefined) facts.problems.push(`not valid JSON at line ${index.at(errorOffset).line}; read up to there`);
    if (root?.type !== 'object') return facts;
    const entries = root.members
      .filter((m) => m.key === 'containerEnv' || m.key === 'remoteEnv')
      .flatMap((m) => envEntries(m.value, index));
    const ctx = { databricks: mentionsDatabricks(file.text), client: 'devcontainer' };
    const endpoint = endpointOfEntries(entries);
    for (const e of entries) addEnvEntryFacts(facts, e, ctx, endpoint);
    const env = new Map(entries.map((e) => [e.name, e.binding]));
    for (const m of root.members) {
      if (!DEVCONTAINER_COMMAND_KEYS.includes(m.key)) continue;
      for (const { script, start } of commandsOf(m.value)) {
        const at = index.at(start);
        // A JSON string holds its line breaks as `\n` escapes: one file line, so one script line.
        mergeFacts(facts, await shellFactsAt(script.replace(/\r?\n/g, ' ; '), { line: at.line, column: at.column }, new Map(env)));
      }
    }
    return facts;
  },
};
