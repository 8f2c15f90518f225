import type { FileResult } from '../model/extracted.js';

// A CI file that never says "dbt" can still hand a script its dbt Cloud token under a generic
// name (`API_KEY: ${{ secrets.API_KEY }}` on a step running `python .github/main.py`): the
// pre-filter passes the script, not the workflow. So the scan also extracts the CI files that name
// an environment variable a dbt Cloud call reads, for the hand-off (scan/link-references.ts).
// Bounded: at most MAX_READS CI files are read for this.

const MAX_READS = 200;
const MAX_NAMES = 50;
/** The pipeline files of the CI systems whose adapters hand a step's env to the scripts it runs. */
const CI_FILE =
  /(?:^|\/)(?:\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|azure-pipelines[^/]*\.ya?ml|bitbucket-pipelines\.ya?ml|\.circleci\/config\.ya?ml|Jenkinsfile[^/]*)$/;

/** The CI files of `discovered` (not among `extracted`) that name a variable a call in `results` reads from the environment. */
export function ciRunners(
  results: readonly FileResult[],
  extracted: ReadonlySet<string>,
  discovered: readonly string[],
  read: (rel: string) => string | undefined,
): string[] {
  const names = new Set<string>();
  for (const r of results) {
    for (const c of r.callSites) {
      const name = c.credential.source === 'env' ? c.credential.name : undefined;
      if (name && /^[A-Za-z_][A-Za-z0-9_]{2,100}$/.test(name) && names.size < MAX_NAMES) names.add(name);
    }
  }
  if (names.size === 0) return [];
  const named = new RegExp(`\\b(?:${[...names].join('|')})\\b`);
  const out: string[] = [];
  let reads = 0;
  for (const rel of discovered) {
    if (extracted.has(rel) || !CI_FILE.test(rel)) continue;
    if (++reads > MAX_READS) break;
    const text = read(rel);
    if (text !== undefined && named.test(text)) out.push(rel);
  }
  return out;
}
