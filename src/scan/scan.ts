import { placeImagePaths } from './image-paths.js';
import { isExpectedIoError, rethrowUnless, UsageError } from '../errors.js';
import { reportedRules } from '../rules/rule-help.js';
import { lstatSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, posix, relative, resolve, sep } from 'node:path';
import { TOOL_VERSION } from '../version.js';
import { apiKindOf } from '../classify/endpoint.js';
import { lookupEndpoint } from '../classify/documented-endpoints.js';
import { libraryRoots, type PublishedPackages } from '../classify/library-roots.js';
import { buildRepoLayout, WorkflowClassifier } from '../classify/workflow.js';
import { toConfigData, type Config } from '../config/config.js';
import { findFiles, type FoundFile } from '../discover/find-files.js';
import { listFromIndex, prefetchListing } from '../discover/git-files.js';
import { workTreeTop } from '../vcs/work-tree.js';
import type { IndexView } from '../vcs/index-view.js';
import { DEFAULT_MAX_BYTES } from '../discover/read-source.js';
import type { RawEndpoint } from '../model/raw-facts.js';
import type { Documented, RuleId } from '../model/vocabulary.js';
import { withFingerprints } from '../findings/fingerprint.js';
import { suppressionFor, suppressionNotices } from '../findings/suppress.js';
import type { FileResult, InlineSuppression } from '../model/extracted.js';
import { outgoingReport } from '../findings/outgoing-report.js';
import { compareErrors, compareFindings, compareLocations, countBySeverity } from '../model/report-order.js';
import type { Report, ReportCallSite, ScanError } from '../model/report.js';
import type { ClassifiedCallSite, ClassifiedTokenSite, Endpoint } from '../model/classified.js';
import type { Finding } from '../model/findings.js';
import { effectiveRules, evaluate } from '../rules/evaluate.js';
import { loadRules } from '../rules/load-rules.js';
import type { RuleDefinition } from '../rules/rule-schema.js';
import type { AdapterContext } from '../adapters/adapter.js';
import { EntryVerdicts, REACH_MAX_BYTES, reachedWorkflows } from './entry-reach.js';
import { ScanCaps } from './fact-caps.js';
import { linkAccountHosts } from './link-account-hosts.js';
import { linkDefinitionNames, linkNames } from './link-names.js';
import { linkHelperCallers, linkReferences, linkScriptDefinitions, linkScriptEnv } from './link-references.js';
import { repositoryImports } from './code-imports.js';
import { adapterTimingLines, emptyResult, extractFromSource, fromPrefiltered, type FileJob, type ProcessEnv } from './process-file.js';
import { prefilterFile, type Prefiltered } from './prefilter-file.js';
import { DependencyRecorder } from '../cache/dependency-recorder.js';
import { FactsCache, type CacheStrategy } from '../cache/facts-cache.js';
import { factsDigest, ReachMemo } from './reach-memo.js';
import { pythonImporters } from './python-importers.js';
import { javascriptImporters } from './javascript-importers.js';
import { ciRunners } from './ci-runners.js';
import { makeAdapterContext } from './repo-files.js';
import type { Outcome, WorkerPool } from './worker-pool.js';
import { shareCpuWith } from '../adapters/extraction-limits.js';

// The pipeline, in order: discover → read + pre-filter (in workers for big trees) → extract →
// link references → classify workflows and endpoints → rules → suppressions → report.

export interface ScanOptions {
  /** The folder the scan is rooted in: paths are relative to it, and adapters read only inside it. */
  cwd: string;
  /**
   * The current folder, when the scan is rooted elsewhere (a repository scanned from outside,
   * src/cli/scan-root.ts): the report shows paths from here. Fingerprints stay those of `cwd`.
   */
  shownFrom?: string;
  paths: readonly string[];
  config: Config;
  /** An explicit file list (from --staged / --changed) instead of walking `paths`; --staged's come with their content. */
  files?: readonly FileJob[];
  maxBytes?: number;
  /** Threads for a big tree, this one included; 1 scans in this thread only. */
  threads?: number;
  /** Run only these rules (fixture tests). */
  onlyRules?: ReadonlySet<RuleId>;
  onProgress?: (done: number, total: number) => void;
  /** Time each phase on stderr (also with DTS_TIMING set). */
  verbose?: boolean;
  /** Told each file the scan will read, as the walk finds it (the CLI starts parsers ahead of need: src/cli/startup/warm-parsers.ts). */
  onFileToRead?: (rel: string) => void;
  /** Keep each file's facts between runs (--cache). */
  cache?: { file: string; strategy: CacheStrategy; note: (message: string) => void };
  /**
   * Report only these files (paths as reported), with the rest of what is scanned read as their
   * context: the repository's CI, env files, definitions and importers (issue: partial scans).
   */
  reportOnly?: ReadonlySet<string>;
  /** Jobs that stand in for the discovered file of the same path (--staged: the index's content). */
  overrides?: readonly FileJob[];
  /** --staged with --cache: other files are looked up in the cache by their object ids in git's index. */
  contextFromIndex?: boolean;
}

