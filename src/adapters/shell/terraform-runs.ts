import { environmentOfName } from '../shared/environment-names.js';
import { hostOfSetting, isDbtCloudId } from '../../classify/endpoint.js';
import { DEFAULT_API_HOST } from '../../classify/access-hosts.js';
import type { RawCallSite, RawEndpoint } from '../../model/raw-facts.js';
import type { Workflow } from '../../model/vocabulary.js';
import { isDbtTokenName, nameWords } from '../../credentials/names.js';
import { credentialOf } from './credentials.js';
import type { CommandContext, Invocation } from './invocation.js';
import { implicitEnvWord } from './invocation.js';
import { literalText, render } from '../shared/values/parts.js';
import { isFileSpan } from '../shared/embedded-shell/file-span.js';

// `terraform plan/apply/destroy` (or terragrunt, tofu) run with a dbt Cloud token in its
// environment: `TF_VAR_dbt_token` (a root variable the dbtcloud provider block reads) or
// `DBT_CLOUD_TOKEN` (read by the provider itself). The run is a 'terraform' call site credited
// to that variable's value; the provider talks to DBT_CLOUD_HOST_URL / a host_url variable,
// cloud.getdbt.com by default.

// gitlab-terraform and gitlab-tofu: the wrappers of GitLab's Terraform CI template and OpenTofu component.
export const TERRAFORM_TOOLS = ['terraform', 'terragrunt', 'tofu', 'gitlab-terraform', 'gitlab-tofu'] as const;

/** Sub-commands that call the provider (and so the dbt Cloud API). */
const API_SUBCOMMANDS = new Set(['plan', 'apply', 'destroy', 'import', 'refresh']);

const PROVIDER_TOKEN_ENV = 'DBT_CLOUD_TOKEN';
const PROVIDER_HOST_ENV = 'DBT_CLOUD_HOST_URL';
const PROVIDER_ACCOUNT_ENV = 'DBT_CLOUD_ACCOUNT_ID';

const isDbtWords = (w: string[]): boolean => w.some((x) => x === 'dbt' || x.startsWith('dbtcloud'));
const isTfVarDbtHost = (name: string): boolean => {
  const m = /^TF_VAR_(.+)$/i.exec(name);
  const w = m ? nameWords(m[1]!) : [];
  return isDbtWords(w) && w.some((x) => x === 'host' || x === 'url');
};
const isTfVarDbtAccount = (name: string): boolean => {
  const m = /^TF_VAR_(.+)$/i.exec(name);
  const w = m ? nameWords(m[1]!) : [];
  return isDbtWords(w) && w.includes('account') && w.includes('id');
};

/** 'terraform-staging' when a job, stage, environment or folder name says so; production otherwise. */
export function terraformWorkflow(label: string): Workflow {
  return environmentOfName(label) === 'staging' ? 'terraform-staging' : 'terraform-production';
}

function runsProvider(inv: Invocation): boolean {
  let seen = 0;
  for (const a of inv.args) {
    const t = literalText(a);
    if (t === undefined || t.startsWith('-')) continue;
    if (API_SUBCOMMANDS.has(t)) return true;
    // `terragrunt run-all apply`, `terragrunt run --all -- apply`: the sub-command comes a bit later.
    if (++seen >= 3) return false;
  }
  return false;
}

function literalOf(inv: Invocation, ctx: CommandContext, name: string): string | undefined {
  const w = implicitEnvWord(inv, ctx, name);
  return w ? literalText(w)?.trim() : undefined;
}

/**
 * The host the run's environment gives the provider; else the provider's default, which the
 * Terraform files it applies may well override (a tfvars file's `host_url`): only assumed.
 */
function endpointOf(inv: Invocation, ctx: CommandContext, names: readonly string[]): RawEndpoint {
  for (const name of names) {
    const w = implicitEnvWord(inv, ctx, name);
    if (!w) continue;
    const text = render(w).trim();
    const host = hostOfSetting(text)?.toLowerCase();
    if (host) return { host, url: `https://${host}` };
  }
  return { host: DEFAULT_API_HOST, url: `https://${DEFAULT_API_HOST}`, hostAssumed: true };
}

/**
 * One call site per dbt token variable in the environment of a provider-running terraform
 * command; `emitted` holds the names already reported for this script (plan then apply is one
 * use of the token).
 */
export function terraformCallSites(inv: Invocation, ctx: CommandContext, emitted: Set<string>): RawCallSite[] {
  if (!runsProvider(inv)) return [];
  const names = [...ctx.scope.boundNames(inv.local)];
  const tokens = names.filter((n) => isDbtTokenName(n, 'tf-var') || n === PROVIDER_TOKEN_ENV).filter((n) => !emitted.has(n));
  if (tokens.length === 0) return [];
  const at = endpointOf(inv, ctx, [...names.filter(isTfVarDbtHost), PROVIDER_HOST_ENV]);
  const account = [...names.filter(isTfVarDbtAccount), PROVIDER_ACCOUNT_ENV]
    .map((n) => literalOf(inv, ctx, n))
    .find((v) => v !== undefined && isDbtCloudId(v));
  const argsText = inv.args.map((a) => render(a)).join(' ');
  const out: RawCallSite[] = [];
  for (const name of tokens) {
    const w = implicitEnvWord(inv, ctx, name);
    if (!w) continue;
    emitted.add(name);
    const endpoint: RawEndpoint = { ...at };
    const credential = credentialOf(w, ctx.pos);
    const site: RawCallSite = {
      kind: 'terraform',
      // Given by a CI file's variable (`TF_VAR_dbt_token: ${{ secrets.X }}`): the run is reported
      // at that token line, one site a token line, as a CI env entry handed to a program is.
      span: credential?.span && isFileSpan(credential.span) ? credential.span : ctx.pos.span(inv.at),
      endpoint,
      client: inv.name,
      workflow: terraformWorkflow(argsText),
    };
    if (credential) site.credential = credential;
    if (account) site.accountIds = [account];
    out.push(site);
  }
  return out;
}
