import type { Span } from '../../model/raw-facts.js';
import type { LineIndex } from '../../facts/location.js';
import { member, parseJsonTree, scalarText, stringValue, type JsonValue } from '../shared/json-offsets/json-tree.js';
import { loadCiYaml, type CiYamlDocument, type YamlNode } from '../shared/yaml-documents/document.js';

// The parts of an Insomnia export a dbt Cloud call needs, from either format: requests (URL,
// method, the token their Authorization header or bearer/API-key helper sends, their folder),
// folders (their auth, their parent), and the environment's variables (base, then its
// sub-environments', the first of each name kept).

export interface Located {
  value: string;
  span: Span;
}

export interface InsomniaRequest {
  url: Located;
  method?: string;
  /** An `Authorization` header's value. */
  authorization?: Located;
  /** The token of a bearer or API-key helper (with its prefix, `Token {{ _.token }}`). */
  auth?: Located;
  parentId?: string;
}

interface InsomniaFolder {
  auth?: Located;
  parentId?: string;
}

export interface InsomniaExport {
  requests: InsomniaRequest[];
  folders: Map<string, InsomniaFolder>;
  environment: Map<string, Located>;
  problems: string[];
}

const MAX_RESOURCES = 5000;
const MAX_JSON_DEPTH = 64;

export async function readInsomniaExport(path: string, text: string, lines: LineIndex): Promise<InsomniaExport> {
  return /\.json$/i.test(path) ? readV4(text, lines) : readV5(text);
}

/** v4: `resources[]` of `request`, `request_group` and `environment` items, linked by `parentId`. */
function readV4(text: string, lines: LineIndex): InsomniaExport {
  const out: InsomniaExport = { requests: [], folders: new Map(), environment: new Map(), problems: [] };
  const parsed = parseJsonTree(text, MAX_JSON_DEPTH);
  if (parsed.errorOffset !== undefined) out.problems.push(`JSON parse error at line ${lines.at(parsed.errorOffset).line}`);
  const resources = member(parsed.root, 'resources');
  if (resources?.type !== 'array') return out;
  const located = (v: JsonValue | undefined): Located | undefined =>
    v?.type === 'string' ? { value: v.value, span: lines.at(v.start + 1) } : undefined;
  const authOf = (r: JsonValue): Located | undefined => jsonAuth(member(r, 'authentication'), located);
  for (const r of resources.items.slice(0, MAX_RESOURCES)) {
    const type = stringValue(member(r, '_type'));
    const parentId = stringValue(member(r, 'parentId'));
    if (type === 'request') {
      const url = located(member(r, 'url'));
      if (!url) continue;
      const headers = member(r, 'headers');
      const header =
        headers?.type === 'array'
          ? headers.items.find(
              (h) => /^authorization$/i.test(stringValue(member(h, 'name'))?.trim() ?? '') && scalarText(member(h, 'disabled')) !== 'true',
            )
          : undefined;
      out.requests.push(
        withOptional({
          url,
          method: stringValue(member(r, 'method')),
          authorization: located(member(header, 'value')),
          auth: authOf(r),
          parentId,
        }),
      );
    } else if (type === 'request_group') {
      const id = stringValue(member(r, '_id'));
      if (id) out.folders.set(id, withOptional({ auth: authOf(r), parentId }));
    } else if (type === 'environment') {
      const data = member(r, 'data');
      for (const m of data?.type === 'object' ? data.members : []) {
        const v = located(m.value);
        if (v && !out.environment.has(m.key)) out.environment.set(m.key, v);
      }
    }
  }
  return out;
}

function jsonAuth(auth: JsonValue | undefined, located: (v: JsonValue | undefined) => Located | undefined): Located | undefined {
  return helperToken({
    type: stringValue(member(auth, 'type')),
    disabled: scalarText(member(auth, 'disabled')),
    token: located(member(auth, 'token')),
    value: located(member(auth, 'value')),
    prefix: stringValue(member(auth, 'prefix')),
  });
}

/** What an auth helper sends: a bearer token (after its `prefix`, `Token`), or an API key's value. */
function helperToken(auth: { type?: string; disabled?: string; token?: Located; value?: Located; prefix?: string }): Located | undefined {
  const type = auth.type?.toLowerCase();
  if (auth.disabled === 'true') return undefined;
  const token = type === 'bearer' ? auth.token : type === 'apikey' ? auth.value : undefined;
  if (!token) return undefined;
  const prefix = type === 'bearer' ? auth.prefix?.trim() : undefined;
  return prefix ? { value: `${prefix} ${token.value}`, span: token.span } : token;
}

/** v5: `collection:` items (folders have `children:`) and `environments:` with `subEnvironments:`. */
async function readV5(text: string): Promise<InsomniaExport> {
  const out: InsomniaExport = { requests: [], folders: new Map(), environment: new Map(), problems: [] };
  const { docs, problems } = await loadCiYaml(text);
  out.problems.push(...problems);
  const doc = docs[0];
  if (!doc) return out;
  const located = (n: YamlNode | undefined): Located | undefined => {
    const value = doc.str(n);
    const span = doc.valueSpan(n);
    return value !== undefined && span ? { value, span } : undefined;
  };
  let folders = 0;
  const walk = (items: YamlNode[], parentId: string | undefined, depth: number): void => {
    for (const item of items.slice(0, MAX_RESOURCES)) {
      const children = doc.value(item, 'children');
      if (children !== undefined) {
        const id = `folder-${folders++}`;
        out.folders.set(id, withOptional({ auth: yamlAuth(doc, doc.value(item, 'authentication'), located), parentId }));
        if (depth < 16) walk(doc.items(children), id, depth + 1);
        continue;
      }
      const url = located(doc.value(item, 'url'));
      if (!url) continue;
      const header = doc
        .items(doc.value(item, 'headers'))
        .find((h) => /^authorization$/i.test(doc.str(doc.value(h, 'name'))?.trim() ?? '') && doc.str(doc.value(h, 'disabled')) !== 'true');
      out.requests.push(
        withOptional({
          url,
          method: doc.str(doc.value(item, 'method')),
          authorization: located(doc.value(header, 'value')),
          auth: yamlAuth(doc, doc.value(item, 'authentication'), located),
          parentId,
        }),
      );
    }
  };
  walk(doc.items(doc.value(doc.root, 'collection')), undefined, 0);
  const environments = doc.value(doc.root, 'environments');
  for (const env of [environments, ...doc.items(doc.value(environments, 'subEnvironments'))]) {
    for (const e of doc.entries(doc.value(env, 'data'))) {
      const v = located(e.value);
      if (v && !out.environment.has(e.key)) out.environment.set(e.key, v);
    }
  }
  return out;
}

function yamlAuth(
  doc: CiYamlDocument,
  auth: YamlNode | undefined,
  located: (n: YamlNode | undefined) => Located | undefined,
): Located | undefined {
  return helperToken({
    type: doc.str(doc.value(auth, 'type')),
    disabled: doc.str(doc.value(auth, 'disabled')),
    token: located(doc.value(auth, 'token')),
    value: located(doc.value(auth, 'value')),
    prefix: doc.str(doc.value(auth, 'prefix')),
  });
}

/** The object without its undefined properties (the model's optional fields stay absent). */
function withOptional<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
