import type { AdapterContext } from '../../adapter.js';
import type { SourceFile } from '../../../discover/source-file.js';
import { emptyFacts, type FileFacts } from '../../../model/raw-facts.js';
import { failureProblem, loadCiYaml, type CiYamlDocument, type YamlNode } from '../yaml-documents/document.js';
import { ciRootOf, resolveRunPaths } from './run-paths.js';
import { dedupeFacts, tooLargeProblem } from './yaml-steps.js';
import type { ScriptRun } from './script-env.js';
import { handToRunScripts, handToTasks } from './wrapped-scripts.js';

// The frame of a YAML adapter (Azure Pipelines, Bitbucket Pipelines, CircleCI, Cloud Build, Pulumi stacks): size
// guard, YAML loading, one pass per mapping document, parse troubles as problems, repeated facts
// from anchors dropped, and the scripts the steps run resolved against the repository root.

export interface PipelineReader {
  /**
   * Folders (lower case) that hold pipeline files at the repository root, such as `.circleci`;
   * a file outside them has its own folder as the root.
   */
  rootMarkers?: readonly string[];
  /** Whether a mapping document is a pipeline (the file's role is then 'ci-cd'); default: every one. */
  isPipeline?(doc: CiYamlDocument, root: YamlNode): boolean;
  /** Reads one mapping document into `facts`; adds the script paths its steps run to `runs`. */
  readDocument(doc: CiYamlDocument, root: YamlNode, facts: FileFacts, runs: ScriptRun[]): Promise<void>;
}

export async function extractPipelineFile(file: SourceFile, ctx: AdapterContext, reader: PipelineReader): Promise<FileFacts> {
  const facts = emptyFacts();
  const large = tooLargeProblem(file.text);
  if (large) {
    facts.problems.push(large);
    return facts;
  }
  const runs: ScriptRun[] = [];
  try {
    const { docs, problems } = await loadCiYaml(file.text);
    facts.problems.push(...problems);
    for (const doc of docs) {
      const root = doc.root;
      if (!doc.isMap(root)) continue;
      if (reader.isPipeline?.(doc, root) ?? true) facts.role = 'ci-cd';
      await reader.readDocument(doc, root, facts, runs);
    }
  } catch (err) {
    facts.problems.push(...failureProblem(err));
  }
  dedupeFacts(facts);
  // The step's environment (`env:`, `environment:`, project variables it names) is what the
  // script reads: a call there that reads `$DBT_CLOUD_TOKEN` uses the secret bound to it.
  const root = ciRootOf(file.path, reader.rootMarkers);
  for (const run of runs) {
    if (run.path !== '') handToRunScripts(facts, resolveRunPaths([run.path], file.path, root, ctx), run.env, root, ctx);
    if (run.command !== undefined && run.env) handToTasks(facts, run.command, run.env, root, ctx);
  }
  return facts;
}
