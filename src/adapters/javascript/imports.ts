import { isDbtTokenShaped } from '../../credentials/token-shapes.js';
import { isBudgetExceeded, isExpectedIoError, isParseError } from '../../errors.js';
import { caughtExpected } from '../extraction-limits.js';
import { workspaceFolder } from '../shared/workspace-packages.js';
import { posix } from 'node:path';
import type { AdapterContext } from '../adapter.js';
import { indexModule, type ModuleInfo } from './module-index.js';
import { fitsParser, parseSource } from './parse.js';
import { loadTypeScript as requireTypeScript } from '../../packages.js';
import { IMPORT_SPEC, isAliasSpecifier, isRelativeSpecifier, probeModuleFile, PROJECT_CONFIG_NAMES, svelteLibBase } from './module-path.js';
import { RecentlyUsed } from '../../cache/recently-used.js';
import { holdsCallEvidence } from './call-evidence.js';

/** Source characters of the parsed modules kept per thread. */
const PARSED_MODULE_CHARS = 512 * 1024;
/** Past this many files in an import closure, it is taken to reach dbt Cloud evidence without looking further. */
const MAX_CLOSURE_FILES = 400;

// Following imports to other files of the same repository. Relative specifiers are probed by
// extension and index file; other specifiers may be tsconfig `paths` aliases, which TypeScript's
// own resolver (bundled with ts-morph, loaded only when a tsconfig declares paths) works out
// through a host that reads nothing but `ctx`.

type TS = typeof import('ts-morph').ts;
let tsModule: TS | undefined;

async function loadTypeScript(): Promise<void> {
  if (!tsModule) tsModule = requireTypeScript();
}

const VROOT = '/__dts_repo__/';

export { isRelativeSpecifier };

const isBuiltin = (spec: string): boolean =>
  spec.startsWith('node:') ||
  /^(fs|path|os|url|http|https|crypto|util|events|stream|child_process|zlib|net|tls|dns|querystring|assert|buffer|process|readline|worker_threads)(\/|$)/.test(
    spec,
  );

/**
 * Modules parsed and indexed for the files of a scan in this thread, most recently used first: a
 * module that many files import (a shared client, a config) is parsed once while in use. An index
 * is never changed once made, so one serves every file. Bounded by source characters (a syntax
 * tree takes some tens of times its source), so memory stays flat however big the tree.
 */
/** Per thread, which modules hold call evidence: a module that many files import is searched once. */
const evidenceOf = new RecentlyUsed<string, { text: string; evidence: boolean }>(PARSED_MODULE_CHARS * 8, (m) => m.text.length);

function moduleEvidence(path: string, text: string): boolean {
  const known = evidenceOf.get(path);
  if (known?.text === text) return known.evidence;
  const evidence = holdsCallEvidence(text);
  evidenceOf.set(path, { text, evidence });
  return evidence;
}

const parsedModules = new RecentlyUsed<string, { text: string; mod: ModuleInfo | null }>(PARSED_MODULE_CHARS, (m) => m.text.length);

/** Loads, parses and indexes repository files on demand, once each, for one `extract` call. */
/** Where node-config reads which environment variables set which keys. */
const NODE_CONFIG_ENV_FILE = 'config/custom-environment-variables.json';

export class ModuleLoader {
  private readonly modules = new Map<string, ModuleInfo | null>();
  private readonly configs = new Map<string, { path: string; text: string } | null>();
  private readonly tsOptions = new Map<string, unknown>();
  private readonly jsonFiles = new Map<string, unknown>();

  /**
   * @param onlyMentioning when set, only files whose text matches it are loaded: a file that
   *   mentions neither dbt nor an API path can only reach dbt Cloud through files that do.
   */
  constructor(
    private readonly ctx: AdapterContext,
    private readonly onlyMentioning?: RegExp,
  ) {}

  /**
   * node-config's `config.get("dbtCloud.token")` set from the environment: the variable
   * `config/custom-environment-variables.json` (in the nearest folder above `from` that has one)
   * maps that key to (`{ "dbtCloud": { "token": "DBT_CLOUD_SERVICE_TOKEN" } }`, or `{ "__name": … }`).
   */
  nodeConfigEnv(from: string, key: string): string | undefined {
    let dir = posix.dirname(from);
    for (let i = 0; i < 12; i++) {
      const file = dir === '.' || dir === '' ? NODE_CONFIG_ENV_FILE : `${dir}/${NODE_CONFIG_ENV_FILE}`;
      if (this.ctx.fileExists(file)) {
        let node: unknown = this.parsedJson(file);
        for (const k of key.split('.')) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined;
        if (node !== null && typeof node === 'object') node = (node as Record<string, unknown>)['__name'];
        return typeof node === 'string' && /^[A-Za-z_]\w{0,127}$/.test(node) ? node : undefined;
      }
      if (dir === '.' || dir === '' || dir === '/') return undefined;
      dir = posix.dirname(dir);
    }
    return undefined;
  }