/** Threads a scan uses, its own included: one per core, at most 4. */
const defaultThreadCount = (): number => Math.max(1, Math.min(4, availableParallelism()));

/** Files the main thread judges for the reach between two looks at what the readers sent. */
const AHEAD_STEP = 8;

/** Trees smaller than this are scanned in-process: starting workers would cost more than it saves. */
const WORKER_THRESHOLD = 400;

/** The report of a scan, every piece of repository text in it redacted (src/findings/outgoing-report.ts). */
export async function scan(opts: ScanOptions): Promise<Report> {
  const started = performance.now();
  const timing =
    opts.verbose || process.env.DTS_TIMING
      ? (label: string): void => void process.stderr.write(`dts-timing ${label} ${Math.round(performance.now() - started)} ms\n`)
      : undefined;
  const collected = await collectFacts(opts, timing);
  const elapsedMs = (): number => Math.round(performance.now() - started);
  const shownPath = opts.shownFrom === undefined ? undefined : pathsShownFrom(opts.shownFrom, opts.cwd);
  const report = buildReport(collected, {
    config: opts.config,
    onlyRules: opts.onlyRules,
    reportOnly: opts.reportOnly,
    timing,
    elapsedMs,
    shownPath,
  });
  collected.saveCache?.();
  return outgoingReport(report, shownPath);
}

/** A path relative to `root` as seen from `from`, with `/` separators. */
function pathsShownFrom(from: string, root: string): (rel: string) => string {
  const prefix = relative(resolve(from), resolve(root)).split(sep).join('/');
  return (rel) => (prefix ? (rel === '.' ? prefix : posix.join(prefix, rel)) : rel);
}

/**
 * What a scan gathers from the repository before any report is made: the facts of every file, and
 * what the report's stages need to see of the repository itself.
 */
export interface CollectedFacts {
  rules: readonly RuleDefinition[];
  /** Every file found (paths as reported), those answered by the cache included. */
  discovered: readonly string[];
  /** Each file's facts, sorted by path. */
  results: FileResult[];
  /** What discovery could not read or skipped (unreadable folders, links, submodules). */
  discoveryErrors: readonly ScanError[];
  /** Files a reader thread read and dropped: scanned, with nothing in them. */
  readAndDropped: number;
  /**
   * The repository, read (with the reach's size cap) to follow entry points to the files they run;
   * only when a folder is walked (src/scan/entry-reach.ts).
   */
  reachCtx?: AdapterContext;
  /** The reach's verdicts on code files, worked out ahead (entry-reach.ts). */
  verdicts?: EntryVerdicts;
  /** The reach as the cache kept it, used when nothing it depends on changed (--cache). */
  reachMemo?: ReachMemo;
  /** Writes the cache (--cache), once the report is made: the reach is kept in it too. */
  saveCache?: () => void;
  /** Folders holding an installable package's own code (src/classify/library-roots.ts). */
  libraries: ReadonlySet<string>;
  /** Those made for a package index, and those of them that install a command (library-roots.ts). */
  published?: { roots: ReadonlySet<string>; commands: ReadonlySet<string> };
}

