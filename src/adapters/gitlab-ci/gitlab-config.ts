import { isBudgetExceeded, isParseError } from '../../errors.js';
import { caughtExpected } from '../extraction-limits.js';
import type { AdapterContext } from '../adapter.js';
import { loadCiYaml, type CiYamlDocument, type YamlNode } from '../shared/yaml-documents/document.js';
import { folderOf } from '../repo-path.js';
import { joinRelative } from '../shared/ci-yaml/script-location.js';

// A GitLab CI configuration as GitLab assembles it: local `include:` files merged first, the
// including file on top; `extends:` resolved from templates (`.name` jobs) of any of them;
// `default:` and global `variables:`. Nodes keep their source, because only nodes of the file
// being scanned can be given positions (the other files are scanned on their own).

export interface Sourced {
  node: YamlNode | undefined;
  src: GitlabSource;
}

export interface GitlabSource {
  path: string;
  doc: CiYamlDocument;
  /** The file being scanned. */
  current: boolean;
}

/** Top-level keys that are not jobs. */
const GLOBAL_KEYS = new Set([
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'variables',
  'stages',
  'include',
  'workflow',
  'default',
  'spec',
  'types',
]);
const MAX_INCLUDE_FILES = 20;
const MAX_INCLUDE_DEPTH = 3;
/** GitLab allows 11 levels of `extends`. */
const MAX_EXTENDS_DEPTH = 11;
/** Jobs of other files read for the templates of the scanned one they extend. */
const MAX_EXTENDING_JOBS = 200;

export interface JobView {
  name: string;
  /** Every key the job ends up with (own keys over `extends` bases), `variables` deep-merged. */
  keys: Map<string, Sourced>;
  variables: Map<string, Sourced>;
  /** Bases it extends that no file here defines (a GitLab template's `.terraform:deploy`). */
  unresolvedBases: string[];
}

export class GitlabConfig {
  /** Sources from lowest to highest priority. */
  readonly sources: GitlabSource[];
  private readonly templates = new Map<string, Sourced>();
  /** Templates that jobs of the scanned file extend. */
  private readonly extended = new Set<string>();

  constructor(sources: GitlabSource[]) {
    this.sources = sources;
    for (const src of sources) {
      for (const e of src.doc.entries(src.doc.root)) {
        if (GLOBAL_KEYS.has(e.key) || !src.doc.isMap(e.value)) continue;
        this.templates.set(e.key, { node: e.value, src });
        // Only jobs of the scanned file count: a template extended from another file is run
        // there, where its text cannot be positioned, so this file reports it on its own.
        if (src.current) for (const base of this.extendsOf({ node: e.value, src })) this.extended.add(base);
      }
    }
    this.jobsExtendingCurrent();
  }

  private extendingCurrent: Array<Sourced & { name: string }> | undefined;

  /**
   * Jobs of the other files (the including `.gitlab-ci.yml`) that extend a template of the
   * scanned file, at any depth (`deploy-prod: extends: .dbt-cloud-trigger` with the template
   * included from here): the template's script runs in them, with their variables, and its text
   * is here to be positioned.
   */
  jobsExtendingCurrent(): Array<Sourced & { name: string }> {
    if (this.extendingCurrent) return this.extendingCurrent;
    const out: Array<Sourced & { name: string }> = [];
    this.extendingCurrent = out;
    const reachesCurrent = (job: Sourced, depth: number, seen: Set<string>): boolean =>
      depth < MAX_EXTENDS_DEPTH &&
      this.extendsOf(job).some((name) => {
        if (seen.has(name)) return false;
        seen.add(name);
        const base = this.templates.get(name);
        if (base?.src.current) this.extended.add(name);
        return !!base && (base.src.current === true || reachesCurrent(base, depth + 1, seen));
      });
    for (const src of this.sources) {
      if (src.current) continue;
      for (const e of src.doc.entries(src.doc.root)) {
        if (GLOBAL_KEYS.has(e.key) || e.key.startsWith('.') || !src.doc.isMap(e.value)) continue;
        const job = { node: e.value, src };
        if (reachesCurrent(job, 0, new Set()) && out.length < MAX_EXTENDING_JOBS) out.push({ ...job, name: e.key });
      }
    }
    return out;
  }

  get current(): GitlabSource | undefined {
    return this.sources.find((s) => s.current);
  }

