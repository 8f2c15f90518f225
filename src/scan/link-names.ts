import type { CredentialFact, FileResult, NameEvidence } from '../model/extracted.js';
import { carried, strengthOf } from '../credentials/evidence.js';
import { isDbtSpecificName } from '../credentials/names.js';
import { adoptEvidence } from './link-references.js';
import { adapterById } from '../adapters/registry.js';

// A name read in one file and given a value in another: code reading env DBT_CLOUD_TOKEN and the
// `.env` beside it assigning `dbtu_…`; a provider's `var.dbt_token` and a `TF_VAR_dbt_token`
// set in CI; a `.env.example` saying `DBT_TOKEN=<your-service-token>`. The use takes the type
// that definition shows, when that evidence outranks what the use has (src/credentials/evidence.ts).
//
// Scope: a dbt-specific name (`DBT_CLOUD_API_TOKEN`, `dbt_token`) set in a configuration file
// (`.env`, compose, Kubernetes, CI, Terraform, shell) is one secret across the repository. A
// generic name (`API_TOKEN`, `TOKEN`) only counts in the reading file's own folder or a folder
// above it, where the dotenv loaders look (python-dotenv's find_dotenv, a process started at the
// project root). A program's own constant (a script's `DBT_TOKEN = "dbtu_…"`) is not the
// environment and types nothing elsewhere; nor does a comment there naming the type (a script's
// set-up notes, `# export DBT_API_KEY="your-service-token"`): what a file says of a name types
// that file's reads only, and a neighbouring script that reads the same name is typed by its own.
// The nearest definition wins; definitions equally near that disagree decide nothing.
// A CI secret's value lives in the CI's store, not in the repository: a literal of the same
// name (a developer's `.env`) says nothing about it, only a description does, and never one in a
// `.env` file (that describes a developer's value, not the store's).
// A Terraform variable's default, description or `.tfvars` value types only its own module
// folder's uses (a CI step's TF_VAR_ setting reaches every root it applies).
// A `.env` file is loaded from its own folder and those below it, and a nested project (a folder
// with its own package manifest, such as an example app with its own package.json) starts its
// process in its own folder: a `.env` above such a project does not type what the project reads.
// A `.env` entry that gives the name no type (left empty, a placeholder, a sentence) is still a
// definition: nearer than a typed `.env` entry further up (an example app's own `.env.example`
// below the repository's), it is the one the use sees, and the use stays untyped.

/** Sources whose name crosses a file boundary: the environment, a CI secret, a variable, a config key. */
const LINKABLE_SOURCES = new Set<CredentialFact['source']>(['env', 'secret', 'variable', 'config']);

const dirOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

/** `TF_VAR_x` and Terraform's `var.x` are one name; names are case-sensitive, as env vars are. */
const keyOf = (name: string): string => name.replace(/^TF_VAR_/i, 'var.');

interface Provider extends NameEvidence {
  file: string;
  /** Set in a configuration file rather than in a program's source. */
  config: boolean;
  /** Set in a `.env` file. */
  dotenv: boolean;
  /** Set in Terraform (a variable's default or description, a `.tfvars` value). */
  terraform: boolean;
}

/** Two env files named for different environments (`.env.staging`, `.env.development`). */
function otherEnvironment(a: string, b: string): boolean {
  const suffix = (p: string): string | undefined => /(?:^|\/)\.env\.([^/]+)$/.exec(p)?.[1]?.toLowerCase();
  const [x, y] = [suffix(a), suffix(b)];
  return x !== undefined && y !== undefined && x !== y;
}

/** A `.env` file a loader finds by itself (python-dotenv's `find_dotenv`, dotenv's default path). */
const IMPLICIT_DOTENV = /(^|\/)\.env(?:\.[^/]*)?$/;

/** Files that make their folder a project of its own, started from there. */
const PROJECT_MANIFEST =
  /(^|\/)(package\.json|pyproject\.toml|setup\.py|setup\.cfg|go\.mod|Cargo\.toml|pom\.xml|build\.gradle(\.kts)?|Gemfile|composer\.json)$/;

/** Terraform configuration: a folder that holds one is a module (or a root module). */
const TERRAFORM_SOURCE = /\.(?:tf|tofu)$/i;

/** The nearest folder at or above `dir` that holds a project manifest, among `roots`. */
function projectRootOf(dir: string, roots: ReadonlySet<string>): string {
  for (let d = dir; ; d = dirOf(d)) {
    if (roots.has(d) || d === '') return d;
  }
}

/** A program's code: a constant there is that program's, not the environment's. */
const isProgram = (adapterId: string | undefined): boolean => adapterById(adapterId)?.reads === 'program';

const isAtOrBelow = (dir: string, root: string): boolean => root === '' || dir === root || dir.startsWith(`${root}/`);

/** 0 for the same folder, n for a folder n levels above, undefined for any other folder. */
function closeness(providerDir: string, userDir: string): number | undefined {
  if (providerDir === userDir) return 0;
  if (providerDir !== '' && !userDir.startsWith(`${providerDir}/`)) return undefined;
  const depth = (d: string): number => (d === '' ? 0 : d.split('/').length);
  return depth(userDir) - depth(providerDir);
}

export function linkNames(results: readonly FileResult[], discovered: readonly string[] = []): void {
  linkNamesOf(results, discovered, (r) => r.callSites);
}

/**
 * The same for what definitions hold, before references link uses to them: an Airflow connection
 * set in compose as `dbt-cloud://…:${DBT_TOKEN}@…` holds what the `.env` beside it gives DBT_TOKEN,
 * and so do the DAGs that use the connection.
 */
export function linkDefinitionNames(results: readonly FileResult[], discovered: readonly string[] = []): void {
  linkNamesOf(results, discovered, (r) => r.definitions);
}