/** Reads the repository: discovery, reading and pre-filtering (in workers for big trees), the adapters. */
async function collectFacts(opts: ScanOptions, timing: ((label: string) => void) | undefined): Promise<CollectedFacts> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const rules = await loadRules();
  const threads = opts.threads ?? defaultThreadCount();
  // Workers run compiled JavaScript (tests that run the TypeScript sources scan in-process). They
  // pay off only on a big tree; when a folder is to be walked they start now, so that their
  // start-up overlaps the walk, and are stopped unused if the tree turns out small.
  const compiled = import.meta.url.endsWith('.js');
  const folders = opts.files ? [] : (opts.paths.length ? opts.paths : ['.']).map((p) => resolve(opts.cwd, p)).filter(isRealFolder);
  const walksFolder = folders.length > 0;
  // The cache knows files of a git work tree by their object ids where their stat info says they hold it.
  const gitTop = opts.cache?.strategy === 'metadata' && walksFolder ? workTreeTop(resolve(opts.cwd)) : undefined;
  const indexView = gitTop === undefined ? undefined : indexViewOf(gitTop);
  // git lists each folder while this thread loads the cache and starts the reader threads; with
  // --staged, the work tree around the staged files is its index's tracked files.
  for (const folder of folders) {
    if (opts.contextFromIndex && indexView && folder === gitTop)
      listFromIndex(
        folder,
        indexView.then((v) => v?.all),
      );
    else prefetchListing(folder);
  }
  const found: FileJob[] = [];
  const arrived: (Outcome | undefined)[] = [];
  let readAndDropped = 0;
  let wake: (() => void) | undefined;
  // Loaded only here: worker_threads is start-up time that a pre-commit run of five files does not need.
  const cache = opts.cache
    ? await FactsCache.open({ ...opts.cache, setting: JSON.stringify([toConfigData(opts.config), maxBytes, resolve(opts.cwd)]) })
    : undefined;
  const recorder = cache && new DependencyRecorder(cache, opts.cwd);
  const view = await indexView;
  if (cache && view) cache.keyByGitIndex(view, pathFromTop(gitTop!, opts.cwd));
  // --staged: the repository around the staged files is the index's.
  if (cache && view && opts.contextFromIndex) cache.lookUpByIndex();
  if (cache?.warm && walksFolder) await cache.takeKeysAhead(recorder!.absOf);
  // A warm cache leaves few files to read: reader threads would cost more to start than they save.
  let pool: WorkerPool | undefined =
    compiled && threads > 1 && !cache?.warm && (walksFolder || (opts.files?.length ?? 0) >= WORKER_THRESHOLD)
      ? new (await import('./worker-pool.js')).WorkerPool({
          // This thread walks and parses; the others read.
          maxBytes,
          workers: threads - 1,
          // A --cache run records what each extraction reads: that happens in this thread.
          ...(cache ? {} : { extract: { cwd: opts.cwd, config: opts.config } }),
          // Workers judge the code beside files with a call for the reach, while this thread parses.
          ...(cache || !walksFolder ? {} : { reach: { cwd: opts.cwd, maxBytes: Math.min(maxBytes, REACH_MAX_BYTES) } }),
          onVerdicts: (verdicts) => ahead?.record(verdicts),
          onProgress: opts.onProgress && ((done) => opts.onProgress!(done, found.length)),
          onBatch: (batch, skipped) => {
            arrived.push(...batch);
            readAndDropped += skipped;
            wake?.();
          },
        })
      : undefined;
  // Extraction budgets count this process's CPU time, which every running thread adds to.
  shareCpuWith(pool ? threads : 1);
  // Files go to the workers while the walk goes on, once there are enough to be worth it. `known`
  // grows with the walk; an adapter that looks another file up before it is found reads the disk.
  const known = new Set<string>();
  let fed = 0;
  const feed = (): void => {
    if (!pool || found.length < WORKER_THRESHOLD) return;
    pool.add(found.slice(fed));
    fed = found.length;
  };
  const byRelOverride = new Map((opts.overrides ?? []).map((j) => [j.rel, j]));
  const everyFile: string[] = [];
  const fromCache: FileResult[] = [];
  const cacheFile = opts.cache && resolve(opts.cache.file);
  const cacheName = cacheFile && basename(cacheFile);
  const isCacheFile = (abs: string): boolean =>
    (abs.endsWith(cacheName!) && resolve(abs) === cacheFile) ||
    (abs.endsWith(`${cacheName!}.reach`) && resolve(abs) === `${cacheFile!}.reach`);
  const onFile = (found_: FileJob): void => {
    // The scan's own cache (and the reach kept beside it), when kept inside the tree, is not part of the repository.
    if (cacheFile !== undefined && isCacheFile(found_.abs)) return;
    const f = byRelOverride.get(found_.rel) ?? found_;
    everyFile.push(f.rel);
    known.add(f.rel);
    if (f.content) cache?.carryOver(f.rel);
    // An unchanged file's facts come from the cache: it is not read at all.
    const hit = cache && !f.content ? cache.lookup(f.rel, f.abs, recorder!.absOf) : undefined;
    if (hit === null) {
      // Read before and found to hold nothing: counted like a file a reader thread drops.
      readAndDropped++;
      return;
    }
    if (hit !== undefined) {
      fromCache.push(hit);
      return;
    }
    found.push(f);
    opts.onFileToRead?.(f.rel);
    if (found.length - fed >= 256) feed();
  };
  const baseCtx = makeAdapterContext(opts.cwd, known, maxBytes);
  // The reach's context (what it reads of the repository), made now: with reader threads, this
  // thread looks at the neighbours of files with a call while they read (EntryVerdicts).
  const reachCtx = walksFolder ? makeAdapterContext(opts.cwd, known, Math.min(maxBytes, REACH_MAX_BYTES)) : undefined;
  const ahead = pool && reachCtx ? new EntryVerdicts(everyFile, reachCtx) : undefined;
  /** The files beside those found with a call: to a reader thread to judge, or judged here. */
  const judgeAhead = (readers: WorkerPool): void => {
    const files = ahead!.candidates();
    if (files.length > 0 && !readers.judge(files)) ahead!.judgeHere(files);
  };
  const env = { config: opts.config, maxBytes, ctx: recorder ? recorder.wrap(baseCtx) : baseCtx };
  /** Extracts a file the pre-filter has read, and keeps its facts for the next run. */
  const finish = async (rel: string, p: Prefiltered): Promise<FileResult> => {
    if (!cache || !recorder) return fromPrefiltered(rel, p, env);
    recorder.begin();
    const r = await fromPrefiltered(rel, p, env);
    const deps = recorder.end();
    if (!byRelOverride.has(rel)) cache.store(rel, cache.keyOf(rel, recorder.absOf(rel)), r, deps);
    return r;
  };
  const caps = new ScanCaps();
  // With workers, this thread parses candidates as their batches arrive.
  let walkOver = false;
  let poolDone = false;
  let stolenCount = 0;
  const parsed: Promise<FileResult[]> | undefined =
    pool &&
    (async (readers: WorkerPool) => {
      const out: FileResult[] = [];
      let next = 0;
      for (;;) {
        while (next < arrived.length) {
          const o = arrived[next]!;
          // Parsed files' texts are let go at once: a tree of big files is never all in memory.
          arrived[next++] = undefined;
          const r = o.extracted ?? (await finish(o.rel, o.result));
          readers.release(o);
          caps.admit(r);
          out.push(r);
          if (ahead && (r.callSites.length > 0 || r.tokenSites.length > 0)) {
            ahead.expect(r.rel);
            if (walkOver) judgeAhead(readers);
          }
          // Let waiting messages in between files: idle workers get their next batch.
          if (!o.extracted && o.result.kind === 'candidate') await new Promise<void>((r) => setImmediate(r));
        }
        arrived.length = 0;
        next = 0;
        if (poolDone || (walkOver && !pool)) return out;
        // Work the reach would do at the end, alone, done while the readers read.
        if (walkOver && ahead) judgeAhead(readers);
        if (walkOver && ahead?.step(AHEAD_STEP)) {
          await new Promise<void>((r) => setImmediate(r));
          continue;
        }
        // Nothing to parse once the walk is over: read files the workers have not started, from
        // the back of their batches, and let messages in between.
        const stolen = walkOver ? readers.steal() : undefined;
        if (stolen) {
          stolenCount++;
          const r = await finish(stolen.rel, prefilterFile(stolen, maxBytes));
          caps.admit(r);
          out.push(r);
          await new Promise<void>((r) => setImmediate(r));
          continue;
        }
        await new Promise<void>((r) => {
          wake = r;
        });
        wake = undefined;
      }
    })(pool);
  let discovery: { files: FoundFile[]; errors: ScanError[] };
  try {
    if (opts.files) {
      discovery = { files: opts.files.map(({ rel, abs }) => ({ rel, abs })), errors: [] };
      for (const f of opts.files) onFile(f);
    } else {
      discovery = await findFiles(opts.paths, opts.cwd, opts.config.ignore, { onFile, ignoreBase: opts.config.base });
    }
  } catch (e) {
    pool?.close();
    walkOver = true;
    pool = undefined;
    wake?.();
    throw e;
  }
  // A staged file that the working tree no longer has is still scanned, from the index.
  for (const job of byRelOverride.values()) if (!known.has(job.rel)) onFile(job);
  walkOver = true;
  // Every file found, and those of them not answered by the cache, to be read.
  const jobs: FileJob[] = found;
  timing?.('discovered');
  const discovered = everyFile;
  let results: FileResult[];
  if (pool && jobs.length >= WORKER_THRESHOLD) {
    feed();
    // The walk is over: this thread may take files from the workers' batches now.
    wake?.();
    // A reader thread's unexpected error under DTS_STRICT=1 fails the scan, once this thread is idle.
    let failed: { error: unknown } | undefined;
    const stop = (): void => {
      poolDone = true;
      wake?.();
    };
    void pool.end().then(stop, (error: unknown) => {
      failed = { error };
      stop();
    });
    try {
      results = await parsed!;
    } catch (e) {
      // An unexpected error under DTS_STRICT=1 ends the scan, and the reader threads with it.
      pool.close();
      throw e;
    }
    if (failed) throw failed.error;
    timing?.(`main thread read ${stolenCount} files of the workers' batches;`);
    shareCpuWith(1);
  } else {
    if (pool) {
      // Too small a tree for workers: nothing was handed to them.
      pool.close();
      pool = undefined;
      shareCpuWith(1);
      wake?.();
      await parsed;
    }
    results = await extractInProcess(jobs, (job) => finish(job.rel, prefilterFile(job, maxBytes)), opts, caps);
  }
  if (cache && recorder) {
    // Files a reader thread read and dropped never reach this thread: they hold nothing.
    const answered = new Set(results.map((r) => r.rel));
    for (const job of jobs)
      if (!answered.has(job.rel) && !job.content)
        cache.store(job.rel, cache.keyOf(job.rel, recorder.absOf(job.rel)), emptyResult(job.rel, true), new Map());
  }
  timing?.('parsed');
  for (const r of fromCache) caps.admit(r);
  results.push(...fromCache);
  if (walksFolder) {
    const before = results.length;
    results = await withImporters(results, discovered, {
      config: opts.config,
      maxBytes,
      ctx: makeAdapterContext(opts.cwd, new Set(discovered), maxBytes),
    });
    // Importers that reader threads had read and dropped are counted as results now.
    readAndDropped -= results.length - before;
  }
  caps.finish(results);
  timing?.('extracted');
  const published: PublishedPackages = { roots: new Set(), commands: new Set() };
  results.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const libraries = walksFolder
    ? libraryRoots(discovered, (rel) => env.ctx.readRepoFile(rel)?.text, foldersWithFacts(results), published)
    : new Set<string>();
  // The reach is kept in the cache for a folder's scan, --staged included: the staged files' facts
  // are in the hash, and what the reach reads of the working tree is compared as it is there.
  timing?.('library roots');
  const reachMemo =
    cache && recorder && reachCtx
      ? new ReachMemo(cache, recorder, factsDigest(discovered, results, [libraries, published.roots, published.commands]))
      : undefined;
  return {
    rules,
    discovered,
    results,
    discoveryErrors: discovery.errors,
    readAndDropped,
    ...(reachCtx ? { reachCtx } : {}),
    ...(reachMemo ? { reachMemo } : {}),
    ...(cache
      ? {
          saveCache: () => {
            cache.save();
            if (opts.verbose) process.stderr.write(`dts-timing cache: ${cache.hits} files unchanged, ${cache.misses} read\n`);
          },
        }
      : {}),
    ...(ahead ? { verdicts: ahead } : {}),
    libraries,
    published,
  };
}