  /**
   * The dbt token node-config's files give `key` (`config/production.json` over `config/default.json`,
   * in the nearest folder above `from` holding a `config/default.json`): `config.get("dbtCloud.token")`
   * is that value, typed by its format. Only a token-shaped value: a setting's others say nothing.
   */
  nodeConfigToken(from: string, key: string): string | undefined {
    let dir = posix.dirname(from);
    for (let i = 0; i < 12; i++) {
      const base = dir === '.' || dir === '' ? 'config' : `${dir}/config`;
      if (this.ctx.fileExists(`${base}/default.json`)) {
        for (const name of ['production.json', 'default.json']) {
          let node: unknown = this.parsedJson(`${base}/${name}`);
          for (const k of key.split('.'))
            node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined;
          if (typeof node === 'string' && isDbtTokenShaped(node)) return node;
        }
        return undefined;
      }
      if (dir === '.' || dir === '' || dir === '/') return undefined;
      dir = posix.dirname(dir);
    }
    return undefined;
  }

  private parsedJson(path: string): unknown {
    if (this.jsonFiles.has(path)) return this.jsonFiles.get(path);
    let value: unknown;
    try {
      value = JSON.parse(this.ctx.readRepoFile(path)?.text ?? 'null');
    } catch (e) {
      caughtExpected(e, (x) => x instanceof SyntaxError);
    }
    this.jsonFiles.set(path, value);
    return value;
  }

  /** Registers the file being extracted, so imports that cycle back to it reuse its index. */
  register(mod: ModuleInfo): void {
    this.modules.set(mod.path, mod);
  }

  load(path: string): ModuleInfo | undefined {
    const cached = this.modules.get(path);
    if (cached !== undefined) return cached ?? undefined;
    let mod: ModuleInfo | null = null;
    try {
      // Read through the context every time, even when the parse is kept: the context is what
      // records, for --cache, which files a file's facts depend on.
      const read = this.ctx.readRepoFile(path)?.text;
      // A JSON data file imported as a module is its value, exported whole (one line of prefix, so lines stay the file's).
      const text = read !== undefined && path.endsWith('.json') ? `module.exports = ${read};` : read;
      if (text !== undefined && fitsParser(text) && (!this.onlyMentioning || this.onlyMentioning.test(text))) {
        const kept = parsedModules.get(path);
        if (kept?.text === text) mod = kept.mod;
        else {
          const parsed = parseSource(path, text);
          mod = parsed.ok ? indexModule(path, text, parsed.program) : null;
          parsedModules.set(path, { text, mod });
        }
      }
    } catch (e) {
      caughtExpected(e, isBudgetExceeded);
      mod = null;
    }
    this.modules.set(path, mod);
    return mod ?? undefined;
  }

  /**
   * Whether a file that mentions nothing dbt-related imports one that does (or imports through
   * an alias, which cannot be checked cheaply). Reads texts only, parses nothing.
   */
  importsMentionDbt(path: string, text: string): boolean {
    let count = 0;
    for (const m of text.matchAll(IMPORT_SPEC)) {
      if (++count > 200) return true;
      const spec = m[1]!;
      const svelteLib = svelteLibBase(spec, path, (p) => this.ctx.fileExists(p));
      if (!isRelativeSpecifier(spec) && svelteLib === undefined) {
        if (isAliasSpecifier(spec)) return true;
        continue;
      }
      const target = this.probe(svelteLib ?? posix.normalize(posix.join(posix.dirname(path), spec)));
      if (target && /dbt/i.test(this.ctx.readRepoFile(target)?.text ?? '')) return true;
    }
    return false;
  }

  /**
   * Whether the file, or a file it imports directly or not, holds what a dbt Cloud call site or
   * credential is made of (call-evidence.ts). Reads texts only, parses nothing. An import that
   * only TypeScript's resolver could follow (a `@/` or tsconfig `paths` alias) counts as a yes.
   */
  reachesCallEvidence(path: string, text: string): boolean {
    // Modules whose whole import closure was searched and held nothing: another file of the app
    // that imports them needs none of that searched again (the components of a React app import
    // each other, and each of its files would otherwise walk the same hundreds of modules).
    const clean = this.ctx.memo?.slot('javascript.closures-without-evidence', () => new Set<string>());
    const seen = new Set([path]);
    const queue: { path: string; text: string }[] = [{ path, text }];
    for (let i = 0; i < queue.length; i++) {
      const { path: at, text: source } = queue[i]!;
      if (moduleEvidence(at, source)) return true;
      for (const m of source.matchAll(IMPORT_SPEC)) {
        const spec = m[1]!;
        const svelteLib = svelteLibBase(spec, at, (p) => this.ctx.fileExists(p));
        if (!isRelativeSpecifier(spec) && svelteLib === undefined) {
          if (isBuiltin(spec)) continue;
          if (isAliasSpecifier(spec) || this.aliasesDeclaredFor(at)) return true;
          continue;
        }
        const target = this.probe(svelteLib ?? posix.normalize(posix.join(posix.dirname(at), spec)));
        if (!target || seen.has(target) || clean?.has(target)) continue;
        if (seen.size >= MAX_CLOSURE_FILES) return true;
        seen.add(target);
        const imported = this.ctx.readRepoFile(target)?.text;
        if (imported !== undefined) queue.push({ path: target, text: imported });
      }
    }
    // Every module reached was searched, the known clean ones aside: each one's closure lies within these and those.
    if (clean) for (const q of queue) clean.add(q.path);
    return false;
  }

