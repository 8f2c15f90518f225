import type { Span } from '../../../model/raw-facts.js';

// File positions handed to the shell extractor inside env bindings: spans that are already the
// file's own, marked so that moving an embedded script's spans to the file leaves them alone (a
// symbol key survives `{...span}` copies). Imports nothing of the shell reader, which uses it.

const FILE_SPAN = Symbol('file-span');
type MarkedSpan = Span & { [FILE_SPAN]?: true };

/** Marks a file position handed to the shell extractor inside an env binding. */
export function fileSpan(span: Span): Span {
  return Object.assign({ ...span }, { [FILE_SPAN]: true as const });
}

/** Whether a span is a file position handed in with an env binding (`fileSpan`), not a position in the script. */
export const isFileSpan = (span: Span): boolean => (span as MarkedSpan)[FILE_SPAN] === true;
