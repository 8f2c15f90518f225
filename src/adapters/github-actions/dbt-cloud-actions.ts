import type { RawCallSite, RawCredential, RawCredentialSite, RawEndpoint, Span } from '../../model/raw-facts.js';
import { isDbtCloudId, recognizeDbtCloudUrl, sanitizeUrl, splitUrl } from '../../classify/endpoint.js';
import { bindingLiteral, bindingText, type EnvBinding } from '../shared/values/binding.js';
import type { LocalAction } from './local-action.js';
import { isAccountIdInput, isDbtUrlInput, isJobIdInput, isRunIdInput } from '../shared/ci-yaml/dbt-names.js';
import { isCliTokenValue, slotTypeOfInput } from '../../credentials/names.js';
import { isDbtTokenInput } from '../../credentials/names.js';

// CI steps that hand a dbt Cloud token to a packaged action (GitHub `uses:`), and what each
// known action calls. Sources: the actions' action.yml / README / source (see
// ../shared/knowledge/dbt-cloud-facts.md §4).

interface KnownAction {
  host: string;
  path?: string;
  method?: string;
}

const JOB_RUN: KnownAction = { host: 'cloud.getdbt.com', path: '/api/v2/accounts/{account_id}/jobs/{job_id}/run/', method: 'POST' };
const KNOWN_ACTIONS: Record<string, KnownAction> = {
  'dbt-labs/dbt-cloud-job-action': JOB_RUN,
  'fal-ai/dbt-cloud-action': JOB_RUN,
  'triedandtested-dev/trigger-dbt-cloud-job-v2-action': JOB_RUN,
  // Inputs dbt_cloud_service_token, dbt_cloud_host (default cloud.getdbt.com), dbt_cloud_account_id, dbt_cloud_job_id.
  'dpguthrie/dbt-cloud-downstream-ci-action': JOB_RUN,
  'catchco/dbt-cloud-wait-for-run': { host: 'cloud.getdbt.com', path: '/api/v2/accounts/{account_id}/runs/{run_id}/', method: 'GET' },
  'catchco/dbt-cloud-get-run-id': { host: 'cloud.getdbt.com', path: '/api/v2/accounts/{account_id}/runs/', method: 'GET' },
  'pgoslatara/dbt-cloud-download-artifacts-action': {
    host: 'cloud.getdbt.com',
    path: '/api/v2/accounts/{account_id}/runs/{run_id}/artifacts/',
    method: 'GET',
  },
};

/**
 * Marketplace actions that send one HTTP request their inputs describe: the URL input, and the
 * inputs that may carry the `Authorization` header or the token (a JSON headers string with
 * `${{ secrets.X }}` in it, a bearer token).
 */
const HTTP_ACTIONS: Record<string, { url: string; method?: string; auth: string[] }> = {
  'fjogeleit/http-request-action': { url: 'url', method: 'method', auth: ['bearertoken', 'customheaders'] },
  'satak/webrequest-action': { url: 'url', method: 'method', auth: ['headers'] },
  'indiesdev/curl': { url: 'url', method: 'method', auth: ['bearer-token', 'headers'] },
  'cyberman54/curl': { url: 'url', method: 'method', auth: ['headers'] },
  'jamesives/fetch-api-data-action': { url: 'endpoint', auth: ['configuration'] },
};

/** A generic HTTP request action's step sending its request to dbt Cloud: an `http` call at the step. */
function httpActionCall(client: string, span: Span, inputs: ActionInput[]): RawCallSite | undefined {
  const spec = HTTP_ACTIONS[client.toLowerCase()];
  if (!spec) return undefined;
  const byName = (n: string): ActionInput | undefined => inputs.find((i) => i.name.toLowerCase() === n);
  const urlInput = byName(spec.url);
  const url = urlInput?.binding && 'value' in urlInput.binding ? bindingText(urlInput.binding) : undefined;
  const endpoint = url === undefined ? undefined : recognizeDbtCloudUrl(url);
  if (!endpoint) return undefined;
  const method = spec.method ? literalOf(byName(spec.method)) : undefined;
  if (method && /^[A-Za-z]{1,10}$/.test(method)) endpoint.method = method.toUpperCase();
  const site: RawCallSite = { kind: 'http', span, endpoint, client };
  for (const name of spec.auth) {
    const b = byName(name)?.binding;
    if (b && 'credential' in b) {
      site.credential = { ...b.credential };
      break;
    }
  }
  return site;
}

function knownAction(name: string): KnownAction | undefined {
  const n = name.toLowerCase();
  if (KNOWN_ACTIONS[n]) return KNOWN_ACTIONS[n];
  if (n.startsWith('catchco/dbt-cloud-')) return { host: 'cloud.getdbt.com', path: '/api/v2/accounts/{account_id}/' };
  return undefined;
}

/** The action's name as the reports show it: `owner/repo[/path]` without `@ref`. */
export function actionName(uses: string): string {
  const at = uses.indexOf('@');
  return (at >= 0 ? uses.slice(0, at) : uses).trim();
}

const looksLikeDbtCloudAction = (name: string): boolean => /dbt[-_]?cloud/i.test(name);

/** One `with:` (or `secrets:`) input, already resolved to a binding by the CI adapter. */
export interface ActionInput {
  name: string;
  /** undefined: set from something not known here. */
  binding: EnvBinding | undefined;
  /** Where the input's value is written. */
  span: Span;
  /** The raw value text, for placeholders of unknown values (`${{ vars.X }}` -> `{X}`). */
  placeholder?: string;
}

