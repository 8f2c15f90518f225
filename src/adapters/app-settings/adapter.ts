import type { LanguageAdapter } from '../adapter.js';
import { emptyFacts, type FileFacts, type Span } from '../../model/raw-facts.js';
import { LineIndex } from '../../facts/location.js';
import { addEnvEntryFacts, type EnvEntry } from '../shared/env-entries/dbt-env.js';
import { member, objectsIn, parseJsonTree, stringValue, type JsonValue } from '../shared/json-offsets/json-tree.js';
import { secretReferenceIn } from '../shared/secret-stores.js';
import { textBinding } from '../shared/values/binding.js';
import { mentionsDatabricks } from '../../credentials/token-shapes.js';
import { isDbtTokenEntry } from '../../credentials/names.js';

// A deployed app's settings written as JSON: an ECS task definition's containers (`environment`
// values, `secrets` read from Secrets Manager or Parameter Store by ARN), Azure Functions'
// `local.settings.json` `Values` and App Service settings (`[{ "name", "value" }]`, a Key Vault
// reference as the value), Heroku's `app.json` `env`. An entry named for a dbt Cloud token
// configures the app with one: a `config` site in the `application` workflow; a secret's id
// (`dbt/semantic-layer-service-token`) types the variable, and so the code that reads it.

const MAX_OBJECTS = 20_000;

export const adapter: LanguageAdapter = {
  id: 'app-settings',
  async extract(file) {
    const facts: FileFacts = emptyFacts();
    const { root } = parseJsonTree(file.text, 64);
    if (!root) return facts;
    const index = new LineIndex(file.text);
    const at = (offset: number): Span => {
      const p = index.at(offset);
      return { line: p.line, column: p.column };
    };
    const entries: EnvEntry[] = [];
    const add = (name: string | undefined, nameAt: number, value: JsonValue | undefined, secretRef?: boolean): void => {
      const text = stringValue(value);
      if (!name || !/^[A-Za-z_][\w.-]{0,127}$/.test(name) || text === undefined || !value) return;
      const span = at(nameAt);
      const valueSpan = at(value.start + 1);
      const secret = secretReferenceIn(text) ?? (secretRef ? text : undefined);
      entries.push(
        secret !== undefined
          ? {
              name,
              span,
              binding: {
                credential: { source: 'secret', name, span: valueSpan, description: { text: secret, line: valueSpan.line, isName: true } },
              },
            }
          : { name, span, binding: textBinding(text, valueSpan), raw: text, rawSpan: valueSpan },
      );
    };
    for (const o of objectsIn(root, MAX_OBJECTS)) {
      // `{ "name": "DBT_TOKEN", "value": "…" }` (ECS `environment`, App Service settings), `{ "name", "valueFrom" }` (ECS `secrets`).
      const name = member(o, 'name');
      if (name?.type === 'string') {
        const valueFrom = member(o, 'valueFrom');
        add(name.value, name.start, valueFrom ?? member(o, 'value'), valueFrom !== undefined);
      }
      // Azure Functions' `Values`, Heroku's `env` (`{ "DBT_TOKEN": { "description": …, "value": … } }`).
      for (const key of ['Values', 'env']) {
        const map = member(o, key);
        if (map?.type !== 'object') continue;
        for (const m of map.members.slice(0, 500)) {
          add(m.key, m.keyStart, m.value.type === 'object' ? member(m.value, 'value') : m.value);
          // Heroku's `"DBT_CLOUD_TOKEN": { "description": "dbt Cloud personal access token" }`, set at deploy time:
          // the description says what the app's reads of the variable get.
          const description =
            m.value.type === 'object' && member(m.value, 'value') === undefined ? member(m.value, 'description') : undefined;
          const text = stringValue(description);
          if (description && text !== undefined && /^[A-Za-z_]\w{0,127}$/.test(m.key)) {
            const span = at(description.start + 1);
            (facts.namedValues ??= []).push({
              span,
              credential: { source: 'config', name: m.key, span, description: { text, line: span.line } },
            });
          }
        }
      }
    }
    const ctx = { databricks: mentionsDatabricks(file.text), client: 'app settings' };
    for (const e of entries.slice(0, 500)) {
      // A secret named for a dbt token counts whatever the variable is called (`SL_TOKEN` from `dbt/sl-service-token`).
      const secret = 'credential' in e.binding ? e.binding.credential.description?.text : undefined;
      const dbtSecret =
        secret !== undefined && isDbtTokenEntry(secret.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase(), undefined, ctx.databricks);
      if (dbtSecret && !isDbtTokenEntry(e.name, undefined, ctx.databricks) && 'credential' in e.binding)
        facts.callSites.push({ kind: 'config', span: e.span, credential: e.binding.credential, client: ctx.client });
      else addEnvEntryFacts(facts, e, ctx);
    }
    // The app these settings configure runs where it is deployed; Azure Functions' local.settings.json
    // is its developer's copy for running it locally, in the folder's own workflow.
    if (!/(^|\/)local\.settings\.json$/i.test(file.path)) for (const c of facts.callSites) c.workflow = 'application';
    return facts;
  },
};