/** Whether a folder holds, at any depth, a file with a call or a credential: the files whose workflow is classified. */
function foldersWithFacts(results: readonly FileResult[]): (dir: string) => boolean {
  const dirs = new Set<string>();
  for (const r of results) {
    if (r.callSites.length === 0 && r.tokenSites.length === 0) continue;
    for (
      let d = r.rel.includes('/') ? r.rel.slice(0, r.rel.lastIndexOf('/')) : '';
      !dirs.has(d);
      d = d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : ''
    ) {
      dirs.add(d);
      if (d === '') break;
    }
  }
  return (dir) => dirs.has(dir);
}

export interface ReportOptions {
  config: Config;
  /** Run only these rules (fixture tests). */
  onlyRules?: ReadonlySet<RuleId>;
  /** Report only these files, the others read as their context (ScanOptions.reportOnly). */
  reportOnly?: ReadonlySet<string>;
  /** Marks the end of each stage (DTS_TIMING). */
  timing?: (label: string) => void;
  /** The scan's duration so far, for the summary; without it the report gives none. */
  elapsedMs?: () => number;
  /** How messages show a path (ScanOptions.shownFrom). */
  shownPath?: (rel: string) => string;
}

/**
 * The report model of collected facts: linking across files (in place, on `facts.results`),
 * workflow and endpoint classification, rules, suppressions. No I/O of its own: the repository
 * reaches it only through `facts.reachCtx`, which a test builds in memory. Not yet redacted for
 * output (`scan` does that).
 */
