import type { Definition, Description, RawCredentialSite, Span } from '../../model/raw-facts.js';
import { isDbtTokenShaped, isLegacyKeyShaped } from '../../credentials/token-shapes.js';
import { isSecretName } from '../../credentials/names.js';
import type { TfAttribute, TfDocument, TfExpr } from './model.js';
import { joinRelative } from '../shared/ci-yaml/script-location.js';

// Variable values written in a file: `variable "x" { default = "…" }` and `.tfvars` assignments
// become Definitions (the core links a provider's `var.x` to them), and the ones that hold a
// dbt Cloud token become credential sites.

/** A value to report as a credential site: a dbt token by shape, or a 40-hex key under a dbt secret name. */
function isCredentialValue(name: string, value: string): boolean {
  return isDbtTokenShaped(value) || (isLegacyKeyShaped(value) && isSecretName(name, 'tf-variable'));
}

interface NamedValue {
  name: string;
  /** Undefined for a variable declared without a default. */
  expr?: TfExpr;
  /** The block or assignment, for the Definition's span. */
  span: Span;
  /** A variable's `description`, which may name the token type. */
  description?: Description;
}

function namedValues(doc: TfDocument): { definitions: NamedValue[]; locals: NamedValue[] } {
  const definitions: NamedValue[] = [];
  const locals: NamedValue[] = [];
  for (const b of doc.blocks) {
    if (b.type === 'variable' && b.labels[0] !== undefined) {
      const d = b.attributes.find((a) => a.name === 'default');
      const desc = b.attributes.find((a) => a.name === 'description');
      const text = desc?.expr.kind === 'literal' && desc.expr.valueType === 'string' ? desc.expr.value : undefined;
      const v: NamedValue = { name: b.labels[0], span: b.span };
      if (d) v.expr = d.expr;
      if (text) v.description = { text, line: desc!.span.line };
      if (d || text) definitions.push(v);
    } else if (b.type === 'locals') {
      for (const a of b.attributes) locals.push({ name: a.name, expr: a.expr, span: a.span });
    }
  }
  for (const a of doc.attributes) definitions.push({ name: a.name, expr: a.expr, span: a.span });
  return { definitions, locals };
}

const literalOf = (e: TfExpr): { value: string; span: Span } | undefined =>
  e.kind === 'literal' && (e.valueType === 'string' || e.valueType === 'number') ? { value: e.value, span: e.span } : undefined;

export function variableFacts(doc: TfDocument): { definitions: Definition[]; credentialSites: RawCredentialSite[] } {
  const { definitions: values, locals } = namedValues(doc);
  const definitions: Definition[] = [];
  const credentialSites: RawCredentialSite[] = [];
  for (const v of values) {
    const lit = v.expr && literalOf(v.expr);
    const ref = { kind: 'terraform-variable', id: v.name } as const;
    if (!lit) {
      // Declared without a value: its description may still say what token it takes.
      if (v.description)
        definitions.push({ ref, credential: { source: 'variable', name: v.name, description: v.description }, span: v.span });
      continue;
    }
    const def: Definition = {
      ref,
      credential: {
        source: 'literal',
        name: v.name,
        value: lit.value,
        span: lit.span,
        ...(v.description ? { description: v.description } : {}),
      },
      span: v.span,
    };
    if (/account/i.test(v.name) && /^\d{1,19}$/.test(lit.value)) def.accountIds = [lit.value];
    definitions.push(def);
  }
  for (const v of [...values, ...locals]) {
    const lit = v.expr && literalOf(v.expr);
    if (lit && isCredentialValue(v.name, lit.value)) {
      credentialSites.push({ span: lit.span, credential: { source: 'literal', name: v.name, value: lit.value, span: lit.span } });
    }
  }
  return { definitions, credentialSites };
}

/** A module call's own settings, not values of the module's variables. */
const MODULE_META = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on']);

