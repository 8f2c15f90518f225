import type { AdapterContext } from '../adapter.js';
import { readHcl } from './hcl-reader.js';
import { readTfJson } from './json-reader.js';
import { joinRelative } from '../shared/ci-yaml/script-location.js';
import { attr, childBlocks, literalString, type TfBlock, type TfDocument, type TfExpr } from './model.js';

// What a provider block can see in its module: variables, locals, auto-loaded tfvars, the
// required_providers sources and workspace names. Terraform merges every .tf file of a folder
// into one module, but adapters cannot list a folder, so beside the current file only the
// conventional file names are read. Anything else is left to the core's linker (Definitions).

const SIBLING_NAMES = [
  'main.tf',
  'variables.tf',
  'vars.tf',
  'variable.tf',
  'inputs.tf',
  'locals.tf',
  'providers.tf',
  'provider.tf',
  'versions.tf',
  'terraform.tf',
  'backend.tf',
  'main.tf.json',
  'variables.tf.json',
  'main.tofu',
  'variables.tofu',
  'vars.tofu',
  'variable.tofu',
  'inputs.tofu',
  'locals.tofu',
  'providers.tofu',
  'provider.tofu',
  'versions.tofu',
  'terraform.tofu',
  'backend.tofu',
];
/** Where a module keeps its service tokens, by the usual names: read for `dbtcloud_service_token` resources. */
const TOKEN_FILE_NAMES = ['service_tokens.tf', 'service-tokens.tf', 'service_token.tf', 'tokens.tf'];

/** Local child modules read for the service tokens they create, at most. */
const MAX_CHILD_MODULES = 20;

/** Loaded by Terraform without `-var-file`. */
const AUTO_VAR_FILES = ['terraform.tfvars', 'terraform.tfvars.json'];

export interface ModuleIndex {
  variables: Map<string, TfExpr | undefined>;
  locals: Map<string, TfExpr>;
  /** Values from auto-loaded .tfvars, which win over variable defaults. */
  varValues: Map<string, TfExpr>;
  /** required_providers: local name -> source address. */
  providerSources: Map<string, string>;
  /** Resource and data source types used in the module. */
  resourceTypes: Set<string>;
  /**
   * Providers (`dbtcloud`, `dbtcloud.admin`) that create service tokens for the module's
   * `dbtcloud_service_token` resources: each apply of a new one POSTs to `.../service-tokens/`.
   */
  serviceTokenProviders: Set<string>;
  workspaceNames: string[];
  /** Secret-store data sources (`data.aws_secretsmanager_secret_version.dbt`): the secret each reads, by its id. */
  secretReads: Map<string, string>;
  /** Child modules of the repository (`source = "./modules/tokens"`), with the providers passed to them (child name -> ours). */
  localModules: { source: string; providers: Map<string, string> }[];
}

/**
 * Data sources that read one secret of a cloud secret store, and the argument naming it:
 * `secret_id` (AWS Secrets Manager), `secret` (Google Secret Manager, a name or
 * `projects/p/secrets/x`), `name` (Azure Key Vault, AWS SSM parameters).
 */
const SECRET_DATA_SOURCES: Readonly<Record<string, string>> = {
  aws_secretsmanager_secret_version: 'secret_id',
  aws_ssm_parameter: 'name',
  google_secret_manager_secret_version: 'secret',
  google_secret_manager_secret_version_access: 'secret',
  azurerm_key_vault_secret: 'name',
};

/** The secret id a data source block reads, when it is a secret store's and names it literally. */
function secretReadOf(b: TfBlock): string | undefined {
  const arg = Object.hasOwn(SECRET_DATA_SOURCES, b.labels[0] ?? '') ? SECRET_DATA_SOURCES[b.labels[0]!] : undefined;
  const id = arg ? literalString(attr(b, arg)?.expr)?.trim() : undefined;
  if (!id) return undefined;
  // `projects/p/secrets/dbt-token`, an ARN `…:secret:prod/dbt-token-AbCdEf`: the secret's own name.
  return /\/secrets\/([^/]+)/.exec(id)?.[1] ?? /:secret:(.+?)(?:-[A-Za-z0-9]{6})?$/.exec(id)?.[1] ?? id;
}

/** Resources that create a dbt Cloud service token: dbt-labs/dbtcloud's and the legacy GtheSheep/dbt-cloud's. */
const SERVICE_TOKEN_RESOURCES = new Set(['dbtcloud_service_token', 'dbt_cloud_service_token']);

/** The provider a resource uses: its `provider = x.alias`, else the type's first word (Terraform's default). */
function providerOfResource(b: TfBlock): string {
  const p = attr(b, 'provider')?.expr;
  if (p?.kind === 'ref') return p.parts.join('.');
  return (b.labels[0] ?? '').split('_')[0]!;
}

