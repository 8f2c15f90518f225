import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Parser as TsParser, Tree } from 'web-tree-sitter';

// The bash grammar is loaded on first use only, once per process: most scans never see a shell
// script, and loading the wasm costs tens of milliseconds.

let parserPromise: Promise<TsParser> | undefined;

async function loadParser(): Promise<TsParser> {
  const { Parser, Language } = await import('web-tree-sitter');
  await Parser.init();
  const require = createRequire(import.meta.url);
  const wasm = join(dirname(require.resolve('tree-sitter-bash/package.json')), 'tree-sitter-bash.wasm');
  const language = await Language.load(wasm);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

function bashParser(): Promise<TsParser> {
  parserPromise ??= loadParser().catch((err: unknown) => {
    parserPromise = undefined; // let a later file try again rather than fail forever
    throw err;
  });
  return parserPromise;
}

/** Parse time limit per script; tree-sitter is linear, so this only trips on pathological input. */
const PARSE_BUDGET_MS = 10_000;

/**
 * Parses bash source. Returns undefined when parsing was cancelled by the time budget. The caller
 * owns the tree and must `delete()` it. Throws when the grammar cannot be loaded.
 */
export async function parseBash(text: string): Promise<Tree | undefined> {
  const parser = await bashParser();
  const deadline = Date.now() + PARSE_BUDGET_MS;
  // The callback's declared type returns void, but a `true` return cancels the parse.
  const progressCallback = ((): boolean => Date.now() > deadline) as unknown as () => void;
  const tree = parser.parse(text, null, { progressCallback });
  parser.reset();
  return tree ?? undefined;
}