export function buildReport(facts: CollectedFacts, opts: ReportOptions): Report {
  const { rules, discovered, results, readAndDropped, libraries, published } = facts;
  const { timing } = opts;
  linkDefinitionNames(results, discovered);
  placeImagePaths(results, discovered);
  linkScriptDefinitions(results);
  linkReferences(results);
  linkScriptEnv(results, facts.reachCtx && repositoryImports(facts.reachCtx));
  linkNames(results, discovered);
  linkHelperCallers(results);
  timing?.('linked');
  const ciScripts = results.flatMap((r) => r.runsScripts);
  // Entry points are followed through the repository only when a folder is scanned: named files
  // (a pre-commit run) are too few to show them, and a partial view would mislabel a module.
  const reachInput = facts.reachCtx && { discovered, results, ctx: facts.reachCtx, verdicts: facts.verdicts, libraries, published };
  const reached = reachInput && (facts.reachMemo ? facts.reachMemo.reached(reachInput, reachedWorkflows) : reachedWorkflows(reachInput));
  timing?.('reached');
  const ciRunReaders = new Set(results.filter((r) => r.readsCiRunVariables).map((r) => r.rel));
  const layout = buildRepoLayout(discovered, ciScripts, reached?.workflows, libraries, reached?.startedContainers, ciRunReaders, published);
  const classifier = new WorkflowClassifier(opts.config, layout);

  const callSites: ClassifiedCallSite[] = [];
  const tokenSites: ClassifiedTokenSite[] = [];
  for (const r of results) {
    for (const c of r.callSites) {
      const endpoint = finishEndpoint(c.endpoint);
      const decision = classifier.decide({
        file: r.rel,
        role: r.role,
        kind: c.kind,
        adapterWorkflow: c.workflow,
        userContext: endpoint.userContext,
      });
      callSites.push({
        file: r.rel,
        span: c.span,
        kind: c.kind,
        endpoint: endpoint.endpoint,
        credential: c.credential,
        ...decision,
        accountIds: c.accountIds ?? [],
        documented: endpoint.documented,
        accountListing: endpoint.accountListing,
        userContext: endpoint.userContext,
        client: c.client,
        ...(endpoint.createsServiceToken || c.createsServiceToken ? { createsServiceToken: true } : {}),
        ...(c.endpoint?.hostAssumed ? { hostAssumed: true } : {}),
        ...(c.toolSettings ? { toolSettings: true } : {}),
      });
    }
  }
  // A committed token takes the workflow of the call it authenticates in this file (a Terraform
  // provider, a dbt_cloud.yml project), else of the call that reads it from another file (a
  // variable default or .tfvars value the provider is given), else of any call in its file, else
  // of the file itself.
  const everywhere = callSitesByIdentity(callSites);
  let at = 0;
  for (const r of results) {
    const fileSites = r.tokenSites.length ? callSitesByIdentity(callSites.slice(at, at + r.callSites.length)) : undefined;
    at += r.callSites.length;
    for (const t of r.tokenSites) {
      const identity = t.credential.identity;
      const same =
        (identity !== undefined ? (fileSites?.byIdentity.get(identity) ?? everywhere.byIdentity.get(identity)) : undefined) ??
        fileSites?.first;
      const decision = same
        ? {
            workflow: same.workflow,
            production: same.production,
            ...(same.recommendedTokenType ? { recommendedTokenType: same.recommendedTokenType } : {}),
          }
        : classifier.decide({ file: r.rel, role: r.role });
      tokenSites.push({ file: r.rel, span: t.span, credential: t.credential, committed: t.committed, ...decision });
    }
  }
  // Before config sites are dropped: a `.env` or connection naming the account's own host still shows it.
  linkAccountHosts(callSites);
  dropShadowedConfigSites(callSites);

  const active = effectiveRules(rules, opts.config, opts.onlyRules);
  const byFile = new Map(results.map((r) => [r.rel, r]));
  const ruleErrors: ScanError[] = [];
  const raw = evaluate(active, callSites, tokenSites, ruleErrors, opts.shownPath).sort(compareFindings);
  const fingerprinted = withFingerprints(raw, (file, line) => byFile.get(file)?.snippets[line]);
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  const used = new Set<InlineSuppression>();
  for (const f of fingerprinted) {
    const s = suppressionFor(byFile.get(f.file)?.suppressions ?? [], f.line, f.ruleId);
    if (s) used.add(s);
    if (s) suppressed.push({ ...f, suppression: s.reason ? { kind: 'inline', reason: s.reason } : { kind: 'inline' } });
    else findings.push(f);
  }
  const notices = results.flatMap((r) => (r.suppressions?.length ? suppressionNotices(r.rel, r.suppressions, used) : []));

  const errors: ScanError[] = [...facts.discoveryErrors, ...ruleErrors];
  for (const r of results) {
    if (r.error) errors.push({ file: r.rel, message: r.error });
    for (const cut of r.cuts) errors.push({ file: r.rel, message: cut });
  }
  errors.sort(compareErrors);

  const count = countBySeverity(findings);
  const snippets: Report['snippets'] = {};
  for (const r of results) if (Object.keys(r.snippets).length) snippets[r.rel] = r.snippets;

  const publicCallSites = callSites.map(toPublicCallSite).sort(compareLocations);
  timing?.('evaluated');
  if (timing) {
    for (const line of adapterTimingLines()) process.stderr.write(`dts-timing main ${line}\n`);
    const mb = (n: number): string => `${Math.round(n / 1048576)} MB`;
    const m = process.memoryUsage();
    process.stderr.write(
      `dts-timing memory: rss ${mb(m.rss)}, heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)}, external ${mb(m.external)} (array buffers ${mb(m.arrayBuffers)})\n`,
    );
  }
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'dbt-token-scan', version: TOOL_VERSION },
    findings,
    suppressed,
    callSites: publicCallSites,
    errors,
    summary: {
      filesScanned: results.filter((r) => r.scanned).length + readAndDropped,
      callSites: publicCallSites.length,
      findings: count,
      ...(opts.elapsedMs ? { durationMs: opts.elapsedMs() } : {}),
      suppressed: suppressed.length,
    },
    rules: reportedRules(active),
    snippets,
    notices,
  };
  return opts.reportOnly ? restrictTo(report, opts.reportOnly, results) : report;
}

