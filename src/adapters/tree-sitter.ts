import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Language, ParseCallback, Parser, Tree } from 'web-tree-sitter';
import { codeCacheHook } from '../cli/startup/hook.js';
import { loadWebTreeSitter, readWebTreeSitterWasm } from '../packages.js';
import { pastDeadline, TimeBudget } from './extraction-limits.js';
import { useRuntimeExports } from './tree-walk.js';

// web-tree-sitter for the adapters that parse with it (Python, bash, HCL). The runtime and each
// grammar's .wasm load on first use, once per process: loading the registry, or scanning a
// repository without such files, costs nothing. `Parser.init` runs once because every call
// replaces the wasm module that parsers already created depend on.

type TreeSitter = typeof import('web-tree-sitter');

let runtime: Promise<TreeSitter> | undefined;
const grammars = new Map<string, Promise<Language>>();
const parsers = new Map<string, Promise<Parser>>();

/** A cached promise that is forgotten when it fails, so a later file tries again rather than fail forever. */
function once<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) {
    p = load().catch((err: unknown) => {
      cache.delete(key);
      throw err;
    });
    cache.set(key, p);
  }
  return p;
}

/**
 * Starts loading the runtime when it is not loaded yet; its WebAssembly then compiles on V8's
 * background threads while this thread goes on (a short run starts it as soon as a named file
 * needs a grammar: src/cli/startup/warm-parsers.ts). A failure is left to the first parse.
 */
export function startTreeSitterRuntime(): void {
  loadRuntime().catch(() => {});
}

function loadRuntime(): Promise<TreeSitter> {
  runtime ??= (async () => {
    const ts = loadWebTreeSitter();
    // The runtime fills this object with its exports: the tree walk calls some of them directly.
    const compiled = await codeCacheHook()?.treeSitterRuntime?.catch(() => undefined);
    const module: Record<string, unknown> = compiled
      ? { instantiateWasm: instantiateWith(compiled) }
      : { wasmBinary: readWebTreeSitterWasm() };
    await ts.Parser.init(module);
    useRuntimeExports(module, typeof module._ts_init === 'function' ? (module._ts_init as () => unknown)() : undefined);
    return ts;
  })().catch((err: unknown) => {
    runtime = undefined;
    throw err;
  });
  return runtime;
}

/**
 * Emscripten's hook for instantiating the runtime: here from a module the launcher compiled
 * (src/packages.ts). Called back at once; should that instance fail, one from the bytes is tried,
 * and a failure of that rejects the runtime's start (a callback never made would hang it).
 */
const instantiateWith =
  (compiled: WebAssembly.Module) =>
  (imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void): Record<string, never> => {
    let instance: WebAssembly.Instance;
    let module = compiled;
    try {
      instance = new WebAssembly.Instance(compiled, imports);
    } catch {
      module = new WebAssembly.Module(readWebTreeSitterWasm());
      instance = new WebAssembly.Instance(module, imports);
    }
    receive(instance, module);
    return {};
  };

/** A grammar shipped as `wasmFile` in the npm package `packageName` (resolved like an import). */
function loadGrammar(packageName: string, wasmFile: string): Promise<Language> {
  return once(grammars, `${packageName}/${wasmFile}`, async () => {
    const { Language } = await loadRuntime();
    const dir = dirname(createRequire(import.meta.url).resolve(`${packageName}/package.json`));
    // Bytes, not a path: given a path, the runtime imports fs/promises, and with it readline and
    // streams, 10 ms of start-up that a pre-commit run does not need.
    return Language.load(readFileSync(join(dir, wasmFile)));
  });
}

/** One parser per grammar and process, set to that grammar. Parsing is synchronous, so sharing it is safe. */
export function loadParser(packageName: string, wasmFile: string): Promise<Parser> {
  return once(parsers, `${packageName}/${wasmFile}`, async () => {
    const language = await loadGrammar(packageName, wasmFile);
    const { Parser } = await loadRuntime();
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  });
}

/**
 * Parses `input` (the text, or a function returning the text from an offset on), giving up after
 * `budgetMs` (of both wall-clock and CPU time, see TimeBudget) or when the budget of the file being
 * extracted is spent. Tree-sitter is linear; the budgets only guard pathological input.
 * Returns undefined when cancelled; throws what the parser throws. The caller owns the tree and
 * must `delete()` it.
 */
export function parseWithin(parser: Parser, input: string | ParseCallback, budgetMs: number): Tree | undefined {
  const own = new TimeBudget(budgetMs);
  // The callback's declared type returns void, but a `true` return cancels the parse. The budget
  // of the file being extracted (extraction-limits.ts) ends it too.
  const progressCallback = ((): boolean => pastDeadline() || own.spent()) as unknown as () => void;
  let tree: Tree | null;
  try {
    tree = parser.parse(input, null, { progressCallback });
  } catch (err) {
    parser.reset();
    throw err;
  }
  if (!tree) {
    // A cancelled parse would otherwise resume on the next call.
    parser.reset();
    return undefined;
  }
  return tree;
}
