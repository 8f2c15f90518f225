#!/usr/bin/env node
// Builds data/documented-endpoints.json from the dbt Cloud Admin API OpenAPI documents
// (dbt-labs/dbt-cloud-openapi-spec, openapi-v2.yaml and openapi-v3.yaml) plus a short hand-written
// list of the other APIs, so the undocumented-endpoint and user-context checks follow the published
// spec and a newer spec can simply be dropped in and regenerated.
//
//   node scripts/generate-endpoints.mjs [SPEC_DIR] [--out FILE] [--check]
//
// SPEC_DIR defaults to ../shared/knowledge/openapi (relative to the repository root). It holds the
// openapi-v*.yaml files and, optionally, SOURCE.md naming the spec commit and date. --out writes
// elsewhere than data/documented-endpoints.json; --check writes nothing and exits 1 when the file
// on disk differs from what would be generated. The output is deterministic: same input, same bytes.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * The spec marks the user-credential operations in prose only: "Requires a personal access token
 * (PAT) for the user specified by `user_id` ... Service tokens are not supported".
 */
const USER_CONTEXT_WORDING =
  /requires a personal access token|service tokens? (are|is) not supported|cannot be (used|called) with a service token/i;

/**
 * The operations that create a service token (operationId "Create Service Token"). dbt Cloud has
 * rejected them with a 400 when a PAT calls them since July 2026 (facts §5, "Failures introduced
 * in 2026"); the pat-creates-service-token rule reads this mark.
 */
const SERVICE_TOKEN_CREATION = /^create service token$/i;

/**
 * Documented operations that act on the calling user although the spec does not say which token
 * they need. Source: ../shared/knowledge/dbt-cloud-facts.md §2.3 "Endpoints that need user context"
 * (marked GUESS there), hence userContext 'inferred' rather than 'spec'.
 */
const INFERRED_USER_CONTEXT = [
  // "Clear out all email notification configurations for the user making the request" (spec wording).
  '/api/v2/notifications/unsubscribe/',
  // Manages one user's account-scoped personal access tokens.
  '/api/v3/accounts/{account_id}/users/{user_id}/account-apikeys/',
  '/api/v3/accounts/{account_id}/users/{user_id}/account-apikeys/{id}/',
  // User-level environment variables of the calling user.
  '/api/v3/accounts/{account_id}/projects/{project_id}/environment-variables/user/',
  // The user record itself (GET / POST, no description in the spec).
  '/api/v2/users/{id}/',
];

/**
 * Operations the labelling rules this product is held to count as needing user context, beside
 * the user's own credentials: a project's credentials (the key pairs and passwords its
 * connections use). Source: ../shared/corpus/README.md, "Endpoints that change user credentials,
 * such as users/{id}/credentials and v3 project credentials ... development with a PAT
 * recommendation whatever file they sit in"; hence userContext 'labelled'.
 */
const LABELLED_USER_CONTEXT = [
  '/api/v3/accounts/{account_id}/projects/{project_id}/credentials/',
  '/api/v3/accounts/{account_id}/projects/{project_id}/credentials/{id}/',
];

/**
 * Endpoints outside the Admin API documents, and undocumented ones the analyzer should know by
 * name. Each carries its source; `documented: false` entries exist so a lookup can still say what
 * is known about them (legacy, needs a user token).
 */
const HAND_WRITTEN = [
  {
    path: '/graphql',
    methods: ['POST'],
    api: 'discovery',
    documented: true,
    hosts: 'metadata.{access URL}',
    description: 'Discovery (metadata) API GraphQL endpoint',
    source: 'docs.getdbt.com docs-repo website/docs/docs/dbt-cloud-apis/discovery-querying.md (facts §2.2)',
  },
  {
    path: '/beta/graphql',
    methods: ['POST'],
    api: 'discovery',
    documented: false,
    legacy: true,
    hosts: 'metadata.{access URL}',
    description: 'Legacy Discovery GraphQL path, not in the current docs; still used by dbtc (use_beta_endpoint=True)',
    source: 'facts §2.2 "Discovery, legacy path" and §5 "Undocumented endpoints" (GUESS: legacy but still served)',
  },
  {
    path: '/api/graphql',
    methods: ['POST'],
    api: 'semantic-layer',
    documented: true,
    hosts: 'semantic-layer.{access URL}',
    description: 'Semantic Layer GraphQL API',
    source: 'docs.getdbt.com docs-repo website/docs/docs/dbt-cloud-apis/sl-graphql.md (facts §2.2)',
  },
  {
    path: '/api/ai/v1/mcp/',
    methods: ['POST'],
    api: 'mcp',
    documented: true,
    hosts: '{access URL}',
    description: 'Remote dbt MCP server (its execute_sql tool needs a PAT; the endpoint as a whole does not)',
    source: 'https://docs.getdbt.com/faqs/dbt-mcp/troubleshooting/mcp-troubleshoot-execute-sql (facts §2.2)',
  },
  {
    // The v3 path under /api/v2: not in the spec, but older provisioning scripts call it.
    path: '/api/v2/accounts/{account_id}/service-tokens/',
    methods: ['GET', 'POST'],
    api: 'admin-v2',
    documented: false,
    createsServiceTokenMethods: ['POST'],
    params: { account_id: 'integer' },
    description: 'Service tokens under /api/v2; undocumented (the spec has them under /api/v3 only)',
    source: 'facts §5 "Failures introduced in 2026" (older scripts use undocumented v2 forms of the same path)',
  },
  {
    // Terraform calls it as {host_url}/v2/..., host_url ending in /api.
    path: '/api/v2/integrations/github/installations/',
    methods: ['GET'],
    api: 'admin-v2',
    documented: false,
    userContext: 'provider-docs',
    description: 'GitHub app installations; undocumented, needs a user token (not a service token)',
    source: 'dbt-labs/terraform-provider-dbtcloud docs/resources/repository.md (facts §2.3, §5)',
  },
];

