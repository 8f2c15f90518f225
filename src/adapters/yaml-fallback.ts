import type { LanguageAdapter } from './adapter.js';

// YAML that does not parse (over-indented keys, Helm templates, merge conflicts) is not lost: when
// a YAML adapter reports a parse error, the file is also read line by line (shared/line-facts/yaml-lines.ts)
// and what that finds on lines the adapter said nothing about is added. The diagnostic stays.

const PARSE_PROBLEM = /^YAML (?:parse error|could not be parsed)/;
const YAML_PATH = /\.ya?ml$/i;
const CI_ROOT_MARKERS = ['.github', '.gitlab', '.circleci', '.azure-pipelines', '.azuredevops'];

/** `ciConfig`: the adapter reads CI configurations, whose steps' scripts are CI scripts, also when found line by line. */
export function withYamlFallback(adapter: LanguageAdapter, ciConfig: boolean): LanguageAdapter {
  return {
    id: adapter.id,
    async extract(file, ctx) {
      const facts = await adapter.extract(file, ctx);
      if (!YAML_PATH.test(file.path) || !facts.problems.some((p) => PARSE_PROBLEM.test(p))) return facts;
      const [{ scanYamlLines, shellBodies }, { mergeUncovered }, { scriptsRunBy, isTerraformRun }, { ciRootOf, resolveRunPaths }] =
        await Promise.all([
          import('./shared/line-facts/yaml-lines.js'),
          import('./shared/line-facts/merge-uncovered.js'),
          import('./shared/ci-yaml/run-scripts.js'),
          import('./shared/ci-yaml/run-paths.js'),
        ]);
      mergeUncovered(facts, scanYamlLines(file.text));
      if (ciConfig) {
        const rels = shellBodies(file.text)
          .flatMap((body) => scriptsRunBy(body))
          .filter((p) => !isTerraformRun(p));
        for (const p of resolveRunPaths(rels, file.path, ciRootOf(file.path, CI_ROOT_MARKERS), ctx))
          if (!facts.runsScripts.includes(p)) facts.runsScripts.push(p);
      }
      facts.callSites.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
      return facts;
    },
  };
}
