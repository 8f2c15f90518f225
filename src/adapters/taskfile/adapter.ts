import type { LanguageAdapter } from '../adapter.js';
import { emptyFacts, type FileFacts } from '../../model/raw-facts.js';
import { EmbeddedScript } from '../shared/embedded-shell/embedded-script.js';
import { mergeFacts, shellFactsOf } from '../shared/embedded-shell/shell-facts.js';
import { textBinding, type EnvBinding } from '../shared/values/binding.js';
import { failureProblem, loadCiYaml, type CiYamlDocument, type YamlNode } from '../shared/yaml-documents/document.js';

// go-task's Taskfile: each task's `cmds` (a string, a `cmd:` entry, a folded or literal block)
// read as the shell commands they are, with the Taskfile's and the task's `vars:` filled in for
// `{{.NAME}}` (a variable given on the command line, `task trigger JOB_ID=5`, stays `{NAME}`) and
// its `env:` as the environment. The variables a CI step running `task` sets reach them through
// the linker (src/scan/ci-runners.ts), as for a Makefile.

const TEMPLATE_VAR = /\{\{\s*\.([A-Za-z_]\w{0,100})\s*\}\}/g;
const MAX_TASKS = 500;

export const adapter: LanguageAdapter = {
  id: 'taskfile',
  async extract(file): Promise<FileFacts> {
    const facts = emptyFacts();
    try {
      const { docs, problems } = await loadCiYaml(file.text);
      facts.problems.push(...problems);
      const doc = docs[0];
      if (doc) await readTaskfile(doc, facts);
    } catch (e) {
      facts.problems.push(...failureProblem(e));
    }
    return facts;
  },
};

async function readTaskfile(doc: CiYamlDocument, facts: FileFacts): Promise<void> {
  const root = doc.root;
  const globalVars = varsOf(doc, doc.value(root, 'vars'), new Map());
  const globalEnv = envOf(doc, doc.value(root, 'env'), globalVars);
  for (const task of doc.entries(doc.value(root, 'tasks')).slice(0, MAX_TASKS)) {
    const vars = varsOf(doc, doc.value(task.value, 'vars'), globalVars);
    const env = new Map([...globalEnv, ...envOf(doc, doc.value(task.value, 'env'), vars)]);
    const script = new EmbeddedScript();
    // `tasks: { x: "echo hi" }` and `x: [cmd, cmd]` are shorthands for `cmds:`.
    const cmds = doc.isMap(task.value) ? doc.value(task.value, 'cmds') : task.value;
    for (const item of doc.isSeq(cmds) ? doc.items(cmds) : [cmds]) {
      const cmd = doc.isMap(item) ? doc.value(item, 'cmd') : item;
      // `- curl -H "Authorization: Bearer $T" …` unquoted reads as a one-pair mapping: the line is the command.
      if (cmd === undefined && doc.isMap(item)) script.addColonSplitCommand(doc, item);
      else script.addScalar(doc, cmd);
    }
    if (script.isEmpty) continue;
    script.substitute(TEMPLATE_VAR, (m) => vars.get(m[1]!) ?? `{${m[1]}}`);
    mergeFacts(facts, await shellFactsOf(script, env));
  }
}

/** A `vars:` map's plain values, over the outer ones, each filled in with what came before (`{{.BASE}}/jobs`). */
function varsOf(doc: CiYamlDocument, node: YamlNode | undefined, outer: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map(outer);
  for (const e of doc.entries(node)) {
    const value = doc.str(e.value);
    // A `sh:` var is a command's output, not known here.
    if (value === undefined) continue;
    out.set(
      e.key,
      value.replace(TEMPLATE_VAR, (m, name: string) => out.get(name) ?? m),
    );
  }
  return out;
}

function envOf(doc: CiYamlDocument, node: YamlNode | undefined, vars: ReadonlyMap<string, string>): Map<string, EnvBinding> {
  const out = new Map<string, EnvBinding>();
  for (const e of doc.entries(node)) {
    const value = doc.str(e.value);
    const span = doc.valueSpan(e.value);
    if (value !== undefined)
      out.set(
        e.key,
        textBinding(
          value.replace(TEMPLATE_VAR, (m, name: string) => vars.get(name) ?? m),
          span,
        ),
      );
  }
  return out;
}
