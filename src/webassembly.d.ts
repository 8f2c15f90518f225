// The little of WebAssembly the scanner uses (the keyword search, the tree-sitter runtime's
// start-up): @types/node for Node 20 leaves the global to TypeScript's DOM library, which a CLI
// does not load. Declared as that library declares it.

declare namespace WebAssembly {
  type Imports = Record<string, Record<string, unknown>>;
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  function compile(bytes: Uint8Array): Promise<Module>;
}