function linkNamesOf(
  results: readonly FileResult[],
  discovered: readonly string[],
  holders: (r: FileResult) => readonly { credential: CredentialFact }[],
): void {
  const providers = new Map<string, Provider[]>();
  for (const r of results) {
    for (const n of r.nameEvidence) {
      const k = keyOf(n.name);
      const list = providers.get(k) ?? [];
      list.push({ ...n, file: r.rel, config: !isProgram(r.adapter), dotenv: r.adapter === 'dotenv', terraform: r.adapter === 'terraform' });
      providers.set(k, list);
    }
  }
  if (!providers.size) return;
  // `.env` entries of a token name that say nothing of its type, by name: the files they are in.
  const untypedEntries = new Map<string, string[]>();
  for (const r of results) {
    if (r.adapter !== 'dotenv') continue;
    for (const c of r.callSites) {
      if (!c.credential.name || c.credential.type !== 'unknown') continue;
      const k = keyOf(c.credential.name);
      const files = untypedEntries.get(k);
      if (files) files.push(r.rel);
      else untypedEntries.set(k, [r.rel]);
    }
  }
  const projectRoots = new Set(discovered.filter((f) => PROJECT_MANIFEST.test(f)).map(dirOf));
  const moduleFolders = new Set(discovered.filter((f) => TERRAFORM_SOURCE.test(f)).map(dirOf));
  for (const r of results) {
    for (const c of holders(r)) {
      const cred = c.credential;
      if (!LINKABLE_SOURCES.has(cred.source)) continue;
      // A Terraform variable is read by its module; its value may come from a TF_VAR_ env var.
      const own = cred.ref?.kind === 'terraform-variable' ? `TF_VAR_${cred.ref.id}` : cred.name;
      if (!own) continue;
      // An Airflow Variable (`Variable.get("dbt_cloud_token")`) is set in the environment as `AIRFLOW_VAR_DBT_CLOUD_TOKEN`.
      const airflowVar = cred.source === 'variable' && /^[A-Za-z_]\w{0,100}$/.test(own) ? `AIRFLOW_VAR_${own.toUpperCase()}` : undefined;
      const name = !providers.has(keyOf(own)) && airflowVar && providers.has(airflowVar) ? airflowVar : own;
      const projectRoot = projectRootOf(dirOf(r.rel), projectRoots);
      const named = providers.get(keyOf(name)) ?? [];
      // A file that says itself what the name holds (`.env`'s `DBT_CLOUD_API_KEY="your-service-token"`)
      // is not retyped by another file's value of the same name.
      if (named.some((p) => p.file === r.rel)) continue;
      const candidates = named.filter((p) => {
        if (cred.source === 'secret') return p.basis === 'described' && !p.dotenv && p.config;
        // Terraform gives a module's variables their values in the module's own folder: another
        // root's `.tfvars` (`envs/prod` beside `envs/dev`) is another configuration. A var-file in
        // a folder of its own (`-var-file=env/prod.tfvars`) may be any root's.
        if (cred.ref?.kind === 'terraform-variable' && p.terraform && moduleFolders.has(dirOf(p.file)) && dirOf(p.file) !== dirOf(r.rel))
          return false;
        if (p.dotenv && !isAtOrBelow(dirOf(p.file), projectRoot)) return false;
        // `.env.staging` says nothing of what `.env.development` holds: each environment's own.
        if (p.dotenv && r.adapter === 'dotenv' && otherEnvironment(p.file, r.rel)) return false;
        return p.config;
      });
      const best = nearest(candidates, r.rel, name);
      if (!best) continue;
      const userDir = dirOf(r.rel);
      const bestNear = closeness(dirOf(best.file), userDir) ?? Number.MAX_SAFE_INTEGER;
      const shadowed =
        best.dotenv &&
        (untypedEntries.get(keyOf(name)) ?? []).some((f) => {
          const near = closeness(dirOf(f), userDir);
          return (
            near !== undefined &&
            near < bestNear &&
            isAtOrBelow(dirOf(f), projectRoot) &&
            !(r.adapter === 'dotenv' && otherEnvironment(f, r.rel))
          );
        });
      if (shadowed) continue;
      const merged: CredentialFact = { ...cred };
      const from: CredentialFact = { type: best.type, source: 'literal', evidence: 'format', basis: best.basis };
      if (adoptEvidence(merged, from, { file: best.file, line: best.line })) c.credential = merged;
    }
  }
}

/**
 * The definition a use of `name` in `file` sees: the nearest folder first (repository-wide
 * only for dbt-specific names), then the strongest evidence; undefined when those disagree.
 */
function nearest(list: readonly Provider[], file: string, name: string): Provider | undefined {
  const userDir = dirOf(file);
  const dbtName = isDbtSpecificName(name);
  let best: { p: Provider; near: number; strength: number } | undefined;
  let tie = false;
  for (const p of list) {
    if (p.file === file) continue; // the file's own evidence is already in its classification
    const c = closeness(dirOf(p.file), userDir);
    // A `.env` (`.env.local`, …) is found by the loader from its own folder and those below it,
    // never from a sibling folder; a file loaded by its path (`config/runtime.env`) may be anywhere.
    const implicitDotenv = p.dotenv && IMPLICIT_DOTENV.test(p.file);
    const near = c ?? (dbtName && p.config && !implicitDotenv ? Number.MAX_SAFE_INTEGER : undefined);
    if (near === undefined) continue;
    const strength = strengthOf(carried(p.basis));
    if (!best || near < best.near || (near === best.near && strength > best.strength)) {
      best = { p, near, strength };
      tie = false;
    } else if (near === best.near && strength === best.strength && p.type !== best.p.type) {
      tie = true;
    }
  }
  return best && !tie ? best.p : undefined;
}
