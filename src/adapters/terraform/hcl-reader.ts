import { isBudgetExceeded, isExpectedIoError, isParseError } from '../../errors.js';
import { caughtExpected } from '../extraction-limits.js';
import type { Node, Parser, Tree } from 'web-tree-sitter';
import type { Span } from '../../model/raw-facts.js';
import { loadParser, parseWithin } from '../tree-sitter.js';
import { MAX_BLOCK_DEPTH, type TfAttribute, type TfBlock, type TfDocument, type TfExpr } from './model.js';

// Native Terraform syntax (.tf, .tfvars) through tree-sitter's HCL grammar, reduced to the small
// model in model.ts. The parser (web-tree-sitter + the grammar's .wasm) loads on first use, once
// per process. Blocks are kept only a few levels deep and expressions only a few levels deep, so
// deeply nested input costs the parse and nothing more.

/**
 * Bigger files are not parsed: tree-sitter's wasm heap aborts the whole module around 20 MB and
 * a 1 MB string literal already takes a second. Real Terraform files are far smaller.
 */
const MAX_HCL_CHARS = 2_000_000;
/** Wall-clock budget per parse; some pathological inputs (nested templates) parse very slowly. */
const PARSE_BUDGET_MS = 3000;
/** How deep expressions are followed (function wrappers, object entries). */
const MAX_EXPR_DEPTH = 6;
/** Functions that pass their single argument through, so `sensitive(var.token)` is `var.token`. */
const PASS_THROUGH = new Set(['sensitive', 'nonsensitive', 'tostring', 'trimspace', 'chomp']);

const spanOf = (n: Node): Span => ({
  line: n.startPosition.row + 1,
  column: n.startPosition.column + 1,
  endLine: n.endPosition.row + 1,
  endColumn: n.endPosition.column + 1,
});

const named = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');

/** HCL string escapes (the quoted form); `$${` and `%%{` are literal `${` and `%{`. */
function unescapeHcl(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (m, esc: string | undefined) => {
    if (m === '$${') return '${';
    if (m === '%%{') return '%{';
    if (!esc) return m;
    if (esc.length > 1) {
      const cp = parseInt(esc.slice(1), 16);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' } as Record<string, string>)[esc] ?? m;
  });
}

function quotedContent(n: Node): string {
  const t = n.text;
  return unescapeHcl(t.startsWith('"') && t.endsWith('"') && t.length >= 2 ? t.slice(1, -1) : t);
}

function templateExpr(n: Node, depth: number): TfExpr {
  const span = spanOf(n);
  const inner = named(n)[0];
  if (inner?.type === 'quoted_template') {
    const parts = named(inner).filter((c) => c.type !== 'quoted_template_start' && c.type !== 'quoted_template_end');
    if (parts.every((c) => c.type === 'template_literal'))
      return { kind: 'literal', valueType: 'string', value: quotedContent(inner), span };
    // "${var.x}" (Terraform 0.11 style) is just var.x.
    const only = parts.length === 1 ? parts[0] : undefined;
    if (only?.type === 'template_interpolation') {
      const e = named(only).find((c) => c.type === 'expression');
      if (e) return expression(e, depth + 1);
    }
    // "Token ${var.x}", "https://${var.host}/api/v2/": kept as parts for URLs and auth headers.
    if (parts.every((c) => c.type === 'template_literal' || c.type === 'template_interpolation')) {
      const out: (string | TfExpr)[] = [];
      for (const c of parts) {
        if (c.type === 'template_literal') {
          out.push(unescapeHcl(c.text));
          continue;
        }
        const e = named(c).find((k) => k.type === 'expression');
        out.push(e ? expression(e, depth + 1) : { kind: 'other', span: spanOf(c) });
      }
      return { kind: 'template', parts: out, span };
    }
  }
  if (inner?.type === 'heredoc_template') {
    const body = named(inner).filter((c) => c.type !== 'heredoc_start' && c.type !== 'heredoc_identifier');
    if (body.length === 1 && body[0]!.type === 'template_literal') {
      return { kind: 'literal', valueType: 'string', value: body[0]!.text.replace(/\r?\n$/, ''), span };
    }
  }
  return { kind: 'other', span };
}

