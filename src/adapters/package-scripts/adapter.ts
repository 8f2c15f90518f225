import type { LanguageAdapter } from '../adapter.js';
import { LineIndex } from '../../facts/location.js';
import { emptyFacts, type FileFacts } from '../../model/raw-facts.js';
import { mergeFacts } from '../shared/embedded-shell/shell-facts.js';
import { shellFactsAt } from '../shared/embedded-shell/embedded-shell.js';
import { parseJsonTree } from '../shared/json-offsets/json-tree.js';

// package.json `scripts`: each is a shell command npm, pnpm, yarn or bun runs (`npm run runs`),
// `"runs": "curl -H \"Authorization: Token $DBT_CLOUD_PAT\" https://cloud.getdbt.com/api/v2/…"`
// or httpie against the Discovery API. Read as shell where written; the workflow follows from
// the path, and a CI step's `npm run x` hands its environment to the scripts the command runs.

const MAX_SCRIPTS = 500;

export const adapter: LanguageAdapter = {
  id: 'package-scripts',
  async extract(file): Promise<FileFacts> {
    const facts = emptyFacts();
    const { root, errorOffset } = parseJsonTree(file.text);
    const index = new LineIndex(file.text);
    if (errorOffset !== undefined) facts.problems.push(`not valid JSON at line ${index.at(errorOffset).line}; read up to there`);
    if (root?.type !== 'object') return facts;
    const scripts = root.members.find((m) => m.key === 'scripts')?.value;
    if (scripts?.type !== 'object') return facts;
    for (const m of scripts.members.slice(0, MAX_SCRIPTS)) {
      if (m.value.type !== 'string') continue;
      const at = index.at(m.value.start + 1);
      // A JSON string holds its line breaks as `\n` escapes: one file line, so one script line.
      mergeFacts(facts, await shellFactsAt(m.value.value.replace(/\r?\n/g, ' ; '), { line: at.line, column: at.column }, new Map()));
    }
    return facts;
  },
};