function parseArgs(argv) {
  const opts = {
    specDir: resolve(REPO, '../shared/knowledge/openapi'),
    out: resolve(REPO, 'data/documented-endpoints.json'),
    check: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') opts.out = resolve(argv[++i] ?? '');
    else if (a === '--check') opts.check = true;
    else if (a === '-h' || a === '--help') {
      console.log('usage: generate-endpoints.mjs [SPEC_DIR] [--out FILE] [--check]');
      process.exit(0);
    } else if (a.startsWith('-')) fail(`unknown option ${a}`);
    else opts.specDir = resolve(a);
  }
  return opts;
}

function fail(message) {
  console.error(`generate-endpoints: ${message}`);
  process.exit(2);
}

/** The commit and date SOURCE.md states, e.g. "dbt-labs/dbt-cloud-openapi-spec at commit 1f274f76 (2026-08-20)". */
function readSourceNote(specDir) {
  const file = resolve(specDir, 'SOURCE.md');
  if (!existsSync(file)) return {};
  const text = readFileSync(file, 'utf8');
  const out = {};
  const repo = /\b([\w.-]+\/dbt-cloud-openapi-spec)\b/.exec(text);
  if (repo) out.repository = repo[1];
  const commit = /\bcommit\s+`?([0-9a-f]{7,40})`?/i.exec(text);
  if (commit) out.commit = commit[1];
  const date = /\bcommit\s+`?[0-9a-f]{7,40}`?\s*\(?(\d{4}-\d{2}-\d{2})/i.exec(text) ?? /\b(\d{4}-\d{2}-\d{2})\b/.exec(text);
  if (date) out.date = date[1];
  return out;
}

/** Path part common to the spec's server URLs ("https://{account_prefix}.us1.dbt.com/" -> ""). */
function serverBasePath(servers) {
  const paths = (servers ?? []).map((s) =>
    String(s?.url ?? '')
      .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '')
      .replace(/\/+$/, ''),
  );
  if (paths.length === 0) return '';
  return paths.every((p) => p === paths[0]) ? paths[0] : '';
}

function shortLine(text, max = 120) {
  const one = String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return one.length > max ? `${one.slice(0, max - 3).trimEnd()}...` : one;
}

function paramTypes(pathItem, operations, path) {
  const types = {};
  const all = [...(pathItem.parameters ?? []), ...operations.flatMap(([, op]) => op.parameters ?? [])];
  for (const p of all) {
    if (p?.in === 'path' && typeof p.name === 'string') types[p.name] = p.schema?.type === 'integer' ? 'integer' : 'string';
  }
  // A path parameter without a declaration is as open as a string.
  for (const m of path.matchAll(/\{([^{}]+)\}/g)) types[m[1]] ??= 'string';
  return Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b)));
}

