import { slotTypeOfInput } from '../../credentials/names.js';
import type { LanguageAdapter } from '../adapter.js';
import { emptyFacts } from '../../model/raw-facts.js';
import { failureProblem, loadCiYaml, type CiYamlDocument, type YamlNode } from '../shared/yaml-documents/document.js';
import { addEnvEntryFacts, type EnvEntry } from '../shared/env-entries/dbt-env.js';
import { dbtHostOfEntries, namesDbtMcp } from '../shared/env-entries/dbt-host-entries.js';
import { dedupeFacts, tooLargeProblem } from '../shared/ci-yaml/yaml-steps.js';
import { mergeUncovered } from '../shared/line-facts/merge-uncovered.js';
import { scanYamlLines } from '../shared/line-facts/yaml-lines.js';
import { textBinding } from '../shared/values/binding.js';

// App manifests: a Databricks app's `app.yaml` (`command:` and an `env:` list whose entries have
// `value:` or `valueFrom:`, a resource key such as a secret), the same block under
// `resources.apps.*.config` of a Databricks Asset Bundle (`value_from:`), and Google App Engine's
// `env_variables:` map. An entry named for a dbt Cloud token configures the deployed app with
// one: a `config` call site, plus a credential site for a literal. `DBT_TOKEN` is also the name
// dbt Core on Databricks uses for the warehouse token, so that name counts only when the same
// block points at a dbt Cloud host or runs the dbt MCP server. The rest of the file is read line
// by line (URLs, other token keys).

const MAX_NODES = 100_000;

interface EnvBlock {
  owner: YamlNode;
  entries: EnvEntry[];
}

function envEntries(doc: CiYamlDocument, owner: YamlNode): EnvEntry[] {
  const out: EnvEntry[] = [];
  for (const item of doc.items(doc.value(owner, 'env'))) {
    const nameEntry = doc.get(item, 'name');
    const name = doc.str(nameEntry?.value);
    const span = doc.valueSpan(nameEntry?.value);
    if (!name || !span) continue;
    const value = doc.value(item, 'value');
    const from = doc.get(item, 'valueFrom') ?? doc.get(item, 'value_from');
    const text = doc.str(value);
    if (text !== undefined) {
      out.push({
        name,
        span,
        binding: textBinding(text, doc.valueSpan(value) ?? span),
        raw: text,
        rawSpan: doc.valueSpan(value) ?? span,
      });
      continue;
    }
    const key = doc.str(from?.value);
    const keySpan = doc.valueSpan(from?.value);
    if (key !== undefined && keySpan) {
      // The resource key (`dbt-token`) may say nothing of the type; the variable it fills may (`DBT_SERVICE_TOKEN`).
      const slotType = slotTypeOfInput(name);
      out.push({ name, span, binding: { credential: { source: 'secret', name: key, span: keySpan, ...(slotType ? { slotType } : {}) } } });
    }
  }
  for (const e of doc.entries(doc.value(owner, 'env_variables'))) {
    const text = doc.str(e.value);
    const span = doc.span(e.pair);
    const valueSpan = doc.valueSpan(e.value);
    if (text !== undefined && span)
      out.push({ name: e.key, span, binding: textBinding(text, valueSpan ?? span), raw: text, rawSpan: valueSpan ?? span });
  }
  return out;
}

/** Every mapping with an `env:` list or `env_variables:` map, wherever it sits (app.yaml root, bundle apps). */
function envBlocks(doc: CiYamlDocument): EnvBlock[] {
  const out: EnvBlock[] = [];
  const stack: YamlNode[] = [];
  const root = doc.root;
  if (root) stack.push(root);
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_NODES) {
    const n = stack.pop()!;
    if (doc.isSeq(n)) {
      stack.push(...doc.items(n));
      continue;
    }
    if (!doc.isMap(n)) continue;
    const entries = doc.get(n, 'env') || doc.get(n, 'env_variables') ? envEntries(doc, n) : [];
    if (entries.length > 0) out.push({ owner: n, entries });
    for (const e of doc.entries(n)) if (e.value && e.key !== 'env' && e.key !== 'env_variables') stack.push(e.value);
  }
  return out;
}

/** `command: [uv, run, dbt-mcp]` or a string command. */
function runsDbtMcp(doc: CiYamlDocument, owner: YamlNode): boolean {
  const command = doc.value(owner, 'command');
  return namesDbtMcp([doc.str(command), ...doc.items(command).map((i) => doc.str(i))]);
}

export const adapter: LanguageAdapter = {
  id: 'databricks-app',
  async extract(file) {
    const facts = emptyFacts();
    const large = tooLargeProblem(file.text);
    if (large) {
      facts.problems.push(large);
      return facts;
    }
    try {
      const { docs, problems } = await loadCiYaml(file.text);
      facts.problems.push(...problems);
      for (const doc of docs) {
        for (const block of envBlocks(doc)) {
          const endpoint = dbtHostOfEntries(block.entries);
          // Without a dbt Cloud host or the dbt MCP server beside it, DBT_TOKEN is a Databricks token.
          const dbtCloud = endpoint !== undefined || runsDbtMcp(doc, block.owner);
          const before = facts.callSites.length;
          for (const e of block.entries) addEnvEntryFacts(facts, e, { databricks: !dbtCloud, client: 'databricks-app' }, endpoint);
          if (facts.callSites.length > before) facts.role = 'application';
        }
      }
    } catch (err) {
      facts.problems.push(...failureProblem(err));
    }
    dedupeFacts(facts);
    mergeUncovered(facts, scanYamlLines(file.text, 'databricks-app'));
    return facts;
  },
};
