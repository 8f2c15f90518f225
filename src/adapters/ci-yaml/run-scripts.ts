import { scriptPathsRun } from '../shell/script.js';

// Which script files a CI shell body runs (`bash scripts/x.sh`, `python ci/run.py`, `./deploy.sh`).
// The shell adapter owns the detection; CI adapters resolve the paths against the repository
// root. Two placeholders let a body name the roots explicitly: `@root@/` (the checkout root,
// whatever the working directory) and `@action@/` (a composite action's own folder).

export const ROOT_MARK = '@root@';
export const ACTION_MARK = '@action@';

/** Script paths, relative to the step's working directory (or starting with a mark), that `script` runs. Never throws. */
export function scriptsRunBy(script: string): string[] {
  try {
    return scriptPathsRun(script);
  } catch {
    return [];
  }
}
