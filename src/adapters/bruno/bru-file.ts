import type { Span } from '../../model/raw-facts.js';
import type { LineIndex } from '../../facts/location.js';

// Bruno's file format (Bru): top-level blocks, `name {` … `}` holding `key: value` lines (a key
// written `~key` is disabled), `name [` … `]` holding names, and text blocks (`body:json {`) whose
// lines are the body. A block ends at a `}` or `]` at the start of a line.

export interface BruEntry {
  key: string;
  value: string;
  /** Where the value starts. */
  span: Span;
}

export interface BruBlock {
  name: string;
  /** Where the block's name is written. */
  span: Span;
  entries: BruEntry[];
}

const BLOCK_START = /^([A-Za-z][\w:-]*)[ \t]*([{[])[ \t]*$/;
/** A dictionary entry: `  key: value`, the key without blanks or colons. */
const ENTRY = /^[ \t]+(~?)([^\s:][^:]*):(.*)$/;
/** List and text blocks, and blocks above this many lines, are not read entry by entry. */
const MAX_BLOCK_ENTRIES = 5000;

/** The blocks of a Bru file, in order (a text block's lines are not entries). */
export function bruBlocks(text: string, lines: LineIndex): BruBlock[] {
  const blocks: BruBlock[] = [];
  let current: BruBlock | undefined;
  let closer = '';
  let entries = true;
  let offset = 0;
  for (const raw of text.split('\n')) {
    const at = offset;
    offset += raw.length + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (current) {
      if (line.trimEnd() === closer) current = undefined;
      else if (entries && current.entries.length < MAX_BLOCK_ENTRIES) {
        const m = ENTRY.exec(line);
        if (m && m[1] === '') {
          const value = m[3]!.trim();
          current.entries.push({ key: m[2]!.trim(), value, span: lines.at(at + line.length - m[3]!.length + m[3]!.indexOf(value)) });
        }
      }
      continue;
    }
    const start = BLOCK_START.exec(line);
    if (!start) continue;
    current = { name: start[1]!, span: lines.at(at), entries: [] };
    closer = start[2] === '{' ? '}' : ']';
    // Text blocks (a body, docs, a script, tests) hold no entries.
    entries = start[2] === '{' && !/^(?:body|docs|script|tests)\b/.test(start[1]!);
    blocks.push(current);
  }
  return blocks;
}

/** The value of `key` in the first block named `name`. */
export function entryOf(blocks: readonly BruBlock[], name: string, key: string): BruEntry | undefined {
  return blocks.find((b) => b.name === name)?.entries.find((e) => e.key === key);
}
