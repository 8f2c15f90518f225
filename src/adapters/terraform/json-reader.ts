import type { Span } from '../../model/raw-facts.js';
import { parseJsonTree, type JsonValue } from '../shared/json-offsets/json-tree.js';
import { LineIndex } from '../../facts/location.js';
import { MAX_BLOCK_DEPTH, type TfBlock, type TfDocument, type TfExpr } from './model.js';

// Terraform's JSON syntax (.tf.json, .tfvars.json) into the same model as native HCL. In JSON the
// schema decides what is a block: the property under `provider` is a label, under `terraform`
// `backend` is a nested block, and so on. Only the block types the dbt facts need are mapped.

/** How many labels each top-level block type has. */
const LABELS: Record<string, number> = { provider: 1, variable: 1, output: 1, module: 1, resource: 2, data: 2, locals: 0, terraform: 0 };
/** Nested block types (and their label counts), by parent block type. */
const NESTED: Record<string, Record<string, number>> = {
  terraform: { required_providers: 0, backend: 1, cloud: 0 },
  backend: { workspaces: 0 },
  cloud: { workspaces: 0 },
};

/** `"${var.token}"`: a template that is exactly one traversal. */
const SINGLE_REF = /^\$\{\s*([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*)\s*\}$/;

/** `"Token ${var.x}"` as template parts when every interpolation is a plain traversal; else 'other'. */
function templateOf(value: string, span: Span): TfExpr {
  if (value.length > 4000 || /%\{/.test(value.replace(/%%\{/g, ''))) return { kind: 'other', span };
  const parts: (string | TfExpr)[] = [];
  const re = /\$\{\s*([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*){0,8})\s*\}/g;
  let last = 0;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    if (m.index > 0 && value[m.index - 1] === '$') continue; // `$${` is a literal `${`
    parts.push(value.slice(last, m.index).replace(/([$%])\1\{/g, '$1{'), { kind: 'ref', parts: m[1]!.split('.'), span });
    last = m.index + m[0].length;
  }
  const tail = value.slice(last);
  if (/[$%]\{/.test(tail.replace(/[$%][$%]\{/g, '')) || parts.some((p) => typeof p === 'string' && /\$\{/.test(p)))
    return { kind: 'other', span };
  parts.push(tail.replace(/([$%])\1\{/g, '$1{'));
  return { kind: 'template', parts: parts.filter((p) => p !== ''), span };
}

export function readTfJson(text: string, varsFile: boolean): TfDocument {
  const doc: TfDocument = { blocks: [], attributes: [], problems: [] };
  const lines = new LineIndex(text);
  const parsed = parseJsonTree(text, 64);
  if (parsed.errorOffset !== undefined) doc.problems.push(`JSON parse error at line ${lines.at(parsed.errorOffset).line}`);
  const root = parsed.root;
  if (root?.type !== 'object') return doc;
  const span = (v: { start: number; end: number }): Span => lines.span(v.start, v.end);

  const expr = (v: JsonValue, depth: number): TfExpr => {
    const s = span(v);
    switch (v.type) {
      case 'string': {
        const ref = SINGLE_REF.exec(v.value);
        if (ref) return { kind: 'ref', parts: ref[1]!.split('.'), span: s };
        if (/[$%]\{/.test(v.value.replace(/[$%][$%]\{/g, ''))) return templateOf(v.value, s);
        return { kind: 'literal', valueType: 'string', value: v.value.replace(/([$%])\1\{/g, '$1{'), span: s };
      }
      case 'number':
        return { kind: 'literal', valueType: 'number', value: v.raw, span: s };
      case 'boolean':
        return { kind: 'literal', valueType: 'bool', value: v.raw, span: s };
      case 'null':
        return { kind: 'literal', valueType: 'null', value: 'null', span: s };
      case 'object':
        if (depth > 0) return { kind: 'other', span: s };
        return {
          kind: 'object',
          span: s,
          entries: v.members
            .filter((m) => m.key !== '//')
            .map((m) => ({ name: m.key, expr: expr(m.value, depth + 1), span: lines.span(m.keyStart, m.value.end) })),
        };
      default:
        return { kind: 'other', span: s };
    }
  };

  /** Bodies of one block type: `value` is an object (one body) or an array of objects. */
  const bodies = (v: JsonValue): JsonValue[] =>
    v.type === 'array' ? v.items.filter((i) => i.type === 'object') : v.type === 'object' ? [v] : [];

  const fillBody = (block: TfBlock, body: JsonValue, depth: number): void => {
    if (body.type !== 'object') return;
    const nested = NESTED[block.type] ?? {};
    for (const m of body.members) {
      if (m.key === '//') continue;
      const labels = nested[m.key];
      if (labels !== undefined && depth < MAX_BLOCK_DEPTH) block.blocks.push(...makeBlocks(m.key, m.value, labels, m.keyStart, depth + 1));
      else block.attributes.push({ name: m.key, expr: expr(m.value, 0), span: lines.span(m.keyStart, m.value.end) });
    }
  };

  // Walks the label levels (at most two) down to the bodies.
  const makeBlocks = (type: string, value: JsonValue, labelCount: number, keyStart: number, depth: number): TfBlock[] => {
    const out: TfBlock[] = [];
    let level: { node: JsonValue; labels: string[]; at: number }[] = [{ node: value, labels: [], at: keyStart }];
    for (let l = 0; l < labelCount; l++) {
      const next: typeof level = [];
      for (const { node, labels } of level) {
        for (const obj of bodies(node)) {
          if (obj.type !== 'object') continue;
          for (const m of obj.members) if (m.key !== '//') next.push({ node: m.value, labels: [...labels, m.key], at: m.keyStart });
        }
      }
      level = next;
    }
    for (const { node, labels, at } of level) {
      for (const body of bodies(node)) {
        const block: TfBlock = { type, labels, attributes: [], blocks: [], span: lines.span(at, body.end) };
        fillBody(block, body, depth);
        out.push(block);
      }
    }
    return out;
  };

  for (const m of root.members) {
    if (m.key === '//') continue;
    if (varsFile) {
      doc.attributes.push({ name: m.key, expr: expr(m.value, 0), span: lines.span(m.keyStart, m.value.end) });
      continue;
    }
    const labels = LABELS[m.key];
    if (labels === undefined) continue;
    if (m.key === 'locals') {
      // `locals` has no labels and its properties are all attributes.
      for (const body of bodies(m.value)) {
        const block: TfBlock = { type: 'locals', labels: [], attributes: [], blocks: [], span: lines.span(m.keyStart, body.end) };
        fillBody(block, body, 1);
        doc.blocks.push(block);
      }
      continue;
    }
    doc.blocks.push(...makeBlocks(m.key, m.value, labels, m.keyStart, 1));
  }
  return doc;
}
