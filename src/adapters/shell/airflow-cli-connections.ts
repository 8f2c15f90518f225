import type { Definition, Span } from '../../model/raw-facts.js';
import {
  airflowConnectionFromEnv,
  airflowConnectionRef,
  connectionAccountIds,
  connectionPasswordCredential,
  dbtCloudConnectionHost,
  isDbtCloudConnection,
  parseConnectionValue,
  type AirflowConnectionFields,
} from '../shared/airflow-connection/airflow-connection.js';

// `airflow connections add dbt_cloud_default --conn-type dbt_cloud --conn-password "$TOKEN"`
// (or `--conn-uri 'dbt-cloud://…'`), as an Airflow host's set-up script or entrypoint runs it: a
// definition of the connection, which the DAGs' `dbt_cloud_conn_id` links to. Read from the
// script's text, continuation lines joined, as the `AIRFLOW_CONN_*` exports beside it are.

/** The command up to the end of its logical line; `(id)(options)`. */
const CONNECTIONS_ADD =
  /\bairflow[ \t]+connections[ \t]+(?:add|create)[ \t]+["']?([\w.-]{1,128})["']?((?:[ \t]|\\\r?\n)(?:[^\n\\]|\\(?!\r?\n)){0,2000}(?:\\\r?\n(?:[^\n\\]|\\(?!\r?\n)){0,2000}){0,30})?/g;
/** One `--conn-x value` / `--conn-x=value` option. */
const OPTION = /--conn[-_]([a-z]+)(?:=|(?:[ \t]|\\\r?\n)+)("[^"\n]{0,2000}"|'[^'\n]{0,2000}'|[^\s\\]{1,2000})/g;

const unquote = (v: string): string => (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0]) ? v.slice(1, -1) : v);

/** The dbt Cloud connections the script's `airflow connections add` commands define. */
export function airflowCliConnections(script: string, spanAt: (offset: number) => Span): Definition[] {
  if (!script.includes('connections')) return [];
  const out: Definition[] = [];
  for (const m of script.matchAll(CONNECTIONS_ADD)) {
    const id = m[1]!;
    const rest = m[2] ?? '';
    const restAt = m.index + m[0].length - rest.length;
    const options = new Map<string, { value: string; at: number }>();
    for (const o of rest.matchAll(OPTION)) {
      const name = o[1]!.toLowerCase();
      if (!options.has(name)) options.set(name, { value: unquote(o[2]!), at: restAt + o.index + o[0].length - o[2]!.length });
    }
    const uri = options.get('uri');
    if (uri) {
      const def = airflowConnectionFromEnv(`AIRFLOW_CONN_${id}`, uri.value, spanAt(uri.at));
      if (def) out.push(def);
      continue;
    }
    const fields: AirflowConnectionFields = {
      connType: options.get('type')?.value,
      host: options.get('host')?.value,
      login: options.get('login')?.value,
      password: options.get('password')?.value,
    };
    const json = options.get('json');
    const parsed = json ? parseConnectionValue(json.value) : undefined;
    const conn = parsed ?? fields;
    if (!isDbtCloudConnection(conn)) continue;
    const where = options.get('password') ?? json ?? { at: m.index };
    const definition: Definition = {
      ref: airflowConnectionRef(id.toLowerCase()),
      credential: connectionPasswordCredential(conn.password, id, spanAt(where.at)),
      span: spanAt(where.at),
    };
    const accountIds = connectionAccountIds(conn.login);
    if (accountIds) definition.accountIds = accountIds;
    const host = dbtCloudConnectionHost(conn.host);
    if (host) definition.host = host;
    out.push(definition);
  }
  return out;
}
