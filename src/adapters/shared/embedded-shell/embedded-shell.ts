import { emptyFacts, type FileFacts } from '../../../model/raw-facts.js';
import { unanalysedScript } from './shell-facts.js';
import { extractShellScript, type ScriptOrigin } from '../../shell/script.js';
import type { EnvBinding } from '../values/binding.js';

// Shell bodies of non-YAML files (Jenkins `sh` steps, Dockerfile RUN/CMD): the script keeps the
// file's own line structure, so the origin alone maps its positions back to the file.

/** Bigger shell bodies are not analysed (no real step is this long). */
const MAX_SCRIPT_CHARS = 2_000_000;

/** The shell facts of a script embedded at `origin`. Never throws. */
export async function shellFactsAt(script: string, origin: ScriptOrigin, env: ReadonlyMap<string, EnvBinding>): Promise<FileFacts> {
  if (script.trim() === '') return emptyFacts();
  if (script.length > MAX_SCRIPT_CHARS) {
    const facts = emptyFacts();
    facts.problems.push(`embedded shell script at line ${origin.line} too large to analyse`);
    return facts;
  }
  try {
    return await extractShellScript(script, origin, env);
  } catch (err) {
    return unanalysedScript(err);
  }
}
