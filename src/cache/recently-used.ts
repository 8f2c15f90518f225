// An in-memory cache that keeps the most recently used entries up to a total size (characters of
// source, not entries): what a scan reads or parses more than once is kept while it is in use, and
// memory stays flat however big the tree.

export class RecentlyUsed<K, V> {
  private readonly entries = new Map<K, V>();
  private total = 0;

  constructor(
    private readonly maxSize: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // A Map iterates in insertion order: moved to the end, the entry is the newest.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Keeps `value` (an entry bigger than a quarter of the cap is not kept: it would push out many). */
  set(key: K, value: V): void {
    const size = this.sizeOf(value);
    if (size > this.maxSize / 4) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.total -= this.sizeOf(old);
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.total += size;
    for (const [oldest, v] of this.entries) {
      if (this.total <= this.maxSize) break;
      this.entries.delete(oldest);
      this.total -= this.sizeOf(v);
    }
  }
}