function literalOf(i: ActionInput | undefined): string | undefined {
  const text = i?.binding && 'value' in i.binding ? bindingLiteral(i.binding) : undefined;
  return text !== undefined && !/[{}$]/.test(text) ? text.trim() : undefined;
}
const digitsOf = (i: ActionInput | undefined): string | undefined => {
  const v = literalOf(i);
  return v && isDbtCloudId(v) ? v : undefined;
};

/** The same secret given to two inputs is one token. */
const credentialKey = (c: RawCredential | undefined): string => (c ? `${c.source}\0${c.name ?? ''}\0${c.value ?? ''}` : '');

function credentialOf(input: ActionInput, local?: LocalAction): RawCredential {
  // What the input's name says, else what a local action's description of it says (`dbt Cloud service token`).
  const slotType = slotTypeOfInput(input.name) ?? local?.inputTypes.get(input.name);
  let c: RawCredential;
  if (!input.binding) c = { source: 'unknown', name: input.placeholder ?? input.name, span: input.span };
  else if ('credential' in input.binding) c = { ...input.binding.credential };
  else c = { source: 'literal', name: input.name, value: bindingText(input.binding), span: input.binding.span ?? input.span };
  if (slotType && !c.slotType) c.slotType = slotType;
  // The input of an action published elsewhere: its name is that action's, read by no file here.
  if (!local && c.name === input.name) c.nameIsLocal = true;
  return c;
}

/**
 * The call sites of a step that runs `uses` with `inputs`, when it is a known dbt Cloud action
 * or any action given a dbt Cloud token input (one per token input); none otherwise. `local` is what the
 * action.yml of a `uses: ./…` action says about itself.
 */
export function dbtCloudActionCalls(
  uses: string,
  span: Span,
  inputs: ActionInput[],
  local?: LocalAction,
): { calls: RawCallSite[]; repeated: RawCredentialSite[] } {
  const none = { calls: [], repeated: [] };
  if (/^docker:\/\//i.test(uses.trim())) return none;
  const client = actionName(uses);
  const http = httpActionCall(client, span, inputs);
  if (http) return { calls: [http], repeated: [] };
  const known = knownAction(client);
  const isDbtAction = known !== undefined || looksLikeDbtCloudAction(client) || local?.dbtCloud === true;
  const tokenInputs = inputs.filter((i) => isDbtTokenInput(i.name, isDbtAction));
  const [tokenInput, ...others] = tokenInputs;
  if (!known && !tokenInput) return none;

  // A configured token is reported where it is written (the `with:`/`secrets:` line); an action given none where it is used.
  const call: RawCallSite = { kind: 'ci-step', span: tokenInput?.span ?? span, client };
  if (tokenInput) call.credential = credentialOf(tokenInput, local);
  // An action given the dbt Cloud CLI's `token-value` runs the CLI, which takes a PAT only.
  if (tokenInput && isCliTokenValue(tokenInput.name)) call.workflow = 'cloud-cli';

  const account = digitsOf(inputs.find((i) => isAccountIdInput(i.name)));
  if (account) call.accountIds = [account];

  const urlInput = inputs.find((i) => isDbtUrlInput(i.name));
  let host: string | undefined;
  const urlLiteral = literalOf(urlInput);
  if (urlLiteral) host = splitUrl(urlLiteral.includes('://') ? urlLiteral : `https://${urlLiteral}`).host?.toLowerCase();
  else if (urlInput) host = urlInput.placeholder ? `{${urlInput.placeholder}}` : `{${urlInput.name}}`;
  else if (local?.urlDefault)
    host = splitUrl(local.urlDefault.includes('://') ? local.urlDefault : `https://${local.urlDefault}`).host?.toLowerCase();
  else host = known?.host;

  const endpoint: RawEndpoint = {};
  if (host) endpoint.host = host;
  if (known?.path) {
    const fill = (path: string, key: string, v: string | undefined): string => (v ? path.replace(`{${key}}`, v) : path);
    let path = fill(known.path, 'account_id', account);
    path = fill(path, 'job_id', digitsOf(inputs.find((i) => isJobIdInput(i.name))));
    path = fill(path, 'run_id', digitsOf(inputs.find((i) => isRunIdInput(i.name))));
    endpoint.path = path;
    if (known.method) endpoint.method = known.method;
    if (host) endpoint.url = sanitizeUrl(`${host.startsWith('{') ? host : `https://${host}`}${path}`);
  }
  if (Object.keys(endpoint).length > 0) call.endpoint = endpoint;
  // An action given two tokens (a service token for the API, the Cloud CLI's PAT) makes calls with
  // each: the others are sites of their own, at the input that gives them.
  const given = new Set([credentialKey(call.credential)]);
  const more: RawCallSite[] = [];
  // A secret given again to another input is the same token: a credential site, not another call.
  const repeated: RawCredentialSite[] = [];
  for (const i of others) {
    const credential = credentialOf(i, local);
    if (given.has(credentialKey(credential))) repeated.push({ span: i.span, credential });
    else {
      const site: RawCallSite = { ...call, span: i.span, credential };
      // The workflow is each input's own: the CLI's `token-value` beside a service token for the API.
      if (isCliTokenValue(i.name)) site.workflow = 'cloud-cli';
      else delete site.workflow;
      more.push(site);
    }
    given.add(credentialKey(credential));
  }
  return { calls: [call, ...more], repeated };
}
