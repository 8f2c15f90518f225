// A JSON parser that keeps source offsets, so facts can point at the line of a request or a
// token. `JSON.parse` gives no positions. The parser is iterative (an explicit stack, no
// recursion), so 100k levels of nesting cannot overflow the call stack; containers deeper than
// `maxDepth` are skipped as one `skipped` node. On malformed input it returns the tree built so
// far plus the offset of the error, so a truncated file still yields what it holds.

interface JsonBase {
  /** Offset of the first character of the value. */
  start: number;
  /** Offset just after the value (the text length for a container left open by an error). */
  end: number;
}
export interface JsonMember {
  key: string;
  keyStart: number;
  value: JsonValue;
}
export interface JsonObject extends JsonBase {
  type: 'object';
  members: JsonMember[];
}
export interface JsonArray extends JsonBase {
  type: 'array';
  items: JsonValue[];
}
interface JsonString extends JsonBase {
  type: 'string';
  value: string;
}
interface JsonScalar extends JsonBase {
  type: 'number' | 'boolean' | 'null';
  raw: string;
}
/** A container nested deeper than `maxDepth`; its content is not kept. */
interface JsonSkipped extends JsonBase {
  type: 'skipped';
}
export type JsonValue = JsonObject | JsonArray | JsonString | JsonScalar | JsonSkipped;

export interface JsonParseResult {
  root?: JsonValue;
  /** Offset where parsing stopped on malformed input. */
  errorOffset?: number;
  /** True when some container was deeper than `maxDepth` and was skipped. */
  skippedDeep: boolean;
}

