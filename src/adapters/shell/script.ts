import type { FileFacts, RawCredential, Span } from '../../facts/types.js';
import { emptyFacts } from '../../facts/types.js';

/** What a variable holds in the surrounding file: a credential reference, or a plain value. */
export type EnvBinding = { credential: RawCredential } | { value: string; span?: Span };

/** Where an embedded script sits in its file, so facts get the file's own line and column numbers. */
export interface ScriptOrigin {
  /** 1-based line of the script's first line in the file. */
  line: number;
  /** 1-based column of the script's first character on its first line. */
  column: number;
  /**
   * For YAML block scalars: how many columns of indentation were removed from every line after
   * the first, so column n of script line k > 1 is column n + indent of file line `line + k - 1`.
   */
  indent?: number;
}

/**
 * Facts of a shell script embedded in another file (a CI `run:` body, a Jenkins `sh` step,
 * a Dockerfile `RUN`). Placeholder until the shell adapter lands.
 */
export async function extractShellScript(_script: string, _origin: ScriptOrigin, _env: ReadonlyMap<string, EnvBinding>): Promise<FileFacts> {
  return emptyFacts();
}