/**
 * The report of the files asked about, out of a scan that read the whole repository for their
 * context: what a full scan reports for those files, nothing of the others.
 */
function restrictTo(report: Report, only: ReadonlySet<string>, results: readonly FileResult[]): Report {
  const keep = <T extends { file: string }>(list: readonly T[]): T[] => list.filter((x) => only.has(x.file));
  const findings = keep(report.findings);
  const callSites = keep(report.callSites);
  const snippets: Report['snippets'] = {};
  for (const [file, lines] of Object.entries(report.snippets)) if (only.has(file)) snippets[file] = lines;
  const unread = results.filter((r) => !r.scanned && only.has(r.rel)).length;
  return {
    ...report,
    findings,
    suppressed: keep(report.suppressed),
    callSites,
    errors: keep(report.errors),
    ...(report.notices ? { notices: keep(report.notices) } : {}),
    snippets,
    summary: {
      ...report.summary,
      filesScanned: Math.max(0, only.size - unread),
      callSites: callSites.length,
      findings: countBySeverity(findings),
      suppressed: keep(report.suppressed).length,
    },
  };
}

/** A URL ending in a value not known here, right after an account or API segment (`…/accounts/51798{path}`). */
const OPEN_ENDED_URL = /[\w/}]\{[A-Za-z_$][\w.$]*\}$/;

