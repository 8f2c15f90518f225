import type { Definition } from '../../model/raw-facts.js';
import { airflowConnectionFromEnv } from '../shared/airflow-connection/airflow-connection.js';
import { MAX_BLOCK_DEPTH, type TfBlock, type TfDocument, type TfExpr } from './model.js';

// Airflow connections a Terraform resource sets in the environment it deploys: Cloud Composer's
// `env_variables`, an MWAA or Kubernetes map, any `AIRFLOW_CONN_<ID> = "dbt-cloud://…"` entry
// of an object attribute. Each is a Definition the DAGs' `dbt_cloud_conn_id` links to.

const AIRFLOW_CONN = /^AIRFLOW_CONN_/i;

export function airflowConnectionDefinitions(doc: TfDocument): Definition[] {
  const out: Definition[] = [];
  const visit = (block: TfBlock, depth: number): void => {
    for (const a of block.attributes) {
      if (a.expr.kind !== 'object') continue;
      for (const e of a.expr.entries) {
        if (!AIRFLOW_CONN.test(e.name)) continue;
        const raw = written(e.expr);
        const def = raw !== undefined ? airflowConnectionFromEnv(e.name, raw, e.expr.span) : undefined;
        if (!def) continue;
        // `dbt-cloud://…:${var.dbt_token}@…`: the password is the module's variable, not a literal.
        const variable = def.credential.source === 'literal' ? /^\$\{var\.([\w-]+)\}$/.exec(def.credential.value ?? '')?.[1] : undefined;
        if (variable) {
          def.credential = { source: 'variable', name: variable, ref: { kind: 'terraform-variable', id: variable } };
          if (e.expr.span) def.credential.span = e.expr.span;
        }
        out.push(def);
      }
    }
    if (depth < MAX_BLOCK_DEPTH) for (const b of block.blocks) visit(b, depth + 1);
  };
  for (const b of doc.blocks) visit(b, 1);
  return out;
}

/** The value as written: a string, or a template with its references as `${var.x}`. */
function written(expr: TfExpr): string | undefined {
  if (expr.kind === 'literal') return expr.valueType === 'string' ? expr.value : undefined;
  if (expr.kind !== 'template') return undefined;
  let text = '';
  for (const p of expr.parts) {
    if (typeof p === 'string') text += p;
    else if (p.kind === 'ref') text += `\${${p.parts.join('.')}}`;
    else if (p.kind === 'literal') text += p.value;
    else return undefined;
  }
  return text;
}