type FrameState = 'first-key' | 'key' | 'first-value' | 'value' | 'after-value';
interface Frame {
  node: JsonObject | JsonArray;
  state: FrameState;
  key?: string;
  keyStart?: number;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function skipWs(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** Reads the string whose opening quote is at `i`; undefined when unterminated or invalid. */
function readString(text: string, i: number): { value: string; end: number } | undefined {
  let out = '';
  let seg = i + 1;
  let j = seg;
  const n = text.length;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === 0x22) return { value: out + text.slice(seg, j), end: j + 1 };
    if (c === 0x5c) {
      out += text.slice(seg, j);
      const e = text[j + 1];
      if (e === 'u') {
        const hex = text.slice(j + 2, j + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
        out += String.fromCharCode(parseInt(hex, 16));
        j += 6;
      } else if (e !== undefined && ESCAPES[e] !== undefined) {
        out += ESCAPES[e];
        j += 2;
      } else {
        return undefined;
      }
      seg = j;
      continue;
    }
    if (c < 0x20) return undefined;
    j++;
  }
  return undefined;
}

/** Offset just after the container opening at `i`, without building it; -1 when unbalanced. */
function skipContainer(text: string, i: number): number {
  let depth = 0;
  const n = text.length;
  for (let j = i; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) {
      // Jump over the string, honouring backslash escapes.
      j++;
      while (j < n && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      if (j >= n) return -1;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

export function parseJsonTree(text: string, maxDepth = 256): JsonParseResult {
  const stack: Frame[] = [];
  let root: JsonValue | undefined;
  let skippedDeep = false;
  let i = skipWs(text, 0);

  const fail = (at: number): JsonParseResult => {
    for (const f of stack) if (f.node.end < 0) f.node.end = text.length;
    return { root, errorOffset: Math.min(at, text.length), skippedDeep };
  };
  const attach = (v: JsonValue): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = v;
      return;
    }
    if (top.node.type === 'array') top.node.items.push(v);
    else top.node.members.push({ key: top.key ?? '', keyStart: top.keyStart ?? v.start, value: v });
    top.state = 'after-value';
  };

  for (;;) {
    i = skipWs(text, i);
    const top = stack[stack.length - 1];
    if (!top && root !== undefined) return i < text.length ? fail(i) : { root, skippedDeep };
    const ch = text[i];
    if (ch === undefined) return fail(i);

    if (top && top.state === 'after-value') {
      if (ch === ',') {
        top.state = top.node.type === 'object' ? 'key' : 'value';
        i++;
      } else if ((ch === '}' && top.node.type === 'object') || (ch === ']' && top.node.type === 'array')) {
        top.node.end = i + 1;
        stack.pop();
        i++;
      } else {
        return fail(i);
      }
      continue;
    }

    if (top && top.node.type === 'object' && (top.state === 'first-key' || top.state === 'key')) {
      if (ch === '}' && top.state === 'first-key') {
        top.node.end = i + 1;
        stack.pop();
        i++;
        continue;
      }
      if (ch !== '"') return fail(i);
      const key = readString(text, i);
      if (!key) return fail(i);
      top.key = key.value;
      top.keyStart = i;
      i = skipWs(text, key.end);
      if (text[i] !== ':') return fail(i);
      i++;
      top.state = 'value';
      continue;
    }

    if (top && top.state === 'first-value' && ch === ']') {
      top.node.end = i + 1;
      stack.pop();
      i++;
      continue;
    }

    // A value is expected here.
    if (ch === '{' || ch === '[') {
      if (stack.length >= maxDepth) {
        const end = skipContainer(text, i);
        if (end < 0) return fail(i);
        skippedDeep = true;
        attach({ type: 'skipped', start: i, end });
        i = end;
        continue;
      }
      const node: JsonObject | JsonArray =
        ch === '{' ? { type: 'object', start: i, end: -1, members: [] } : { type: 'array', start: i, end: -1, items: [] };
      attach(node);
      stack.push({ node, state: ch === '{' ? 'first-key' : 'first-value' });
      i++;
    } else if (ch === '"') {
      const s = readString(text, i);
      if (!s) return fail(i);
      attach({ type: 'string', start: i, end: s.end, value: s.value });
      i = s.end;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) return fail(i);
      attach({ type: 'number', start: i, end: i + m[0].length, raw: m[0] });
      i += m[0].length;
    } else {
      const word = text.startsWith('true', i)
        ? 'true'
        : text.startsWith('false', i)
          ? 'false'
          : text.startsWith('null', i)
            ? 'null'
            : undefined;
      if (!word) return fail(i);
      attach({ type: word === 'null' ? 'null' : 'boolean', start: i, end: i + word.length, raw: word });
      i += word.length;
    }
  }
}

/**
 * Every object in a tree, depth first, after visiting at most `maxNodes` values (a huge file's
 * objects past that are not read). `descend` says whether to look inside a member's value.
 */
export function objectsIn(root: JsonValue | undefined, maxNodes: number, descend?: (m: JsonMember) => boolean): JsonObject[] {
  const out: JsonObject[] = [];
  const stack: JsonValue[] = root ? [root] : [];
  let visited = 0;
  while (stack.length > 0 && visited++ < maxNodes) {
    const n = stack.pop()!;
    if (n.type === 'array') stack.push(...n.items);
    if (n.type !== 'object') continue;
    out.push(n);
    for (const m of n.members) if (!descend || descend(m)) stack.push(m.value);
  }
  return out;
}

/** The value of `key` in an object node (the last one, as `JSON.parse` would keep). */
export function member(node: JsonValue | undefined, key: string): JsonValue | undefined {
  if (node?.type !== 'object') return undefined;
  let found: JsonValue | undefined;
  for (const m of node.members) if (m.key === key) found = m.value;
  return found;
}

/** The member entry itself, for the key's position. */
export function memberEntry(node: JsonValue | undefined, key: string): JsonMember | undefined {
  if (node?.type !== 'object') return undefined;
  let found: JsonMember | undefined;
  for (const m of node.members) if (m.key === key) found = m;
  return found;
}

export function stringValue(node: JsonValue | undefined): string | undefined {
  return node?.type === 'string' ? node.value : undefined;
}

/** A scalar as text (strings as is, numbers and booleans by their source). */
export function scalarText(node: JsonValue | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return node.value;
  if (node.type === 'number' || node.type === 'boolean') return node.raw;
  return undefined;
}