function readSpec(specDir, file) {
  const text = readFileSync(resolve(specDir, file), 'utf8');
  let doc;
  try {
    doc = parse(text, { maxAliasCount: 1000 });
  } catch (e) {
    fail(`${file}: not valid YAML (${String(e?.message ?? e).split('\n')[0]})`);
  }
  if (!doc || typeof doc.paths !== 'object') fail(`${file}: no paths`);
  const version = /v(\d+)/.exec(file)?.[1];
  const api = `admin-v${version}`;
  const base = serverBasePath(doc.servers);
  const endpoints = [];
  for (const [rawPath, item] of Object.entries(doc.paths)) {
    if (!item || typeof item !== 'object') continue;
    // Spec paths carry /api/vN themselves (servers are bare hosts); prefix the server path when not.
    const path = base && !rawPath.startsWith(`${base}/`) ? `${base}${rawPath}` : rawPath;
    if (!path.startsWith(`/api/v${version}/`)) fail(`${file}: path ${path} is not under /api/v${version}/ (check the servers' base path)`);
    const operations = HTTP_METHODS.filter((m) => item[m] && typeof item[m] === 'object').map((m) => [m, item[m]]);
    if (operations.length === 0) continue;
    const methods = operations.map(([m]) => m.toUpperCase());
    const deprecatedMethods = operations.filter(([, op]) => op.deprecated === true).map(([m]) => m.toUpperCase());
    const userMethods = operations
      .filter(([, op]) => USER_CONTEXT_WORDING.test(`${op.summary ?? ''} ${op.description ?? ''}`))
      .map(([m]) => m.toUpperCase());
    const entry = {
      path,
      methods,
      api,
      documented: true,
      deprecated: deprecatedMethods.length === methods.length,
      userContext: userMethods.length > 0 ? 'spec' : false,
    };
    if (deprecatedMethods.length > 0 && !entry.deprecated) entry.deprecatedMethods = deprecatedMethods;
    if (userMethods.length > 0 && userMethods.length < methods.length) entry.userContextMethods = userMethods;
    const creating = operations
      .filter(([, op]) => SERVICE_TOKEN_CREATION.test(String(op.operationId ?? op.summary ?? '').trim()))
      .map(([m]) => m.toUpperCase());
    if (creating.length > 0) entry.createsServiceTokenMethods = creating;
    const names = [...new Set(operations.map(([, op]) => shortLine(op.operationId ?? op.summary ?? '', 60)).filter(Boolean))];
    if (names.length) entry.description = shortLine(names.join('; '));
    const params = paramTypes(item, operations, path);
    if (Object.keys(params).length) entry.params = params;
    // dbt serves artifacts/{remainder} with slashes in it (artifacts/run/x/models/y.sql), which
    // OpenAPI cannot express: mark such a trailing parameter as matching the rest of the path.
    const last = /\/\{(remainder|rest|path|file_path)\}$/.exec(path);
    if (last) entry.restParam = last[1];
    endpoints.push(entry);
  }
  return { file, endpoints, info: { title: doc.info?.title, version: doc.info?.version } };
}

function generate(specDir) {
  if (!existsSync(specDir)) fail(`no spec folder at ${specDir}`);
  const files = readdirSync(specDir)
    .filter((f) => /^openapi-v\d+\.ya?ml$/.test(f))
    .sort();
  if (files.length === 0) fail(`no openapi-v*.yaml in ${specDir}`);
  const specs = files.map((f) => readSpec(specDir, f));
  const endpoints = specs.flatMap((s) => s.endpoints);
  const byPath = new Map(endpoints.map((e) => [e.path, e]));
  for (const path of INFERRED_USER_CONTEXT) {
    const e = byPath.get(path);
    if (!e) {
      console.error(`generate-endpoints: warning: ${path} (user context per the facts) is not in the spec any more`);
      continue;
    }
    if (!e.userContext) e.userContext = 'inferred';
  }
  for (const path of LABELLED_USER_CONTEXT) {
    const e = byPath.get(path);
    if (!e) {
      console.error(`generate-endpoints: warning: ${path} (user context per the labelling rules) is not in the spec any more`);
      continue;
    }
    if (!e.userContext) e.userContext = 'labelled';
  }
  for (const hand of HAND_WRITTEN) {
    if (byPath.has(hand.path)) fail(`${hand.path} is both hand-written and in the spec: drop the hand-written entry`);
    endpoints.push({ deprecated: false, userContext: false, ...hand });
  }
  endpoints.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const source = {
    ...readSourceNote(specDir),
    files: specs.map((s) => ({
      file: s.file,
      title: s.info.title,
      version: s.info.version,
      sha256: createHash('sha256')
        .update(readFileSync(resolve(specDir, s.file)))
        .digest('hex'),
      operations: s.endpoints.reduce((n, e) => n + e.methods.length, 0),
    })),
  };
  const data = {
    comment: 'Generated by scripts/generate-endpoints.mjs (npm run generate:endpoints) from the dbt Cloud OpenAPI spec; do not edit.',
    source,
    endpoints: endpoints.map(orderKeys),
  };
  // One endpoint per line: compact, and a spec change shows as a one-line diff.
  const head = JSON.stringify({ comment: data.comment, source: data.source }, null, 2).replace(/\n}$/, '');
  const lines = data.endpoints.map((e) => `    ${JSON.stringify(e)}`).join(',\n');
  return `${head},\n  "endpoints": [\n${lines}\n  ]\n}\n`;
}

/** Fixed key order, so the file diffs well. */
function orderKeys(e) {
  const order = [
    'path',
    'methods',
    'api',
    'documented',
    'deprecated',
    'deprecatedMethods',
    'userContext',
    'userContextMethods',
    'createsServiceTokenMethods',
    'legacy',
    'params',
    'restParam',
    'hosts',
    'description',
    'source',
  ];
  const out = {};
  for (const k of order) if (e[k] !== undefined) out[k] = e[k];
  return out;
}

const opts = parseArgs(process.argv.slice(2));
const text = generate(opts.specDir);
if (opts.check) {
  const current = existsSync(opts.out) ? readFileSync(opts.out, 'utf8') : '';
  if (current !== text) {
    console.error(`generate-endpoints: ${opts.out} is out of date; run npm run generate:endpoints`);
    process.exit(1);
  }
  console.log(`${basename(opts.out)} is up to date`);
} else {
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, text);
  const n = JSON.parse(text).endpoints.length;
  console.log(`wrote ${opts.out}: ${n} endpoints`);
}
