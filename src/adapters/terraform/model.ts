import type { Span } from '../../model/raw-facts.js';

// One small model for both Terraform syntaxes (native HCL and `.tf.json`), holding only what
// the dbt Cloud facts need: top-level blocks a few levels deep, attributes, and expressions
// reduced to literal / reference / object / other.

export type TfExpr =
  | { kind: 'literal'; value: string; valueType: 'string' | 'number' | 'bool' | 'null'; span: Span }
  /** `var.x`, `local.y`, `data.a.b.c`, also written as `"${var.x}"`: the dotted parts (a string index, `local.cfg["token"]`, is one). */
  | { kind: 'ref'; parts: string[]; span: Span }
  /** A one-level object: `{ source = "dbt-labs/dbtcloud" }`. */
  | { kind: 'object'; entries: TfAttribute[]; span: Span }
  /** A tuple (HCL only): `[{ name = "DBT_CLOUD_TOKEN", valueFrom = … }]`, as `container_definitions = jsonencode([…])` holds. */
  | { kind: 'tuple'; items: TfExpr[]; span: Span }
  /** `"Token ${var.x}"`: literal text and interpolated expressions, in order. */
  | { kind: 'template'; parts: (string | TfExpr)[]; span: Span }
  /** `format("%s/api", var.host)`: a function call other than the pass-through ones; `keys`: what is read of its result (`jsondecode(…)["token"]`). */
  | { kind: 'call'; name: string; args: TfExpr[]; span: Span; keys?: string[] }
  | { kind: 'other'; span: Span };

export interface TfAttribute {
  name: string;
  expr: TfExpr;
  span: Span;
}

export interface TfBlock {
  type: string;
  labels: string[];
  attributes: TfAttribute[];
  blocks: TfBlock[];
  span: Span;
}

export interface TfDocument {
  /** Top-level blocks (`.tf`, `.tf.json`). */
  blocks: TfBlock[];
  /** Top-level assignments (`.tfvars`, `.tfvars.json`). */
  attributes: TfAttribute[];
  problems: string[];
}

/**
 * How deep block bodies are read (the file's own is 1): `terraform { backend "x" { workspaces { … } } }`
 * needs 4, a Cloud Run job's `resource { template { template { containers { env { value_source {
 * secret_key_ref { … } } } } } } }` 8.
 */
export const MAX_BLOCK_DEPTH = 8;

export function attr(block: TfBlock | undefined, name: string): TfAttribute | undefined {
  if (!block) return undefined;
  let found: TfAttribute | undefined;
  for (const a of block.attributes) if (a.name === name) found = a;
  return found;
}

export function childBlocks(block: TfBlock | undefined, type: string): TfBlock[] {
  return block ? block.blocks.filter((b) => b.type === type) : [];
}

export function literalString(expr: TfExpr | undefined): string | undefined {
  return expr?.kind === 'literal' && (expr.valueType === 'string' || expr.valueType === 'number') ? expr.value : undefined;
}
