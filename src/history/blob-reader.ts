import { gitSpawn } from '../vcs/git.js';
import { childDone } from './child-done.js';

// One `git cat-file --batch` for the whole run: object ids go in as they are found, contents come
// out as `<id> blob <size>\n<bytes>\n`. cat-file applies no filter and no textconv to a blob id.
// Every id written must be present (checked without fetching beforehand): an absent one would be
// fetched by a git older than 2.39.4.

export type BlobContent = { oid: string; bytes: Buffer } | { oid: string; size: number };

export class BlobReader {
  private readonly child;
  private readonly done: Promise<void>;
  private header: { oid: string; size: number } | undefined;
  private parts: Buffer[] = [];
  private got = 0;
  private buffered = Buffer.alloc(0);
  private requested = 0;
  private answered = 0;
  private waiting: (() => void)[] = [];
  private batch: string[] = [];

  /** `onBlob` gets each blob's bytes (to use before it returns), or only its size when it is over `maxBytes`. */
  constructor(
    top: string,
    private readonly maxBytes: number,
    private readonly onBlob: (blob: BlobContent) => void,
  ) {
    this.child = gitSpawn(top, ['cat-file', '--batch']);
    this.done = childDone(this.child, 'git cat-file');
    // Awaited by `end`; after `kill` (the run failed elsewhere) its failure is no news.
    this.done.catch(() => {});
    this.child.stdout.on('data', (c: Buffer) => this.take(c));
  }

  read(oid: string): void {
    this.requested++;
    // Ids go out in batches: one write per id would be a system call each.
    this.batch.push(oid);
    if (this.batch.length >= 256) this.flush();
    else if (this.batch.length === 1) setImmediate(() => this.flush());
  }

  private flush(): void {
    if (!this.batch.length) return;
    this.child.stdin.write(`${this.batch.join('\n')}\n`);
    this.batch = [];
  }

  /** Stops reading stdout until `resume` (the consumer is behind). */
  pause(): void {
    this.child.stdout.pause();
  }

  resume(): void {
    this.child.stdout.resume();
  }

  /** Resolves once every blob asked for so far has been handed over (cat-file stays open). */
  drain(): Promise<void> {
    this.flush();
    if (this.answered === this.requested) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiting.push(resolve);
      // A git that dies meanwhile answers nothing more.
      this.done.then(() => reject(new Error('git cat-file ended before answering')), reject);
    });
  }

  /** No more ids; resolves once every blob asked for has been handed over. */
  async end(): Promise<void> {
    this.flush();
    this.child.stdin.end();
    await this.done;
    if (this.answered !== this.requested) throw new Error(`git cat-file answered ${this.answered} of ${this.requested} objects`);
  }

  /** Stops git at once (the run failed elsewhere). */
  kill(): void {
    this.child.kill();
  }

  private answer(): void {
    this.answered++;
    if (this.answered === this.requested) for (const w of this.waiting.splice(0)) w();
  }

  private take(chunk: Buffer): void {
    let data = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    this.buffered = Buffer.alloc(0);
    while (data.length) {
      if (!this.header) {
        const nl = data.indexOf(0x0a);
        if (nl < 0) {
          this.buffered = Buffer.from(data);
          return;
        }
        const line = data.toString('latin1', 0, nl);
        data = data.subarray(nl + 1);
        const m = /^(\S+) (\S+) (\d+)$/.exec(line);
        if (!m) {
          // `<id> missing`: never asked for (ids are checked first), but not a reason to stall.
          this.answer();
          continue;
        }
        this.header = { oid: m[1]!, size: Number(m[3]) };
        this.parts = [];
        this.got = 0;
      }
      const h = this.header;
      // The content and its trailing newline.
      const want = h.size + 1 - this.got;
      const piece = data.subarray(0, want);
      data = data.subarray(piece.length);
      if (h.size <= this.maxBytes) this.parts.push(piece);
      this.got += piece.length;
      if (this.got < h.size + 1) continue;
      this.header = undefined;
      if (h.size > this.maxBytes) this.onBlob({ oid: h.oid, size: h.size });
      else {
        const all = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
        // A view, valid during the call only: the consumer pre-filters it at once and keeps the
        // decoded text of the few candidates, never these bytes.
        this.onBlob({ oid: h.oid, bytes: all.subarray(0, h.size) });
      }
      this.parts = [];
      this.answer();
    }
  }
}