  /** Jobs (and templates) defined in the scanned file, in file order. */
  jobsOfCurrent(): Array<{ name: string; node: YamlNode; hidden: boolean; usedElsewhere: boolean }> {
    const src = this.current;
    if (!src) return [];
    const out: Array<{ name: string; node: YamlNode; hidden: boolean; usedElsewhere: boolean }> = [];
    for (const e of src.doc.entries(src.doc.root)) {
      if (GLOBAL_KEYS.has(e.key) || !src.doc.isMap(e.value)) continue;
      const hidden = e.key.startsWith('.');
      // A template someone extends, or an anchored map (`&defaults`), runs as part of other jobs.
      const usedElsewhere = this.extended.has(e.key) || typeof (e.value as { anchor?: string }).anchor === 'string';
      out.push({ name: e.key, node: e.value, hidden, usedElsewhere });
    }
    return out;
  }

  /** Whether the file looks like GitLab CI configuration at all. */
  isCiConfig(): boolean {
    const src = this.current;
    if (!src) return false;
    const { doc } = src;
    const keys = doc.entries(doc.root).map((e) => e.key);
    if (keys.some((k) => k === 'stages' || k === 'include' || k === 'workflow')) return true;
    return doc
      .entries(doc.root)
      .some(
        (e) =>
          !GLOBAL_KEYS.has(e.key) &&
          doc.isMap(e.value) &&
          ['script', 'extends', 'trigger', 'stage', 'before_script'].some((k) => doc.get(e.value, k) !== undefined),
      );
  }

  /** A global key, from the highest-priority source that has it (`variables` use globalVariables). */
  global(key: string): Sourced | undefined {
    for (let i = this.sources.length - 1; i >= 0; i--) {
      const src = this.sources[i]!;
      const e = src.doc.get(src.doc.root, key);
      if (e) return { node: e.value, src };
    }
    return undefined;
  }

  /** `default:` keys merged across sources (the including file wins), then legacy top-level keys. */
  defaultKey(key: string): Sourced | undefined {
    for (let i = this.sources.length - 1; i >= 0; i--) {
      const src = this.sources[i]!;
      const e = src.doc.get(src.doc.value(src.doc.root, 'default'), key);
      if (e) return { node: e.value, src };
    }
    return key === 'before_script' || key === 'after_script' || key === 'image' ? this.global(key) : undefined;
  }

  globalVariables(): Map<string, Sourced> {
    const out = new Map<string, Sourced>();
    for (const src of this.sources) {
      for (const e of src.doc.entries(src.doc.value(src.doc.root, 'variables'))) out.set(e.key, { node: e.value, src });
    }
    return out;
  }

  template(name: string): Sourced | undefined {
    return this.templates.get(name);
  }

  extendsOf(job: Sourced): string[] {
    const { doc } = job.src;
    const ext = doc.value(job.node, 'extends');
    const one = doc.str(ext);
    if (one !== undefined) return [one];
    return doc
      .items(ext)
      .map((i) => doc.str(i))
      .filter((s): s is string => s !== undefined);
  }

  /** The job with `extends:` applied: bases in order, later bases and the job's own keys win. */
  resolveJob(name: string, job: Sourced, depth = 0, seen: Set<string> = new Set()): JobView {
    const view: JobView = { name, keys: new Map(), variables: new Map(), unresolvedBases: [] };
    if (depth <= MAX_EXTENDS_DEPTH && !seen.has(name)) {
      seen.add(name);
      for (const baseName of this.extendsOf(job)) {
        const base = this.templates.get(baseName);
        if (!base) {
          view.unresolvedBases.push(baseName);
          continue;
        }
        const b = this.resolveJob(baseName, base, depth + 1, seen);
        view.unresolvedBases.push(...b.unresolvedBases);
        for (const [k, v] of b.keys) view.keys.set(k, v);
        for (const [k, v] of b.variables) view.variables.set(k, v);
      }
      seen.delete(name);
    }
    const { doc } = job.src;
    for (const e of doc.entries(job.node)) {
      if (e.key === 'extends') continue;
      view.keys.set(e.key, { node: e.value, src: job.src });
      if (e.key === 'variables') for (const [k, v] of this.variablesOf({ node: e.value, src: job.src })) view.variables.set(k, v);
    }
    return view;
  }

  /**
   * A `variables:` map with its `!reference`s applied: `variables: !reference [.dbt_vars, variables]`
   * for the whole map, `DBT_TOKEN: !reference [.dbt_vars, variables, DBT_TOKEN]` for one value.
   */
  private variablesOf(map: Sourced, depth = 0): Map<string, Sourced> {
    const out = new Map<string, Sourced>();
    const { doc } = map.src;
    const whole = doc.referencePath(map.node);
    if (whole) {
      const target = depth < MAX_EXTENDS_DEPTH ? this.reference(whole) : undefined;
      return target ? this.variablesOf(target, depth + 1) : out;
    }
    for (const v of doc.entries(map.node)) {
      const path = doc.referencePath(v.value);
      const target = path && depth < MAX_EXTENDS_DEPTH ? this.reference(path) : undefined;
      out.set(v.key, target ?? { node: v.value, src: map.src });
    }
    return out;
  }

