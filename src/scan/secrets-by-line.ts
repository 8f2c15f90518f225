// The secret values a line of source holds, out of all those a file's facts hold, so that making
// a snippet does not look for every secret of the file in every line shown: a generated file with
// thousands of tokens and thousands of call sites would cost their product.

/** Up to this many secrets, every line is simply given all of them. */
const FEW = 128;
/** Secrets are at least this long (shorter values are never redacted by value). */
const KEY = 8;

const BASE = 31;
/** BASE to the power KEY - 1, to take the leaving character out of a rolling hash. */
const TOP = Array.from({ length: KEY - 1 }).reduce<number>((p) => Math.imul(p, BASE), 1);

/** The hash of `text`'s KEY characters from `at`: the same number as the rolling hash gives there. */
function hashAt(text: string, at: number): number {
  let h = 0;
  for (let i = at; i < at + KEY; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  return h;
}

interface Entry {
  secret: string;
  /** Where in the secret its indexed window starts. */
  at: number;
}

export class SecretsByLine {
  private readonly all: readonly string[];
  /** Secrets by the hash of one KEY-character window of each. */
  private readonly byWindow = new Map<number, Entry[]>();

  constructor(secrets: Iterable<string>) {
    this.all = [...secrets].filter((s) => s.length >= KEY);
    if (this.all.length <= FEW) return;
    for (const secret of this.all) {
      // Tokens share their prefix (`dbtc_`), generated ones may share more: each secret is filed
      // under whichever of its first, middle and last windows has the fewest secrets so far.
      let best: { at: number; h: number; n: number } | undefined;
      for (const at of [secret.length - KEY, 0, (secret.length - KEY) >> 1]) {
        const h = hashAt(secret, at);
        const n = this.byWindow.get(h)?.length ?? 0;
        if (!best || n < best.n) best = { at, h, n };
      }
      const list = this.byWindow.get(best!.h);
      if (list) list.push({ secret, at: best!.at });
      else this.byWindow.set(best!.h, [{ secret, at: best!.at }]);
    }
  }

  /** The secrets written in `line` (all of them when there are few). */
  within(line: string): readonly string[] {
    if (this.all.length <= FEW) return this.all;
    if (line.length < KEY) return [];
    const out = new Set<string>();
    // A rolling hash: one multiply per character, no substring made.
    let h = hashAt(line, 0);
    for (let i = 0; ; i++) {
      const entries = this.byWindow.get(h);
      if (entries) for (const e of entries) if (i >= e.at && line.startsWith(e.secret, i - e.at)) out.add(e.secret);
      if (i + KEY >= line.length) break;
      h = (Math.imul(h - Math.imul(line.charCodeAt(i), TOP), BASE) + line.charCodeAt(i + KEY)) | 0;
    }
    return [...out];
  }
}