/**
 * What a module call of the repository gives the module's variables (`module "dbt" { source =
 * "./modules/dbt"  dbt_token = var.dbt_personal_token }`): a Definition of the called module's
 * variable, scoped to that module's folder, holding this module's variable (which the core links
 * to its own definitions first) or the literal written.
 */
export function moduleCallDefinitions(doc: TfDocument, filePath: string): Definition[] {
  const out: Definition[] = [];
  const dir = filePath.includes('/') ? filePath.slice(0, filePath.lastIndexOf('/')) : '';
  for (const b of doc.blocks) {
    if (b.type !== 'module') continue;
    const source = b.attributes.find((a) => a.name === 'source')?.expr;
    const folder = source?.kind === 'literal' && /^\.\.?\//.test(source.value) ? joinRelative(dir, source.value) : undefined;
    if (folder === undefined) continue;
    for (const a of b.attributes.slice(0, 200)) {
      if (MODULE_META.has(a.name)) continue;
      const ref = { kind: 'terraform-variable', id: a.name } as const;
      if (a.expr.kind === 'ref' && a.expr.parts[0] === 'var' && a.expr.parts[1]) {
        const name = a.expr.parts[1];
        out.push({
          ref,
          credential: { source: 'variable', name, ref: { kind: 'terraform-variable', id: name }, span: a.expr.span },
          span: a.span,
          scopeFolder: folder,
        });
        continue;
      }
      const def = literalArgumentDefinition(a, folder);
      if (def) out.push(def);
    }
  }
  return out;
}

/** A literal a module is given for one of its variables (`dbt_token = "dbtc_…"`, `account_id = 70403`), scoped to its folder. */
function literalArgumentDefinition(a: TfAttribute, folder: string): Definition | undefined {
  const lit = literalOf(a.expr);
  if (!lit) return undefined;
  const def: Definition = {
    ref: { kind: 'terraform-variable', id: a.name },
    credential: { source: 'literal', name: a.name, value: lit.value, span: lit.span },
    span: a.span,
    scopeFolder: folder,
  };
  if (/account/i.test(a.name) && /^\d{1,19}$/.test(lit.value)) def.accountIds = [lit.value];
  return def;
}

/**
 * What a Terragrunt unit gives the module its `terraform { source = "../../modules//dbtcloud" }`
 * names: each of its `inputs = { dbt_token = get_env("DBT_CLOUD_SERVICE_TOKEN") }` a Definition of
 * that module's variable, scoped to the module's folder, holding the environment variable read
 * or the literal written.
 */
export function terragruntInputDefinitions(doc: TfDocument, filePath: string): Definition[] {
  const dir = filePath.includes('/') ? filePath.slice(0, filePath.lastIndexOf('/')) : '';
  const source = doc.blocks.find((b) => b.type === 'terraform')?.attributes.find((a) => a.name === 'source')?.expr;
  // A local module (`../../modules//dbtcloud`, the `//` marking the subfolder within the source).
  const folder =
    source?.kind === 'literal' && /^\.\.?\//.test(source.value) ? joinRelative(dir, source.value.replace(/\/\/+/g, '/')) : undefined;
  const inputs = doc.attributes.find((a) => a.name === 'inputs')?.expr;
  if (folder === undefined || inputs?.kind !== 'object') return [];
  const out: Definition[] = [];
  for (const a of inputs.entries.slice(0, 200)) {
    const ref = { kind: 'terraform-variable', id: a.name } as const;
    const e = a.expr;
    const env = e.kind === 'call' && e.name === 'get_env' && e.args[0]?.kind === 'literal' ? e.args[0].value : undefined;
    if (env !== undefined && /^[A-Za-z_]\w{0,127}$/.test(env)) {
      out.push({ ref, credential: { source: 'env', name: env, span: e.span }, span: a.span, scopeFolder: folder });
      continue;
    }
    const def = literalArgumentDefinition(a, folder);
    if (def) out.push(def);
  }
  return out;
}
