// What adapters learn about other files of the repository while extracting one file, kept for the
// files after it in the same scan: the tree does not change while a scan runs. Each adapter keeps
// its own entries under a name it owns. Only a context that need not see every read offers one:
// a --cache run records, for each file, every other file its extraction reads
// (src/cache/dependency-recorder.ts), and an answer taken from here would hide those reads.

export class ScanMemo {
  private readonly slots = new Map<string, unknown>();

  /** The entry named `owner`, made by `make` on first use. */
  slot<T>(owner: string, make: () => T): T {
    if (!this.slots.has(owner)) this.slots.set(owner, make());
    return this.slots.get(owner) as T;
  }
}
