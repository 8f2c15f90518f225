import { dbtLoomConfigsRun } from '../dbt-loom.js';
import { posix } from 'node:path';
import type { AdapterContext } from '../../adapter.js';
import type { FileFacts } from '../../../model/raw-facts.js';
import type { EnvBinding } from '../values/binding.js';
import { addScriptEnv, isTerraformRootKey, terraformRootKey } from './script-env.js';
import { isTerraformRun, terraformRunFolder } from './run-scripts.js';
import { joinRelative } from './script-location.js';
import { folderOf } from '../../repo-path.js';
import { scriptPathsRun } from '../../shell/scripts-run.js';
import { makefilesOf, RUNNER_WORD, taskScriptPaths } from '../../../scan/task-runners.js';

// A CI step rarely runs the script that calls dbt Cloud itself: `make trigger-dbt`, `npm run
// sync`, or a wrapper (`./bin/run_ci_job.sh`) that runs `python tools/trigger.py`. The step's
// environment reaches that script all the same. These are the scripts one level behind the step's
// command: the tasks' recipes (task-runners.ts) and what a shell wrapper it runs runs.

const SHELL_SCRIPT = /\.(?:sh|bash)$/i;
const TASKFILE = /(?:^|\/)(?:Taskfile|taskfile)(?:\.dist)?\.ya?ml$/;
const MAX_WRAPPER_CHARS = 200_000;

const exists = (ctx: AdapterContext, dir: string, rel: string): string | undefined => {
  const p = posix.normalize(dir ? `${dir}/${rel}` : rel);
  return !p.startsWith('../') && p !== '..' && ctx.fileExists(p) ? p : undefined;
};

/** Scripts the step's `command` runs through a task runner, run from `root` (the repository root). */
function taskScripts(command: string, root: string, ctx: AdapterContext): string[] {
  if (!RUNNER_WORD.test(command)) return [];
  const files = { read: (p: string) => ctx.readRepoFile(p)?.text };
  const out: string[] = [];
  for (const t of taskScriptPaths(command, root, files, true)) {
    // `terraform -chdir=infra/dbt-cloud/prod apply` in a recipe: the provider there reads the step's environment.
    const folder = isTerraformRun(t.path) ? joinRelative(t.dir, terraformRunFolder(t.path)) : undefined;
    const p = folder !== undefined ? terraformRootKey(folder) : (exists(ctx, t.dir, t.path) ?? exists(ctx, root, t.path));
    if (p && !out.includes(p)) out.push(p);
  }
  return out;
}

/** Scripts a shell wrapper the step runs runs in turn, relative to its folder or the root. */
function wrappedScripts(wrapper: string, root: string, ctx: AdapterContext): string[] {
  if (!SHELL_SCRIPT.test(wrapper)) return [];
  const text = ctx.readRepoFile(wrapper)?.text;
  if (text === undefined || text.length > MAX_WRAPPER_CHARS) return [];
  const out: string[] = [];
  for (const rel of scriptPathsRun(text)) {
    const p = exists(ctx, folderOf(wrapper), rel) ?? exists(ctx, root, rel);
    if (p && p !== wrapper && !out.includes(p)) out.push(p);
  }
  return out;
}

/**
 * A CI step ran `scripts` (repository paths) with `env`: each is run by the CI, and each, and what
 * a wrapper among them runs in turn, reads that environment.
 */
export function handToRunScripts(
  facts: FileFacts,
  scripts: readonly string[],
  env: ReadonlyMap<string, EnvBinding> | undefined,
  root: string,
  ctx: AdapterContext,
): void {
  for (const p of scripts) {
    // A Terraform root is a folder whose provider reads the environment, not a script run.
    if (isTerraformRootKey(p)) {
      if (env) addScriptEnv(facts, p, env);
      continue;
    }
    if (!facts.runsScripts.includes(p)) facts.runsScripts.push(p);
    if (!env) continue;
    addScriptEnv(facts, p, env);
    for (const w of wrappedScripts(p, root, ctx)) addScriptEnv(facts, w, env);
  }
}

/** The scripts behind the task runners a step's `command` runs (from `dir`), and the Makefiles whose recipes it runs, read its `env` too. */
export function handToTasks(
  facts: FileFacts,
  command: string,
  env: ReadonlyMap<string, EnvBinding>,
  dir: string,
  ctx: AdapterContext,
): void {
  for (const p of taskScripts(command, dir, ctx)) {
    // Run by the CI from the step's own folder (`working-directory: apps/ops` then `pnpm run sync`), which only the adapter knows.
    if (!isTerraformRootKey(p) && !facts.runsScripts.includes(p)) facts.runsScripts.push(p);
    addScriptEnv(facts, p, env);
  }
  // `dbt build` loads the project's dbt-loom config, which reads `DBT_CLOUD_API_TOKEN` from the step's environment.
  for (const p of dbtLoomConfigsRun(command, dir, ctx)) {
    if (!facts.runsScripts.includes(p)) facts.runsScripts.push(p);
    addScriptEnv(facts, p, env);
  }
  const files = { read: (p: string) => ctx.readRepoFile(p)?.text };
  for (const m of makefilesOf(command, dir, files)) {
    // Only what every recipe reading it runs here: a target run by hand (`make rerun-failed`) reads the caller's own.
    const lines = m.text.split('\n');
    const handed = new Map(
      [...env].filter(([name]) => {
        const n = name.replace(/[^\w]/g, '\\$&');
        // A Makefile reads `$(X)`, `${X}` or the shell's `$$X`; a Taskfile's commands are shell: `$X`, `${X}`.
        const reads = TASKFILE.test(m.path) ? new RegExp(`\\$\\{?${n}\\b`) : new RegExp(`\\$\\$?[({]${n}[)}]|\\$\\$${n}\\b`);
        const at = lines.flatMap((line, i) => (reads.test(line) ? [i + 1] : []));
        return at.length > 0 && at.every((l) => m.ran.has(l));
      }),
    );
    if (handed.size) addScriptEnv(facts, m.path, handed);
  }
}
