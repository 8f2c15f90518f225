// Which script files a CI shell body runs (`bash scripts/x.sh`, `python ci/run.py`, `./deploy.sh`).
// The shell adapter owns the detection (`scriptPathsRun` in ../shell/script-paths.ts); this wrapper
// only keeps a CI adapter alive if that module fails on odd input.

type ScriptPathsRun = (script: string) => string[];
let detector: Promise<ScriptPathsRun> | undefined;

// TEMPORARY: the shell helper's module had not landed when this was written. The specifier is
// held in a variable so the type check passes without it; replace with a static import
// `import { scriptPathsRun } from '../shell/script-paths.js'` once it exists.
const SHELL_SCRIPT_PATHS = '../shell/script-paths.js';

async function loadDetector(): Promise<ScriptPathsRun> {
  try {
    const m = (await import(SHELL_SCRIPT_PATHS)) as { scriptPathsRun?: ScriptPathsRun };
    if (typeof m.scriptPathsRun === 'function') return m.scriptPathsRun;
  } catch {
    // fall through to the minimal detector
  }
  return minimalScriptPaths;
}

const INTERPRETER = /^(?:sudo\s+)?(?:bash|sh|zsh|ksh|dash|source|\.|python[0-9.]*|node|ruby|perl|pwsh|uv\s+run|poetry\s+run\s+python|pipenv\s+run\s+python)\s+(?:-[A-Za-z]+\s+)*(\S+)/;

/** Fallback: the first word of a command when it is a relative script path, or an interpreter's argument. */
function minimalScriptPaths(script: string): string[] {
  const out: string[] = [];
  for (const rawLine of script.split('\n')) {
    if (rawLine.length > 2000) continue;
    for (const part of rawLine.split(/&&|\|\||;|\|/)) {
      const cmd = part.trim().replace(/^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*/, '');
      if (cmd.startsWith('#')) break;
      const m = INTERPRETER.exec(cmd);
      const word = m ? m[1] : /^(\.{0,2}\/[^\s;|&]+)/.exec(cmd)?.[1];
      if (!word) continue;
      const p = word.replace(/^["']|["']$/g, '');
      if (/\.(sh|bash|zsh|py|js|mjs|ts|rb|pl|ps1)$/i.test(p) || (!m && p.startsWith('./'))) out.push(p);
    }
  }
  return out;
}

/** Script paths, as written, that `script` runs. Never throws. */
export async function scriptsRunBy(script: string): Promise<string[]> {
  detector ??= loadDetector();
  try {
    return (await detector)(script);
  } catch {
    return [];
  }
}
