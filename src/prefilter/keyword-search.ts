import { rethrowUnless } from '../errors.js';
import type { ReadBuffer } from '../discover/read-source.js';
import { KEYWORD_SEARCH_WASM } from './keyword-search-wasm.js';

// Stage one of the pre-filter, on raw bytes: can this file mention dbt, or a dbt Cloud API path
// (helpers that build `https://{host}/api/v2/accounts/...` may never say dbt)? Every file of a scan
// goes through it, so it is a SIMD search in WebAssembly (keyword-search.wat) over the very memory
// the file was read into: one pass at memory speed, no copy.

const ACCOUNTS = Buffer.from('/accounts', 'latin1');
/** Zero bytes after the data: the search reads whole 16-byte blocks, up to 18 bytes past its end. */
const PAD = 32;
const PAGE = 65536;

/** A thread's read buffer and its keyword search, one object: files are searched where they land. */
export interface KeywordSearch extends ReadBuffer {
  /** "dbt" in any letter case, or "/accounts". */
  mentionsDbt(bytes: Buffer): boolean;
}

class WasmKeywordSearch implements KeywordSearch {
  private readonly memory: WebAssembly.Memory;
  private readonly find: (start: number, end: number) => number;
  /** All of `memory`; made again whenever the memory grows (growing detaches the old view). */
  private view: Buffer;

  constructor(module: WebAssembly.Module) {
    const exports = new WebAssembly.Instance(module).exports as unknown as {
      memory: WebAssembly.Memory;
      find(start: number, end: number): number;
    };
    this.memory = exports.memory;
    this.find = exports.find;
    this.grow(256 * 1024);
    this.view = Buffer.from(this.memory.buffer);
  }

  take(size: number): Buffer {
    // Growing keeps the memory's bytes where they are, so `keep` needs nothing done.
    if (size + PAD > this.view.length) {
      this.grow(Math.max(size + PAD, this.view.length * 2));
      this.view = Buffer.from(this.memory.buffer);
    }
    return this.view.subarray(0, this.view.length - PAD);
  }

  mentionsDbt(bytes: Buffer): boolean {
    // Bytes read elsewhere (a file of the in-process path, a test) are copied in first.
    if (bytes.buffer !== this.memory.buffer || bytes.byteOffset !== 0) this.take(bytes.length).set(bytes);
    const end = bytes.length;
    this.view.fill(0, end, end + PAD);
    for (let from = 0; from < end;) {
      const at = this.find(from, end);
      if (at < 0 || at >= end) return false;
      // Hits are "dbt" in any case, or "/acc", which must turn out to be "/accounts".
      if (this.view[at] !== 0x2f || this.view.subarray(at, at + ACCOUNTS.length).equals(ACCOUNTS)) return true;
      from = at + 1;
    }
    return false;
  }

  private grow(bytes: number): void {
    const pages = Math.ceil(bytes / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (pages > 0) this.memory.grow(pages);
  }
}

/** The same answers with Buffer.indexOf, where WebAssembly is not available (node --jitless). */
class PlainKeywordSearch implements KeywordSearch {
  private buf = Buffer.allocUnsafe(256 * 1024);

  take(size: number, keep = 0): Buffer {
    if (size > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(size, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, keep);
      this.buf = grown;
    }
    return this.buf;
  }

  mentionsDbt(bytes: Buffer): boolean {
    return /dbt/i.test(bytes.toString('latin1')) || bytes.includes(ACCOUNTS);
  }
}

let compiled: WebAssembly.Module | null | undefined;

/** A search for this thread. */
export function createKeywordSearch(): KeywordSearch {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(KEYWORD_SEARCH_WASM, 'base64'));
    } catch (e) {
      // A Node without WebAssembly (--jitless: no such global) or refusing the module: the plain search.
      rethrowUnless(e, (x) => x instanceof ReferenceError || (x instanceof Error && x.name === 'CompileError'));
      compiled = null;
    }
  }
  return compiled ? new WasmKeywordSearch(compiled) : new PlainKeywordSearch();
}

/** For tests: the fallback, whatever this process supports. */
export const createPlainKeywordSearch = (): KeywordSearch => new PlainKeywordSearch();
