// A Prefect block built only to be stored (`creds = DbtCloudCredentials(...)`, `creds.save("name")`,
// or a project's helper that saves it: `save_block(creds)`),
// and a credentials block loaded only to build a job block that is stored
// (`DbtCloudJob(dbt_cloud_credentials=DbtCloudCredentials.load("c"), job_id=7).save("job")`): a set-up
// script registering blocks on the Prefect server calls nothing. One rule for the Python adapter,
// which reports no call there, and the keyword-line audit.

/**
 * Uses of variable `name` in Python text, its assignments aside, with what follows each; not a
 * word inside a block's name (`save("hourly-models")`, `load("dbt-creds")`).
 */
function usesOf(text: string, name: string, after = ''): RegExpExecArray[] {
  return [...text.matchAll(new RegExp(`(?<![\\w.\\-/'"])${name}\\b(?![\\w-]*['"])(?!\\s*=[^=])${after}`, 'g'))];
}

/**
 * A call that stores what it is handed, not one that runs it: a project's own helper registering
 * blocks (`save_block(creds)`, `register_block("dbt", creds)`, `store(creds)`).
 */
const STORING_CALL_BEFORE = /\b\w*(?:save|register|store|persist)\w*\s*\([^()]{0,80}$/i;

/**
 * Whether `name` occurs in `text` (Python) and every use of it, its assignments aside, stores the
 * block: `.save(...)`, or an argument of a call that stores it.
 */
export function everyUseIsSave(text: string, name: string): boolean {
  if (!/^[A-Za-z_]\w*$/.test(name)) return false;
  const uses = usesOf(text, name, '(\\s*\\.\\s*save\\s*\\()?');
  return (
    uses.length > 0 && uses.every((m) => m[1] !== undefined || STORING_CALL_BEFORE.test(text.slice(Math.max(0, m.index - 120), m.index)))
  );
}

/** `DbtCloudJob(...)` with its arguments (one level of nested parentheses), then what follows it. */
const JOB_BLOCK = /(?:^|\n)[ \t]*(?:([A-Za-z_]\w*)[ \t]*=[ \t]*)?(?:[\w.]+\.)?DbtCloudJob\s*\((?:[^()]|\([^()]*\))*\)(\s*\.\s*save\s*\()?/g;

/**
 * Whether every use of `name` (a loaded credentials block), its assignments aside, is inside a
 * `DbtCloudJob(...)` that is stored: saved where it is built, or assigned to a variable whose every
 * use is `.save(...)`.
 */
export function everyUseBuildsSavedJob(text: string, name: string): boolean {
  if (!/^[A-Za-z_]\w*$/.test(name)) return false;
  const saved = savedJobBlocks(text);
  const uses = usesOf(text, name);
  return uses.length > 0 && uses.every((u) => saved.some(([from, to]) => u.index >= from && u.index < to));
}

/**
 * Whether every use of `name` (a credentials block made here), its assignments aside, stores it:
 * saved itself (`creds.save("dbt")`) or inside a job block that is saved
 * (`DbtCloudJob(dbt_cloud_credentials=creds, job_id=7).save("nightly")`).
 */
export function everyUseStoresBlock(text: string, name: string): boolean {
  if (!/^[A-Za-z_]\w*$/.test(name)) return false;
  const saved = savedJobBlocks(text);
  const uses = usesOf(text, name, '(\\s*\\.\\s*save\\s*\\()?');
  return (
    uses.length > 0 &&
    uses.every(
      (m) =>
        m[1] !== undefined ||
        STORING_CALL_BEFORE.test(text.slice(Math.max(0, m.index - 120), m.index)) ||
        saved.some(([from, to]) => m.index >= from && m.index < to),
    )
  );
}

/** Where the job blocks that are stored are written: saved where they are built, or by the variable they are assigned to. */
function savedJobBlocks(text: string): [number, number][] {
  const saved: [number, number][] = [];
  for (const m of text.matchAll(JOB_BLOCK)) {
    if (m[2] !== undefined || (m[1] !== undefined && everyUseIsSave(text, m[1]))) saved.push([m.index, m.index + m[0].length]);
  }
  return saved;
}
