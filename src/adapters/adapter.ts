import type { ScanMemo } from './scan-memo.js';
import type { SourceFile } from '../discover/source-file.js';
import type { FileFacts } from '../model/raw-facts.js';

/** What an adapter may ask of the scan while it extracts facts from one file. */
export interface AdapterContext {
  /**
   * Another file of the repository, by path relative to the current folder (with `/`), for
   * following imports. Undefined when it is missing, not a regular file, outside the scanned
   * tree, binary or too big. Results are cached, so asking twice reads once.
   */
  readRepoFile(path: string): SourceFile | undefined;
  /** Paths (relative, `/`) of every file the scan discovered, for resolving imports by existence. */
  fileExists(path: string): boolean;
  /** Answers about other files kept for the rest of the scan (scan-memo.ts); absent when every read must go through this context. */
  readonly memo?: ScanMemo;
}

/**
 * One adapter per language or format. It turns a file into facts and nothing else: it never
 * decides severities or writes findings. Its parser is imported lazily inside `extract`.
 */
export interface LanguageAdapter {
  id: string;
  extract(file: SourceFile, ctx: AdapterContext): Promise<FileFacts>;
}