/** `["service_token"]` (or `.service_token` after a call): the key a string index or attribute reads. */
function stringIndex(k: Node, depth: number): string | undefined {
  if (k.type === 'get_attr') return named(k).find((c) => c.type === 'identifier')?.text;
  if (k.type !== 'index') return undefined;
  const inner = named(k)[0];
  const e = inner?.type === 'new_index' ? named(inner)[0] : undefined;
  const key = e ? expression(e, depth + 1) : undefined;
  return key?.kind === 'literal' && key.valueType === 'string' && /^[\w.-]{1,100}$/.test(key.value) ? key.value : undefined;
}

function expression(n: Node, depth = 0): TfExpr {
  const span = spanOf(n);
  if (depth > MAX_EXPR_DEPTH) return { kind: 'other', span };
  const kids = named(n);
  const first = kids[0];
  if (!first) return { kind: 'other', span };
  switch (first.type) {
    case 'expression':
      return kids.length === 1 ? expression(first, depth + 1) : { kind: 'other', span };
    case 'literal_value': {
      const lit = named(first)[0];
      if (!lit) break;
      if (lit.type === 'string_lit') return { kind: 'literal', valueType: 'string', value: quotedContent(lit), span };
      if (lit.type === 'numeric_lit') return { kind: 'literal', valueType: 'number', value: lit.text, span };
      if (lit.type === 'bool_lit') return { kind: 'literal', valueType: 'bool', value: lit.text, span };
      if (lit.type === 'null_lit') return { kind: 'literal', valueType: 'null', value: 'null', span };
      break;
    }
    case 'variable_expr': {
      const parts = [first.text];
      for (const k of kids.slice(1)) {
        const key = k.type === 'get_attr' ? named(k).find((c) => c.type === 'identifier')?.text : stringIndex(k, depth);
        if (key === undefined) break;
        parts.push(key);
      }
      return { kind: 'ref', parts, span };
    }
    case 'template_expr':
      if (kids.length === 1) return templateExpr(first, depth);
      break;
    case 'function_call': {
      const fkids = named(first);
      const name = fkids.find((c) => c.type === 'identifier')?.text ?? '';
      const args = fkids.find((c) => c.type === 'function_arguments');
      const argExprs = args ? named(args).filter((c) => c.type === 'expression') : [];
      if (kids.length === 1 && PASS_THROUGH.has(name) && argExprs.length === 1) return expression(argExprs[0]!, depth + 1);
      // `jsondecode(data.x.secret_string)["service_token"]`: what is read of the result.
      const keys = kids.slice(1).map((k) => stringIndex(k, depth));
      if (name !== '' && keys.every((k) => k !== undefined)) {
        const call: TfExpr = { kind: 'call', name, args: argExprs.map((a) => expression(a, depth + 1)), span };
        if (keys.length > 0) call.keys = keys as string[];
        return call;
      }
      break;
    }
    case 'collection_value': {
      const obj = named(first)[0];
      if (obj?.type === 'tuple' && kids.length === 1) {
        const items = named(obj)
          .filter((c) => c.type === 'expression')
          .slice(0, 200)
          .map((c) => expression(c, depth + 1));
        return { kind: 'tuple', items, span };
      }
      if (obj?.type !== 'object' || kids.length !== 1) break;
      const entries: TfAttribute[] = [];
      for (const el of named(obj)) {
        if (el.type !== 'object_elem') continue;
        const key = el.childForFieldName('key');
        const val = el.childForFieldName('val');
        if (!key || !val) continue;
        const k = expression(key, MAX_EXPR_DEPTH); // a key is a bare name or a string: one level
        const keyName = k.kind === 'literal' ? k.value : k.kind === 'ref' && k.parts.length === 1 ? k.parts[0]! : undefined;
        if (keyName !== undefined) entries.push({ name: keyName, expr: expression(val, depth + 1), span: spanOf(el) });
      }
      return { kind: 'object', entries, span };
    }
  }
  return { kind: 'other', span };
}

function attribute(n: Node): TfAttribute | undefined {
  const kids = named(n);
  const id = kids.find((c) => c.type === 'identifier');
  const e = kids.find((c) => c.type === 'expression');
  if (!id || !e) return undefined;
  return { name: id.text, expr: expression(e), span: spanOf(n) };
}