/**
 * Results with the importers of modules the scan found something in extracted too (python-importers.ts,
 * javascript-importers.ts), and the CI files that hand their calls' env variables (ci-runners.ts).
 */
async function withImporters(results: FileResult[], discovered: readonly string[], env: ProcessEnv): Promise<FileResult[]> {
  const extracted = new Set(results.filter((r) => r.adapter !== undefined).map((r) => r.rel));
  const modules = results.filter((r) => r.adapter === 'python').map((r) => r.rel);
  const orchestratorModules = results.filter((r) => r.adapter === 'python' && r.role === 'orchestrator').map((r) => r.rel);
  const read = (rel: string): string | undefined => env.ctx.readRepoFile(rel)?.text;
  const jsModules = results
    .filter((r) => r.adapter === 'javascript' && r.callSites.length > 0)
    .map((r) => ({
      rel: r.rel,
      lines: r.callSites.map((c) => c.span.line),
      // A request whose path ends in what its function is given (`${BASE}${path}`): its callers complete it.
      pathGiven: r.callSites.some((c) => OPEN_ENDED_URL.test(c.endpoint?.url ?? c.endpoint?.path ?? '')),
    }));
  const importers = [
    ...pythonImporters(modules, extracted, discovered, read, orchestratorModules),
    ...javascriptImporters(jsModules, extracted, discovered, read, (rel) => env.ctx.fileExists(rel)),
    ...ciRunners(results, extracted, discovered, read),
  ];
  if (!importers.length) return results;
  const byRel = new Map<string, FileResult>();
  for (const rel of importers) {
    const file = env.ctx.readRepoFile(rel);
    if (file) byRel.set(rel, await extractFromSource(file, env, { relevant: true, hasLiteral: false }));
  }
  // A file that reader threads read and dropped has no result yet: its facts are added.
  const out = results.map((r) => {
    const importer = byRel.get(r.rel);
    byRel.delete(r.rel);
    return importer ?? r;
  });
  for (const r of byRel.values()) out.push(r);
  return out;
}

async function extractInProcess(
  jobs: FileJob[],
  extract: (job: FileJob) => Promise<FileResult>,
  opts: ScanOptions,
  caps: ScanCaps,
): Promise<FileResult[]> {
  const out: FileResult[] = [];
  for (const job of jobs) {
    const r = await extract(job);
    caps.admit(r);
    out.push(r);
    opts.onProgress?.(out.length, jobs.length);
  }
  return out;
}

/** A file's call sites by credential identity (the first of each), and its first call site. */
function callSitesByIdentity(sites: readonly ClassifiedCallSite[]): {
  byIdentity: Map<string, ClassifiedCallSite>;
  first?: ClassifiedCallSite;
} {
  const byIdentity = new Map<string, ClassifiedCallSite>();
  for (const c of sites)
    if (c.credential.identity !== undefined && !byIdentity.has(c.credential.identity)) byIdentity.set(c.credential.identity, c);
  return { byIdentity, first: sites[0] };
}

