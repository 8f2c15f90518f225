import type { LanguageAdapter } from './adapter.js';
import type { CommentStyle } from '../credentials/comments.js';

/** A parser an adapter parses with, started early on a short run (src/cli/startup/warm-parsers.ts). */
export type ParserName = 'babel' | 'python' | 'bash' | 'hcl';

/**
 * What the registry and the pre-filter know of an adapter without loading it. Each adapter's
 * folder exports one (`<id>/descriptor.ts`); it must stay cheap, since every scan imports all of
 * them: the adapter module, with its parser, is imported by `load` when a file needs it.
 */
export interface AdapterDescriptor {
  id: string;
  /** Whether the adapter reads this file: by its path, and for generic formats a cheap look at the text. */
  matches(path: string, text: string): boolean;
  /** What the pre-filter must let through for this adapter's files, beyond the keywords every adapter shares. */
  keywords: readonly Keyword[];
  load(): Promise<LanguageAdapter>;
  /**
   * Whether some file at this path could match, whatever it holds; for an adapter whose `matches`
   * looks at the text (it defaults to `matches(path, '')`). A file no adapter may read is only
   * searched for token literals: the pre-filter's keyword stage is not run on it.
   */
  mayRead?(path: string): boolean;
  /**
   * What every fact the adapter can take from a file needs in its text: without it the adapter
   * yields nothing, and the pre-filter does not hand it the file. Also tested on a UTF-8 file's
   * bytes read as Latin-1 (`asBytes`), so it must answer true there whenever it would on the text.
   */
  needs?(text: string, path: string): boolean;
  /**
   * How comments are written in its files, for credentials' descriptions; none for JSON and other
   * formats without comments. By path for an adapter reading several languages.
   */
  commentStyle?: CommentStyle | ((path: string) => CommentStyle | undefined);
  /** The parsers it parses with: a short run (a few named files) starts them at the outset. */
  parsers?: readonly ParserName[];
  /**
   * What its files are: a program's code (a constant there is the program's own, not a value the
   * environment supplies: src/scan/link-names.ts), or a CI configuration (the scripts its steps
   * run are CI scripts, also when its YAML does not parse: src/adapters/yaml-fallback.ts).
   */
  reads?: 'program' | 'ci-config';
  /**
   * The match is a hint only: a file in which the adapter finds no call site goes to the next
   * adapter that matches it, as if this one had not claimed it.
   */
  hint?: true;
}

/**
 * A keyword of the pre-filter's stage two (src/prefilter/keywords.ts) that an adapter needs and
 * the shared ones (hosts, token prefixes, dbt Cloud's names, credential names, the API path) do
 * not cover. One home each: an adapter that needs another's keyword refers to it.
 */
interface Keyword {
  /**
   * Matched case-insensitively (its flags are not used). ASCII, with no `.`: the pre-filter also
   * tests a UTF-8 file's bytes read as Latin-1, where only ASCII reads the same.
   */
  pattern: RegExp;
  /** Text the keyword is there to let through (test/prefilter-keywords.test.ts checks that it does). */
  example: string;
}

/** The file name of a `/` path. */
export const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** The extension of a `/` path, lower-cased; '' when there is none (a leading dot does not make one). */
export const ext = (p: string): string => {
  const b = base(p);
  const i = b.lastIndexOf('.');
  return i > 0 ? b.slice(i + 1).toLowerCase() : '';
};

export const isYaml = (p: string): boolean => /\.ya?ml$/i.test(p);