function blockHead(n: Node): TfBlock {
  const block: TfBlock = { type: '', labels: [], attributes: [], blocks: [], span: spanOf(n) };
  for (const c of named(n)) {
    if (c.type === 'identifier' && block.type === '') block.type = c.text;
    else if (c.type === 'identifier') block.labels.push(c.text);
    else if (c.type === 'string_lit') block.labels.push(quotedContent(c));
  }
  return block;
}

/** The first syntax error's line, found by following only subtrees that contain errors. */
function firstErrorLine(root: Node): number | undefined {
  let n: Node | null = root;
  for (let steps = 0; n && steps < 200_000; steps++) {
    if (n.isError || n.isMissing) return n.startPosition.row + 1;
    let next: Node | null = null;
    for (let i = 0; i < n.childCount; i++) {
      const c = n.child(i);
      if (c && (c.hasError || c.isMissing || c.isError)) {
        next = c;
        break;
      }
    }
    if (!next) return n.startPosition.row + 1;
    n = next;
  }
  return undefined;
}

/** The HCL parser, loaded once per process (also ahead of need: src/cli/startup/warm-parsers.ts). */
export const loadHclParser = (): Promise<Parser> => loadParser('@tree-sitter-grammars/tree-sitter-hcl', 'tree-sitter-hcl.wasm');

/**
 * `account_id = <your-account-id>` in a template (`terraform.tfvars.example`): a fill-in, which is
 * not HCL; parsed as it stands, the error swallows the settings after it (the token among them).
 * Each such value is parsed as a string, its `<` and `>` read as quotes (the same offsets). Only
 * a whole attribute's value: a `<` in an expression is left alone.
 */
const FILL_IN_ATTRIBUTE = /^([ \t]*[A-Za-z_][\w-]*[ \t]*=[ \t]*)<([^<>"'\n]{1,80})>(?=[ \t]*(?:(?:#|\/\/)[^\n]*)?\r?$)/gm;

const quoteFillIns = (text: string): string =>
  text.includes('<') ? text.replace(FILL_IN_ATTRIBUTE, (_m, lead: string, body: string) => `${lead}"${body}"`) : text;

/** Parses native HCL; throws only a bug, under DTS_STRICT=1. */
export async function readHcl(text: string): Promise<TfDocument> {
  const doc: TfDocument = { blocks: [], attributes: [], problems: [] };
  if (text.length > MAX_HCL_CHARS) {
    doc.problems.push(`Terraform file too large to parse (${text.length} characters, limit ${MAX_HCL_CHARS})`);
    return doc;
  }
  let parser: Parser;
  try {
    parser = await loadHclParser();
  } catch (e) {
    if (caughtExpected(e, isExpectedIoError)) doc.problems.push('HCL parser could not be loaded');
    return doc;
  }
  let tree: Tree | undefined;
  try {
    const source = quoteFillIns(text);
    tree = parseWithin(parser, (i: number) => source.slice(i, i + 8192), PARSE_BUDGET_MS);
  } catch (e) {
    if (caughtExpected(e, isParseError, isBudgetExceeded)) doc.problems.push('HCL parse failed');
    return doc;
  }
  if (!tree) {
    doc.problems.push('HCL parse took too long; skipped');
    return doc;
  }
  try {
    const root = tree.rootNode;
    if (root.hasError) {
      const line = firstErrorLine(root);
      doc.problems.push(line ? `HCL syntax error near line ${line}` : 'HCL syntax error');
    }
    const top = named(root).find((c) => c.type === 'body');
    if (!top) return doc;
    // Explicit stack of (body, where its blocks go, depth): no recursion over nesting.
    const work: { body: Node; into: TfBlock | undefined; depth: number }[] = [{ body: top, into: undefined, depth: 1 }];
    while (work.length > 0) {
      const { body, into, depth } = work.pop()!;
      for (const c of named(body)) {
        if (c.type === 'attribute') {
          const a = attribute(c);
          if (a) (into ? into.attributes : doc.attributes).push(a);
        } else if (c.type === 'block') {
          const b = blockHead(c);
          (into ? into.blocks : doc.blocks).push(b);
          const inner = named(c).find((k) => k.type === 'body');
          if (inner && depth < MAX_BLOCK_DEPTH) work.push({ body: inner, into: b, depth: depth + 1 });
        }
      }
    }
  } catch (e) {
    if (caughtExpected(e, isBudgetExceeded)) doc.problems.push('HCL tree could not be read');
  } finally {
    tree.delete();
  }
  return doc;
}
