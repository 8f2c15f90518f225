import type { AdapterContext, LanguageAdapter } from '../adapter.js';
import { emptyFacts, type FileFacts } from '../../model/raw-facts.js';
import type { JsonValue } from '../shared/json-offsets/json-tree.js';
import { LineIndex } from '../../facts/location.js';

// Postman collections (`*.postman_collection.json`, v1 and v2) and environments
// (`*.postman_environment.json`, globals), also any JSON under a `postman/` folder. Each request
// to the dbt Cloud API is a call site of the Postman workflow, with the token its auth sends.

/** JSON nesting kept; deeper containers are skipped (collections nest folders a few levels). */
const MAX_JSON_DEPTH = 256;

/** Environment files a collection is likely used with, by name (folders cannot be listed). */
function environmentCandidates(path: string): string[] {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const base = path.slice(slash + 1);
  const stem = base.replace(/\.postman_collection\.json$/i, '').replace(/\.json$/i, '');
  return [`${dir}${stem}.postman_environment.json`, `${dir}environment.json`, `${dir}postman_environment.json`].filter((p) => p !== path);
}

export const adapter: LanguageAdapter = {
  id: 'postman',
  async extract(file, ctx: AdapterContext): Promise<FileFacts> {
    const facts = emptyFacts();
    const [{ parseJsonTree, member, stringValue }, vars, env, collection] = await Promise.all([
      import('../shared/json-offsets/json-tree.js'),
      import('./variables.js'),
      import('./environment.js'),
      import('./collection.js'),
    ]);
    const lines = new LineIndex(file.text);
    const parsed = parseJsonTree(file.text, MAX_JSON_DEPTH);
    if (parsed.errorOffset !== undefined) facts.problems.push(`JSON parse error at line ${lines.at(parsed.errorOffset).line}`);
    if (parsed.skippedDeep) facts.problems.push(`JSON nested more than ${MAX_JSON_DEPTH} levels; deeper parts skipped`);
    const root = parsed.root;
    if (root?.type !== 'object') return facts;

    const isCollection = member(root, 'item')?.type === 'array' || member(root, 'requests')?.type === 'array';
    const values = member(root, 'values');
    if (!isCollection && values?.type === 'array') {
      facts.role = 'postman';
      const entries = vars.variableEntries(values, lines);
      const name = `${file.path} ${stringValue(member(root, 'name')) ?? ''}`;
      facts.definitions.push(...env.environmentDefinitions(entries));
      facts.credentialSites.push(...env.tokenSites(entries, /dbt/i.test(name) || env.variablesNameDbt(entries)));
      return facts;
    }
    if (!isCollection) return facts;
    facts.role = 'postman';

    const scope = new vars.VariableScope();
    const own = vars.variableEntries(member(root, 'variable'), lines);
    scope.add(own, 'collection', true);
    for (const candidate of environmentCandidates(file.path)) {
      const envFile = ctx.fileExists(candidate) ? ctx.readRepoFile(candidate) : undefined;
      if (!envFile) continue;
      const envRoot: JsonValue | undefined = parseJsonTree(envFile.text, 8).root;
      scope.add(vars.variableEntries(member(envRoot, 'values'), new LineIndex(envFile.text)), 'environment', false);
    }
    const requestCtx = { lines, scope };
    facts.callSites.push(...collection.collectionCallSites(root, requestCtx), ...collection.v1CallSites(root, requestCtx));
    // Collection variables holding a token are credential sites once the collection calls dbt Cloud.
    facts.credentialSites.push(...env.tokenSites(own, facts.callSites.length > 0 || env.variablesNameDbt(own)));
    return facts;
  },
};