  /** Whether a tsconfig or jsconfig over `path` declares `paths` or `baseUrl`, through which a bare specifier may name a repository file. */
  private aliasesDeclaredFor(path: string): boolean {
    const config = this.findConfig(posix.dirname(path));
    return config !== undefined && this.declaresAliases(config, 0);
  }

  /** The repository path a specifier in `from` refers to, if it is a file of this repository. */
  resolve(from: ModuleInfo, spec: string): string | undefined {
    if (isRelativeSpecifier(spec)) return this.probe(posix.normalize(posix.join(posix.dirname(from.path), spec)));
    if (isBuiltin(spec)) return undefined;
    const svelteLib = svelteLibBase(spec, from.path, (p) => this.ctx.fileExists(p));
    if (svelteLib !== undefined) return this.probe(svelteLib);
    return this.resolveAlias(from, spec) ?? this.resolveWorkspacePackage(from, spec);
  }

  private readonly workspaceRoots = new Map<string, string | null>();
  private readonly workspacePackages = new Map<string, string | null>();

  /** The monorepo root above `dir`: the nearest folder whose package.json lists `workspaces`, or with a pnpm-workspace.yaml. */
  private workspaceRoot(dir: string): string | undefined {
    const cached = this.workspaceRoots.get(dir);
    if (cached !== undefined) return cached ?? undefined;
    const at = (name: string): string => (dir === '.' || dir === '' ? name : `${dir}/${name}`);
    let found: string | null = null;
    if (this.ctx.fileExists(at('pnpm-workspace.yaml')) || /"workspaces"\s*:/.test(this.ctx.readRepoFile(at('package.json'))?.text ?? ''))
      found = dir === '.' ? '' : dir;
    else if (dir !== '.' && dir !== '' && dir !== '/') found = this.workspaceRoot(posix.dirname(dir)) ?? null;
    this.workspaceRoots.set(dir, found);
    return found ?? undefined;
  }

