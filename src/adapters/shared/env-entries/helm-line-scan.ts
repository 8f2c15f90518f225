import type { FileFacts, RawCredential, Span } from '../../../model/raw-facts.js';
import { type EnvBinding, textBinding } from '../values/binding.js';
import { addEnvEntryFacts, type EnvContext } from './dbt-env.js';
import { isCompleteToken } from '../../../credentials/token-shapes.js';
import { isDbtTokenEntry, isDbtTokenName } from '../../../credentials/names.js';
import { identifierDescription } from '../../../credentials/descriptions.js';

// Manifests that are not valid YAML, mostly Helm templates (`{{ .Values.x }}`, `{{- if }}`):
// env entries found line by line (`- name: DBT_...` followed by `value:` or `secretKeyRef:`),
// and `KEY: value` lines where a dbt token name holds a literal.

const MAX_LINES = 200_000;
const MAX_LINE = 2_000;
const LOOKAHEAD = 8;
const NAME_LINE = /^(\s*)(-\s+)?name:\s*(["']?)([A-Za-z_][A-Za-z0-9_]{0,127})\3\s*(?:#.*)?$/;
/** The Airflow chart's `secret:` list: `- envName: AIRFLOW_CONN_DBT_CLOUD` with the `secretName:` that fills it. */
const SECRET_ENV_LINE = /^(\s*)(-\s+)?envName:\s*(["']?)([A-Za-z_][A-Za-z0-9_]{0,127})\3\s*(?:#.*)?$/;
const KEY_VALUE = /^(\s*)([A-Za-z_][A-Za-z0-9_]{0,127}):\s+(["']?)([^"'\s#]{1,4096})\3\s*(?:#.*)?$/;

const unquote = (v: string): string => (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0] ? v.slice(1, -1) : v);
const indentOf = (l: string): number => l.length - l.trimStart().length;

export function helmLineScan(text: string, facts: FileFacts, ctx: EnvContext): void {
  const lines = text.split('\n', MAX_LINES).map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  lines.forEach((line, i) => {
    if (line.length > MAX_LINE) return;
    const secretEntry = SECRET_ENV_LINE.exec(line);
    if (secretEntry) {
      const name = secretEntry[4]!;
      if (!isDbtTokenName(name) && !/^AIRFLOW_(?:CONN|VAR)_/i.test(name)) return;
      const span: Span = { line: i + 1, column: line.indexOf(name, secretEntry[1]!.length + (secretEntry[2]?.length ?? 0)) + 1 };
      const credential: RawCredential = { source: 'secret', name, span };
      // Its `secretName:` (and `secretKey:`) beside it, before the next entry.
      for (let k = i + 1; k < lines.length && k <= i + 3 && !/^\s*-\s/.test(lines[k]!); k++) {
        const secret = /^\s*secretName:\s*["']?([\w.-]{1,253})["']?\s*$/.exec(lines[k]!);
        const description = secret ? identifierDescription([secret[1]], k + 1) : undefined;
        if (description) credential.description = description;
      }
      addEnvEntryFacts(facts, { name, span, binding: { credential } }, ctx);
      return;
    }
    const m = NAME_LINE.exec(line);
    if (m) {
      const name = m[4]!;
      if (!isDbtTokenName(name) && !/^AIRFLOW_CONN_/i.test(name)) return;
      const keyIndent = m[1]!.length + (m[2]?.length ?? 0);
      const span: Span = { line: i + 1, column: line.indexOf(name, keyIndent) + 1 };
      const found = entryBinding(lines, i, keyIndent, name);
      if (found)
        addEnvEntryFacts(
          facts,
          {
            name,
            span,
            binding: found.binding,
            ...(found.raw !== undefined
              ? { raw: found.raw, rawSpan: found.binding && 'value' in found.binding ? found.binding.span : span }
              : {}),
          },
          ctx,
        );
      return;
    }
    const kv = KEY_VALUE.exec(line);
    if (!kv || kv[2] === 'name' || kv[2] === 'value' || kv[4]!.includes('{{')) return;
    const key = kv[2]!;
    const value = kv[4]!;
    // `AIRFLOW_CONN_DBT_CLOUD_DEFAULT: 'dbt-cloud://…'` in a Secret's `stringData` (the Airflow chart's `extraSecrets`): the connection.
    if (/^AIRFLOW_CONN_/i.test(key)) {
      const vspan = { line: i + 1, column: line.indexOf(value, kv[1]!.length + key.length + 1) + 1 };
      const span = { line: i + 1, column: kv[1]!.length + 1 };
      addEnvEntryFacts(facts, { name: key, span, binding: textBinding(value, vspan), raw: value, rawSpan: vspan }, ctx);
      return;
    }
    const named = isDbtTokenEntry(key, value, ctx.databricks);
    if (!named && !isCompleteToken(value, false)) return;
    const col = line.indexOf(value, kv[1]!.length + key.length + 1) + 1;
    const vspan = { line: i + 1, column: col };
    facts.credentialSites.push({ span: vspan, credential: { source: 'literal', name: key, value, span: { ...vspan } } });
  });
}

/** The `value:` / `valueFrom:` lines that belong to the env entry whose `name:` is on line `at`. */
function entryBinding(
  lines: readonly string[],
  at: number,
  keyIndent: number,
  name: string,
): { binding: EnvBinding; raw?: string } | undefined {
  for (let j = at + 1; j < lines.length && j <= at + LOOKAHEAD; j++) {
    const l = lines[j]!;
    if (l.trim() === '' || l.trimStart().startsWith('{{')) continue;
    // The entry's other keys are indented like `name:`; anything less is the next entry or block.
    if (l.length > MAX_LINE || indentOf(l) < keyIndent) return undefined;
    const v = /^(\s*)value:\s*(.*?)\s*$/.exec(l);
    if (v) {
      const raw = unquote(v[2]!);
      const column = v[1]!.length + 'value:'.length + (v[2]!.length - v[2]!.trimStart().length) + 1;
      const span: Span = { line: j + 1, column: column + (raw !== v[2] ? 1 : 0) };
      if (raw === '') return undefined;
      if (raw.includes('{{')) return { binding: { credential: { source: 'config', name, span } } };
      return { binding: textBinding(raw, span), raw };
    }
    if (/^\s*secretKeyRef:/.test(l)) {
      const credential: RawCredential = { source: 'secret', name, span: { line: j + 1, column: indentOf(l) + 1 } };
      // The Secret's own name (`name: dbt-cloud-service-token` below) says what it holds.
      for (let k = j + 1; k < lines.length && k <= j + 3 && indentOf(lines[k]!) > indentOf(l); k++) {
        const secret = /^\s*name:\s*["']?([\w.-]{1,253})["']?\s*$/.exec(lines[k]!);
        const description = secret ? identifierDescription([secret[1]], k + 1) : undefined;
        if (description) credential.description = description;
      }
      return { binding: { credential } };
    }
    if (/^\s*configMapKeyRef:/.test(l))
      return { binding: { credential: { source: 'config', name, span: { line: j + 1, column: indentOf(l) + 1 } } } };
  }
  return undefined;
}