function addDocument(index: ModuleIndex, doc: TfDocument, preferExisting: boolean): void {
  const put = <V>(m: Map<string, V>, k: string, v: V): void => {
    if (!preferExisting || !m.has(k)) m.set(k, v);
  };
  for (const b of doc.blocks) {
    if (b.type === 'variable' && b.labels[0] !== undefined) put(index.variables, b.labels[0], attr(b, 'default')?.expr);
    else if (b.type === 'locals') for (const a of b.attributes) put(index.locals, a.name, a.expr);
    else if ((b.type === 'resource' || b.type === 'data' || b.type === 'ephemeral') && b.labels[0]) {
      index.resourceTypes.add(b.labels[0]);
      // Terraform 1.10's `ephemeral "aws_secretsmanager_secret_version"` reads a secret as a data source does, unsaved.
      const secret = b.type !== 'resource' && b.labels[1] !== undefined ? secretReadOf(b) : undefined;
      if (secret !== undefined) put(index.secretReads, `${b.type}.${b.labels[0]}.${b.labels[1]}`, secret);
      if (b.type === 'resource' && SERVICE_TOKEN_RESOURCES.has(b.labels[0])) index.serviceTokenProviders.add(providerOfResource(b));
    } else if (b.type === 'module') {
      const source = literalString(attr(b, 'source')?.expr);
      if (source === undefined || !/^\.\.?\//.test(source) || index.localModules.length >= MAX_CHILD_MODULES) continue;
      // `providers = { dbtcloud = dbtcloud.admin }`: the child's default provider is our aliased one.
      const providers = new Map<string, string>();
      const given = attr(b, 'providers')?.expr;
      if (given?.kind === 'object') for (const e of given.entries) if (e.expr.kind === 'ref') providers.set(e.name, e.expr.parts.join('.'));
      index.localModules.push({ source, providers });
    } else if (b.type === 'terraform') {
      for (const rp of childBlocks(b, 'required_providers')) {
        for (const a of rp.attributes) {
          const source =
            a.expr.kind === 'object' ? literalString(a.expr.entries.find((e) => e.name === 'source')?.expr) : literalString(a.expr);
          if (source !== undefined) put(index.providerSources, a.name, source);
        }
      }
      for (const backend of [...childBlocks(b, 'backend'), ...childBlocks(b, 'cloud')]) {
        for (const ws of childBlocks(backend, 'workspaces')) {
          const name = literalString(attr(ws, 'name')?.expr);
          if (name) index.workspaceNames.push(name);
        }
      }
    }
  }
}

async function readDoc(path: string, text: string): Promise<TfDocument> {
  if (/\.json$/i.test(path)) return readTfJson(text, /\.tfvars\.json$/i.test(path));
  return readHcl(text);
}

/**
 * The index of the module `path` belongs to: the current document first (it wins on a clash),
 * then its conventional siblings. Siblings that fail to parse are skipped silently; their own
 * scan reports their problems.
 */
export async function indexModule(path: string, doc: TfDocument, ctx: AdapterContext): Promise<ModuleIndex> {
  const index: ModuleIndex = {
    variables: new Map(),
    locals: new Map(),
    varValues: new Map(),
    providerSources: new Map(),
    resourceTypes: new Set(),
    serviceTokenProviders: new Set(),
    workspaceNames: [],
    secretReads: new Map(),
    localModules: [],
  };
  addDocument(index, doc, false);
  const slash = path.lastIndexOf('/');
  const dir = slash >= 0 ? path.slice(0, slash + 1) : '';
  const self = path.slice(slash + 1);
  for (const name of [...SIBLING_NAMES, ...TOKEN_FILE_NAMES]) {
    if (name === self) continue;
    const file = ctx.readRepoFile(dir + name);
    if (file) addDocument(index, await readDoc(file.path, file.text), true);
  }
  // A child module of the repository creating service tokens does so with the provider it is given.
  for (const child of index.localModules) {
    const folder = joinRelative(dir, child.source);
    if (folder === undefined) continue;
    for (const name of [...SIBLING_NAMES, ...TOKEN_FILE_NAMES]) {
      const file = ctx.readRepoFile(folder === '' ? name : `${folder}/${name}`);
      if (!file || !/dbt_?cloud_service_token/.test(file.text)) continue;
      for (const b of (await readDoc(file.path, file.text)).blocks) {
        if (b.type !== 'resource' || !SERVICE_TOKEN_RESOURCES.has(b.labels[0] ?? '')) continue;
        const own = providerOfResource(b);
        index.serviceTokenProviders.add(child.providers.get(own) ?? own);
      }
    }
  }
  for (const name of AUTO_VAR_FILES) {
    const file = ctx.readRepoFile(dir + name);
    if (!file) continue;
    for (const a of (await readDoc(file.path, file.text)).attributes) if (!index.varValues.has(a.name)) index.varValues.set(a.name, a.expr);
  }
  return index;
}