/** git's index, or undefined when git cannot say (the cache then knows files by their metadata alone). */
async function indexViewOf(top: string): Promise<IndexView | undefined> {
  try {
    return await (await import('../vcs/index-view.js')).readIndexView(top);
  } catch (e) {
    rethrowUnless(e, (x) => x instanceof UsageError, isExpectedIoError);
    return undefined;
  }
}

/** A path relative to `cwd` as git's index names it (from the top of the work tree); undefined outside it. */
function pathFromTop(top: string, cwd: string): (rel: string) => string | undefined {
  const below = relative(top, resolve(cwd)).split(sep).join('/');
  if (!below) return (rel) => (rel.startsWith('../') ? undefined : rel);
  return (rel) => {
    const p = posix.normalize(`${below}/${rel}`);
    return p.startsWith('../') || p === '..' ? undefined : p;
  };
}

/** A folder, not a link to one: what the walk descends (a link named on the command line is reported, not walked). */
function isRealFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return false;
  }
}

/**
 * A `config` call site (a connection definition, an env entry) whose secret is also seen at a real
 * call (the DAG that uses the connection, the curl that reads the env var) would report the same
 * problem twice: the call is kept, the definition dropped. Its committed token is still reported.
 */

function dropShadowedConfigSites(callSites: ClassifiedCallSite[]): void {
  const used = new Map<string, Set<string>>();
  for (const c of callSites) {
    if (c.kind === 'config' || !c.credential.identity) continue;
    const files = used.get(c.credential.identity) ?? new Set<string>();
    used.set(c.credential.identity, files.add(c.file));
  }
  // A dbt Cloud CLI config is the CLI's call site, not a value some other call sends: it stays,
  // even written by a script a CI step hands the same secret to.
  // So is a tool's own settings (a Dagster component): the tool calls dbt Cloud with them.
  // A workload's env entry is where its token enters the deployment, as a CI step's hand-off is:
  // only a call in the manifest itself (its container's curl) shadows it.
  const shadowed = (c: ClassifiedCallSite): boolean => {
    if (c.kind !== 'config' || c.workflow === 'cloud-cli' || c.toolSettings || !c.credential.identity) return false;
    const files = used.get(c.credential.identity);
    return !!files && (c.client !== 'kubernetes' || files.has(c.file));
  };
  // Compacted in one pass: splicing one by one would cost the square of a big file's sites.
  let kept = 0;
  for (const c of callSites) if (!shadowed(c)) callSites[kept++] = c;
  callSites.length = kept;
}

function finishEndpoint(raw: RawEndpoint | undefined): {
  endpoint?: Endpoint;
  documented: Documented;
  accountListing: boolean;
  userContext: boolean;
  createsServiceToken?: boolean;
} {
  if (!raw) return { documented: 'unknown', accountListing: false, userContext: false };
  const endpoint: Endpoint = {};
  if (raw.url) endpoint.url = raw.url;
  if (raw.host) endpoint.host = raw.host;
  if (raw.path) endpoint.path = raw.path;
  endpoint.api = apiKindOf(raw.host, raw.path);
  // Only a path that starts at the API root can be checked against the spec; a relative tail
  // (`{BASE}/jobs/`) could be anything.
  const checkable = !!raw.path && /^\/(api\/|api$|v[234]\/|beta\/|graphql)/i.test(raw.path);
  if (!checkable) return { endpoint, documented: 'unknown', accountListing: false, userContext: false };
  const lookup = lookupEndpoint(raw.path!, raw.method);
  return {
    endpoint,
    documented: lookup.documented === true ? 'yes' : lookup.documented === false ? 'no' : 'unknown',
    accountListing: lookup.accountListing,
    // Stated by dbt Labs (the spec, the provider's docs), not guessed from an operation's wording.
    userContext: lookup.userContext && lookup.userContextSource !== 'inferred',
    createsServiceToken: lookup.createsServiceToken,
  };
}

function toPublicCallSite(c: ClassifiedCallSite): ReportCallSite {
  const out: ReportCallSite = {
    file: c.file,
    line: c.span.line,
    column: c.span.column,
    kind: c.kind,
    credential: { type: c.credential.type, source: c.credential.source, evidence: c.credential.evidence },
    workflow: c.workflow,
    production: c.production,
  };
  if (c.span.endLine !== undefined && c.span.endColumn !== undefined) {
    out.endLine = c.span.endLine;
    out.endColumn = c.span.endColumn;
  }
  const at = c.credential.evidenceAt;
  if (at && (at.file !== c.file || at.line !== c.span.line)) out.credential.evidenceAt = { ...at };
  if (c.credential.name) out.credential.name = c.credential.name;
  if (c.credential.redacted) out.credential.redacted = c.credential.redacted;
  if (c.endpoint) out.endpoint = c.endpoint;
  if (c.recommendedTokenType) out.recommendedTokenType = c.recommendedTokenType;
  if (c.client) out.client = c.client;
  return out;
}
