import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import type { CodeCacheHook } from '../../src/cli/startup/hook.js';

// The launcher of a short run compiles the tree-sitter runtime before the program loads, and hands
// the compile over on its hook (src/cli/launcher.ts). Whatever that compile gives, Python parses.

const require = createRequire(import.meta.url);
const wasm = (specifier: string): Buffer => readFileSync(require.resolve(specifier));

let hook: CodeCacheHook | undefined;
vi.mock('../../src/cli/startup/hook.js', () => ({ codeCacheHook: () => hook, installCodeCacheHook: () => {} }));
// How often the runtime was started from its bytes rather than from the launcher's module.
const fromBytes = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/packages.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/packages.js')>();
  return {
    ...actual,
    readWebTreeSitterWasm: () => {
      fromBytes.count++;
      return actual.readWebTreeSitterWasm();
    },
  };
});

/** The root node's type of a small module, parsed by a runtime started afresh under `hook`. */
async function parsedUnder(treeSitterRuntime: Promise<WebAssembly.Module>): Promise<string> {
  // A fresh copy of web-tree-sitter each time: it keeps its runtime once started.
  const fresh = (file: string): unknown => {
    delete require.cache[file];
    return require(file) as unknown;
  };
  hook = { require: fresh, keep: () => {}, treeSitterRuntime };
  fromBytes.count = 0;
  vi.resetModules();
  const { loadPythonParser } = await import('../../src/adapters/python/parser.js');
  const tree = (await loadPythonParser()).parse('import requests\nrequests.get(URL)\n');
  try {
    return `${tree?.rootNode.type} ${tree?.rootNode.namedChildCount}`;
  } finally {
    tree?.delete();
  }
}

describe('the tree-sitter runtime compiled at start-up', () => {
  it('starts from the module the launcher compiled', async () => {
    expect(await parsedUnder(WebAssembly.compile(wasm('web-tree-sitter/tree-sitter.wasm')))).toBe('module 2');
    expect(fromBytes.count).toBe(0);
  });

  it('starts from the bytes when that compile failed', async () => {
    expect(await parsedUnder(Promise.reject(new Error('out of memory')))).toBe('module 2');
    expect(fromBytes.count).toBe(1);
  });

  it('starts from the bytes when the module given cannot be instantiated as the runtime', async () => {
    // A grammar's module lacks what the runtime's imports and exports need.
    expect(await parsedUnder(WebAssembly.compile(wasm('tree-sitter-python/tree-sitter-python.wasm')))).toBe('module 2');
    expect(fromBytes.count).toBe(1);
  });
});
