// What a request says about where it goes besides its URL. A client that reads its URL at run
// time (dbt's Semantic Layer examples derive it from a JDBC URL in the environment) still says
// what it calls in the GraphQL document it posts, or in the partner header only dbt Cloud reads.
//
// Which dbt Cloud API a GraphQL document is written for, by its own text: the Semantic Layer's root fields take an
// `environmentId` argument, the Discovery API reads an environment's `applied` or `definition`
// state, a job's models, or an account's public models. Anything else is someone else's GraphQL.

export type GraphqlApi = 'semantic-layer' | 'discovery';

/** The Semantic Layer's root fields (its public schema), each called with `environmentId`. */
const SEMANTIC_LAYER_FIELD =
  /\b(?:createQuery|compileSql|createDimensionValuesQuery|queryableGranularities|metricsForDimensions|metrics|dimensions|measures|entities|savedQueries|query)\s*\([^)]{0,400}\benvironmentId\s*:/;

/** The Discovery API: `environment(id: …) { applied { … } }` or `definition`, or the older `job(id: …) { models { … } }`. */
const DISCOVERY_ENVIRONMENT = /\benvironment\s*\(\s*id\s*:[^)]{0,200}\)\s*\{[\s\S]{0,400}?\b(?:applied|definition)\b/;
const DISCOVERY_JOB = /\bjob\s*\(\s*id\s*:[^)]{0,200}\)\s*\{[\s\S]{0,400}?\b(?:models|sources|seeds|snapshots|tests|exposures)\b/;
/** dbt Mesh across projects: `account(id: …) { publicModels { … } }`. */
const DISCOVERY_ACCOUNT = /\baccount\s*\(\s*id\s*:[^)]{0,200}\)\s*\{[\s\S]{0,400}?\bpublicModels\b/;

/** Only text that reads as a GraphQL operation is looked at: `query`, `mutation` or a bare selection set. */
const OPERATION = /^\s*(?:(?:query|mutation)\b[^{]{0,200})?\{/;

export function graphqlApiOf(document: string): GraphqlApi | undefined {
  if (document.length > 20_000 || !OPERATION.test(document)) return undefined;
  if (SEMANTIC_LAYER_FIELD.test(document)) return 'semantic-layer';
  if (DISCOVERY_ENVIRONMENT.test(document) || DISCOVERY_JOB.test(document) || DISCOVERY_ACCOUNT.test(document)) return 'discovery';
  return undefined;
}

/** The path each API serves GraphQL at, for an endpoint whose host is not known. */
export const GRAPHQL_PATH: Record<GraphqlApi, string> = { 'semantic-layer': '/api/graphql', discovery: '/graphql' };

/**
 * `x-dbt-partner-source`: the header integrations send to dbt Cloud's APIs to say who calls. A
 * request carrying it goes to dbt Cloud, wherever its host is read from.
 */
export const isDbtPartnerHeader = (name: string): boolean => name.trim().toLowerCase() === 'x-dbt-partner-source';

/**
 * The headers of dbt's remote MCP server (`/api/ai/v1/mcp/`): a request carrying one goes to it,
 * wherever its URL is read from.
 */
export const isDbtMcpHeader = (name: string): boolean => /^x-dbt-(?:prod-environment-id|dev-environment-id|user-id)$/i.test(name.trim());

/**
 * The user's own headers of dbt's MCP server, which its SQL tools (`execute_sql`, `text_to_sql`)
 * need; dbt documents that those tools take a personal access token, and that service tokens fail.
 */
export const isDbtMcpUserHeader = (name: string): boolean => /^x-dbt-(?:dev-environment-id|user-id)$/i.test(name.trim());

/** The same settings of a local dbt MCP server, in the environment it is started with (`DBT_USER_ID`, `DBT_DEV_ENV_ID`). */
export const isDbtMcpUserSetting = (name: string): boolean => /^DBT_(?:USER_ID|DEV_ENV_ID)$/i.test(name.trim());
