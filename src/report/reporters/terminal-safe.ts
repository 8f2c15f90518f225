// File names, messages and source lines come from the scanned repository. Printed raw to a
// terminal, control characters could move the cursor, recolour, or hide text (ANSI escapes,
// bidirectional overrides as in "Trojan Source"). The text reporter shows them as escapes instead.

// C0 controls except tab, DEL, C1 controls, line/paragraph separators, bidi embeddings,
// overrides and isolates.
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r' };

/** Makes `text` safe to print on one terminal line: unsafe characters become `\n`, `\r`, `\u{1b}`. */
export function printable(text: string): string {
  return text.replace(UNSAFE, (ch) => NAMED[ch] ?? escapeOf(ch));
}

/** Like `printable`, but line breaks stay for a caller that encodes them its own way. */
export function printableKeepingLines(text: string): string {
  return text.replace(UNSAFE, (ch) => (ch === '\n' || ch === '\r' ? ch : escapeOf(ch)));
}

const escapeOf = (ch: string): string => `\\u{${ch.codePointAt(0)!.toString(16)}}`;
