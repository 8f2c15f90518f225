import { posix } from 'node:path';
import type { AdapterContext } from '../adapter.js';
import type { Definition, FileFacts, RawCredential } from '../../model/raw-facts.js';
import type { CiYamlDocument } from '../shared/yaml-documents/document.js';
import { kubernetesSecretRef, unquote } from '../shared/kubernetes-secrets.js';
import { templateReference } from '../shared/airflow-connection/airflow-connection.js';
import { isDbtTokenEntry } from '../../credentials/names.js';
import { isCompleteToken } from '../../credentials/token-shapes.js';
import { plainSpan } from '../shared/env-entries/dbt-env.js';

// Kustomize's `secretGenerator:` makes a Secret from `literals:` (`KEY=value`) and `envs:` files
// (`KEY=value` lines, read by the dotenv reader where they are): each key is a definition of the
// Secret's `name/key`, which a workload's `secretKeyRef` links to, as a Secret manifest's key is.

export const isKustomization = (path: string): boolean => /(?:^|\/)kustomization\.ya?ml$/i.test(path);

const ENTRY = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.-]{0,252})[ \t]*=[ \t]*(.*?)[ \t]*$/;
const MAX_ENV_LINES = 2000;

export function kustomizeSecretDefinitions(
  doc: CiYamlDocument,
  path: string,
  repo: AdapterContext,
  facts: FileFacts,
  databricks: boolean,
): void {
  const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
  for (const generator of doc.items(doc.value(doc.root, 'secretGenerator')).slice(0, 100)) {
    const name = doc.str(doc.value(generator, 'name'));
    if (!name) continue;
    for (const literal of doc.items(doc.value(generator, 'literals'))) {
      const text = doc.str(literal);
      const span = doc.valueSpan(literal);
      const m = text === undefined ? null : ENTRY.exec(text);
      if (!m || !span) continue;
      const value = unquote(m[2]!);
      const ref = kubernetesSecretRef(name, m[1]);
      if (!ref || value === '') continue;
      const reference = templateReference(value, true);
      const credential: RawCredential = reference
        ? { ...reference, span: plainSpan(span) }
        : { source: 'literal', name: m[1]!, value, span: plainSpan(span) };
      facts.definitions.push({ ref, credential, span: plainSpan(span) });
      if (!reference && (isDbtTokenEntry(m[1]!, value, databricks) || isCompleteToken(value, false)))
        facts.credentialSites.push({ span: plainSpan(span), credential: { ...credential } });
    }
    const envFiles = [...doc.items(doc.value(generator, 'envs')), doc.value(generator, 'env')].filter((n) => n !== undefined);
    for (const file of envFiles) {
      const rel = doc.str(file);
      const span = doc.valueSpan(file);
      if (!rel || !span || rel.startsWith('/')) continue;
      const envPath = posix.normalize(posix.join(dir, rel));
      const text = !envPath.startsWith('..') && repo.fileExists(envPath) ? repo.readRepoFile(envPath)?.text : undefined;
      for (const line of text === undefined ? [] : text.split(/\r?\n/).slice(0, MAX_ENV_LINES)) {
        const m = ENTRY.exec(line);
        const ref = m ? kubernetesSecretRef(name, m[1]) : undefined;
        const value = m ? unquote(m[2]!) : '';
        if (!ref || value === '' || line.trimStart().startsWith('#')) continue;
        // The value is reported where it is written, by the env file's own reader: here it only types the Secret's key.
        const reference = templateReference(value, true);
        const credential: RawCredential = reference ? { ...reference, span: plainSpan(span) } : { source: 'literal', name: m![1]!, value };
        const definition: Definition = { ref, credential, span: plainSpan(span) };
        facts.definitions.push(definition);
      }
    }
  }
}