  /** What `!reference [job, key, ...]` points at. */
  reference(path: string[]): Sourced | undefined {
    const [jobName, ...keys] = path;
    if (!jobName) return undefined;
    const job = this.templates.get(jobName) ?? this.globalAsJob(jobName);
    if (!job) return undefined;
    let node = job.node;
    for (const k of keys) node = job.src.doc.value(node, k);
    return node ? { node, src: job.src } : undefined;
  }

  private globalAsJob(name: string): Sourced | undefined {
    return name === 'default' ? this.global('default') : undefined;
  }
}

/** Local files an `include:` names (`'ci/x.yml'`, `[{local: ...}]`), relative to the scan root. */
function localIncludes(doc: CiYamlDocument, repoRoot: string): string[] {
  const inc = doc.value(doc.root, 'include');
  const entries = doc.isSeq(inc) ? doc.items(inc) : inc ? [inc] : [];
  const out: string[] = [];
  for (const e of entries) {
    const local = doc.str(e) ?? doc.str(doc.value(e, 'local'));
    if (!local || /^[a-z][a-z0-9+.-]*:\/\//i.test(local) || /[*?$]/.test(local)) continue;
    if (doc.isMap(e) && (doc.get(e, 'project') || doc.get(e, 'remote') || doc.get(e, 'template') || doc.get(e, 'component'))) continue;
    const p = joinRelative(repoRoot, local);
    if (p && !out.includes(p)) out.push(p);
  }
  return out;
}

/** The repository root for a GitLab file: the folder of `.gitlab-ci.yml` (searched upwards), or `.gitlab`'s parent. */
export function gitlabRepoRoot(path: string, ctx: AdapterContext): string {
  const segs = path.split('/');
  const gl = segs.lastIndexOf('.gitlab');
  if (gl >= 0) return segs.slice(0, gl).join('/');
  if (/(^|\/)\.gitlab-ci\.ya?ml$/i.test(path)) return folderOf(path);
  // A file included from the project's `.gitlab-ci.yml` (`ci/deploy.gitlab-ci.yml`) runs from its folder.
  for (let dir = folderOf(path); ; dir = folderOf(dir)) {
    if (
      ctx.fileExists(joinRelative(dir, '.gitlab-ci.yml') ?? '.gitlab-ci.yml') ||
      ctx.fileExists(joinRelative(dir, '.gitlab-ci.yaml') ?? '')
    )
      return dir;
    if (dir === '') break;
  }
  return /\.gitlab-ci\.ya?ml$/i.test(path) ? folderOf(path) : '';
}

async function parseRepoFile(path: string, ctx: AdapterContext): Promise<CiYamlDocument | undefined> {
  const f = ctx.readRepoFile(path);
  if (!f) return undefined;
  try {
    const { docs } = await loadCiYaml(f.text);
    return docs.find((d) => d.isMap(d.root));
  } catch (e) {
    caughtExpected(e, isParseError, isBudgetExceeded);
    return undefined;
  }
}

/**
 * The sources GitLab merges for the scanned file: its local includes (each after its own
 * includes), then the file. When the repository's `.gitlab-ci.yml` includes this file, the
 * whole pipeline is assembled from there, so its globals and templates apply here too.
 */
export async function gitlabSources(path: string, doc: CiYamlDocument, repoRoot: string, ctx: AdapterContext): Promise<GitlabSource[]> {
  const current: GitlabSource = { path, doc, current: true };
  const budget = { files: 0 };
  const expand = async (src: GitlabSource, depth: number, seen: Set<string>): Promise<GitlabSource[]> => {
    const out: GitlabSource[] = [];
    if (depth < MAX_INCLUDE_DEPTH) {
      for (const inc of localIncludes(src.doc, repoRoot)) {
        if (seen.has(inc)) continue;
        seen.add(inc);
        if (inc === path) {
          out.push(...(await expand(current, depth + 1, seen)));
          continue;
        }
        if (++budget.files > MAX_INCLUDE_FILES) break;
        const d = await parseRepoFile(inc, ctx);
        if (d) out.push(...(await expand({ path: inc, doc: d, current: false }, depth + 1, seen)));
      }
    }
    out.push(src);
    return out;
  };
  for (const name of ['.gitlab-ci.yml', '.gitlab-ci.yaml']) {
    const rootPath = joinRelative(repoRoot, name);
    if (!rootPath || rootPath === path || !ctx.fileExists(rootPath)) continue;
    const rootDoc = await parseRepoFile(rootPath, ctx);
    if (!rootDoc || !localIncludes(rootDoc, repoRoot).includes(path)) continue;
    return expand({ path: rootPath, doc: rootDoc, current: false }, 0, new Set([rootPath]));
  }
  return expand(current, 0, new Set([path]));
}