  /**
   * A monorepo's own package imported by name (`import { triggerJob } from "@acme/dbt-cloud"`,
   * `@acme/dbt-cloud/client`): the module its package.json points at (`exports`, `module`,
   * `main`, `types`), else `src/index` or `index`, in the workspace folder that holds it.
   */
  private resolveWorkspacePackage(from: ModuleInfo, spec: string): string | undefined {
    const m = /^((?:@[\w.-]+\/)?[\w.-]+)(?:\/(.+))?$/.exec(spec);
    const root = m ? this.workspaceRoot(posix.dirname(from.path)) : undefined;
    if (!m || root === undefined) return undefined;
    const key = `${root}\0${m[1]}`;
    let folder = this.workspacePackages.get(key);
    if (folder === undefined) {
      folder = workspaceFolder(root, m[1]!, (p) => this.ctx.readRepoFile(p)?.text) ?? null;
      this.workspacePackages.set(key, folder);
    }
    if (folder === null) return undefined;
    if (m[2] !== undefined) return this.probe(`${folder}/src/${m[2]}`) ?? this.probe(`${folder}/${m[2]}`);
    const manifest = this.ctx.readRepoFile(`${folder}/package.json`)?.text ?? '';
    const entries = [
      /"exports"\s*:\s*"([^"]{1,300})"/.exec(manifest)?.[1],
      /"exports"\s*:\s*\{\s*"\."\s*:\s*(?:"([^"]{1,300})"|\{[^}]*?"(?:import|default|types)"\s*:\s*"([^"]{1,300})")/
        .exec(manifest)
        ?.slice(1)
        .find(Boolean),
      ...['source', 'module', 'main', 'types'].map((f) => new RegExp(`"${f}"\\s*:\\s*"([^"]{1,300})"`).exec(manifest)?.[1]),
    ];
    for (const e of entries) {
      if (e === undefined || e.includes('..')) continue;
      const p = posix.normalize(posix.join(folder, e));
      const hit = this.ctx.fileExists(p) ? p : this.probe(p.replace(/\.(?:[cm]?js|d\.ts)$/, ''));
      if (hit) return hit;
    }
    return this.probe(`${folder}/src/index`) ?? this.probe(`${folder}/index`);
  }

  private probe(base: string): string | undefined {
    return probeModuleFile(base, (p) => this.ctx.fileExists(p));
  }

  /**
   * Whether `mod` has imports that only a tsconfig `paths`/`baseUrl` setting can resolve; then
   * TypeScript is loaded before value resolution starts (resolution itself is synchronous).
   */
  async prepareAliases(mod: ModuleInfo, isLibrary: (spec: string) => boolean): Promise<void> {
    const bare = mod.importSources.filter((s) => !isRelativeSpecifier(s) && !isBuiltin(s) && !isLibrary(s));
    if (bare.length === 0) return;
    const config = this.findConfig(posix.dirname(mod.path));
    if (!config || !this.declaresAliases(config, 0)) return;
    try {
      await loadTypeScript();
    } catch (e) {
      // ts-morph missing: aliases stay unresolved.
      caughtExpected(e, isExpectedIoError);
    }
  }

  private declaresAliases(config: { path: string; text: string }, depth: number): boolean {
    if (/"(paths|baseUrl)"\s*:/.test(config.text)) return true;
    if (depth >= 3) return false;
    const ext = /"extends"\s*:\s*"(\.{1,2}\/[^"]+)"/.exec(config.text)?.[1];
    if (!ext) return false;
    const target = posix.normalize(posix.join(posix.dirname(config.path), ext));
    const text = this.ctx.readRepoFile(target)?.text ?? this.ctx.readRepoFile(`${target}.json`)?.text;
    return text !== undefined && this.declaresAliases({ path: target, text }, depth + 1);
  }

  private findConfig(dir: string): { path: string; text: string } | undefined {
    const cached = this.configs.get(dir);
    if (cached !== undefined) return cached ?? undefined;
    let found: { path: string; text: string } | null = null;
    for (const name of PROJECT_CONFIG_NAMES) {
      const p = dir === '.' || dir === '' ? name : `${dir}/${name}`;
      const text = this.ctx.fileExists(p) ? this.ctx.readRepoFile(p)?.text : undefined;
      if (text !== undefined) {
        found = { path: p, text };
        break;
      }
    }
    if (!found && dir !== '.' && dir !== '' && dir !== '/') found = this.findConfig(posix.dirname(dir)) ?? null;
    this.configs.set(dir, found);
    return found ?? undefined;
  }

  private resolveAlias(from: ModuleInfo, spec: string): string | undefined {
    const ts = tsModule;
    if (!ts) return undefined;
    const config = this.findConfig(posix.dirname(from.path));
    if (!config) return undefined;
    const host = this.tsHost();
    try {
      let options = this.tsOptions.get(config.path) as import('ts-morph').ts.CompilerOptions | undefined;
      if (!options) {
        const json = ts.parseConfigFileTextToJson(VROOT + config.path, config.text).config ?? {};
        options = ts.parseJsonConfigFileContent(json, host, posix.dirname(VROOT + config.path), undefined, VROOT + config.path).options;
        this.tsOptions.set(config.path, options);
      }
      const resolved = ts.resolveModuleName(spec, VROOT + from.path, options, host).resolvedModule;
      if (!resolved || resolved.isExternalLibraryImport) return undefined;
      const rel = toRepoPath(resolved.resolvedFileName);
      return rel && !/\.d\.[mc]?ts$/.test(rel) ? rel : undefined;
    } catch (e) {
      caughtExpected(e, isParseError, isBudgetExceeded);
      return undefined;
    }
  }

  private tsHost(): import('ts-morph').ts.ParseConfigHost & import('ts-morph').ts.ModuleResolutionHost {
    const ctx = this.ctx;
    return {
      useCaseSensitiveFileNames: true,
      readDirectory: () => [],
      fileExists: (p: string) => {
        const rel = toRepoPath(p);
        return rel !== undefined && ctx.fileExists(rel);
      },
      readFile: (p: string) => {
        const rel = toRepoPath(p);
        return rel === undefined ? undefined : ctx.readRepoFile(rel)?.text;
      },
      getCurrentDirectory: () => VROOT.slice(0, -1),
      trace: () => undefined,
      directoryExists: () => true,
      realpath: (p: string) => p,
      getDirectories: () => [],
    };
  }
}

function toRepoPath(p: string): string | undefined {
  if (!p.startsWith(VROOT)) return undefined;
  const rel = posix.normalize(p.slice(VROOT.length));
  return rel.startsWith('../') ? undefined : rel;
}
