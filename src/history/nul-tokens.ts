/**
 * Splits a stream of NUL-terminated fields (git's `-z` output) as it arrives: whole fields go to
 * `onField`, a field cut by a chunk boundary waits for the rest. Bytes, not text: a path is
 * decoded by whoever knows it is one.
 */
export class NulFields {
  private rest: Buffer = Buffer.alloc(0);

  constructor(private readonly onField: (field: Buffer) => void) {}

  push(chunk: Buffer): void {
    const data = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    let from = 0;
    for (let nul = data.indexOf(0, from); nul >= 0; nul = data.indexOf(0, from)) {
      this.onField(data.subarray(from, nul));
      from = nul + 1;
    }
    // A copy: a view would keep the whole chunk alive.
    this.rest = Buffer.from(data.subarray(from));
  }
}

/** The same for newline-terminated lines (rev-list's output), decoded as UTF-8. */
export class Lines {
  private rest = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    const text = this.rest + chunk.toString('utf8');
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    for (const l of lines) this.onLine(l);
  }

  end(): void {
    if (this.rest) this.onLine(this.rest);
    this.rest = '';
  }
}
