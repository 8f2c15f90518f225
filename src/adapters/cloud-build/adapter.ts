import type { AdapterContext, LanguageAdapter } from '../adapter.js';
import type { FileFacts } from '../../model/raw-facts.js';
import { textBinding, type EnvBinding } from '../shared/values/binding.js';
import type { CiYamlDocument, YamlNode } from '../shared/yaml-documents/document.js';
import { EmbeddedScript } from '../shared/embedded-shell/embedded-script.js';
import { fileSpan, mergeFacts } from '../shared/embedded-shell/shell-facts.js';
import { shellFactsAt } from '../shared/embedded-shell/embedded-shell.js';
import { planArgv, shellQuote } from '../shared/embedded-shell/container-command.js';
import { substituteCiSyntax } from '../shared/ci-yaml/ci-variables.js';
import { extractPipelineFile } from '../shared/ci-yaml/pipeline-file.js';
import { scriptsRunBy } from '../shared/ci-yaml/run-scripts.js';
import type { ScriptRun } from '../shared/ci-yaml/script-env.js';
import { runCiScript } from '../shared/ci-yaml/yaml-steps.js';

// Google Cloud Build (cloudbuild.yaml): each step runs its `script:`, or its `entrypoint` with
// `args` (a shell's `-c` script, a curl call, `python scripts/x.py`), in the step's image. Cloud
// Build fills in `$_NAME` / `${_NAME}` from `substitutions:` and its own `$PROJECT_ID`-style values
// before the step runs, and `$$` is a literal `$` for the step's shell. `env:` items (`KEY=value`)
// and `options.env` set variables; `secretEnv` names variables that hold secrets: Secret
// Manager versions (`availableSecrets.secretManager`, named by the secret's id) or KMS-encrypted
// values (`secrets:`), which are then CI-store secrets.

type Env = Map<string, EnvBinding>;

/** What Cloud Build substitutes itself (https://cloud.google.com/build/docs/configuring-builds/substitute-variable-values). */
const BUILTIN =
  'PROJECT_ID|PROJECT_NUMBER|BUILD_ID|LOCATION|TRIGGER_NAME|TRIGGER_BUILD_CONFIG_PATH|SERVICE_ACCOUNT_EMAIL|SERVICE_ACCOUNT|COMMIT_SHA|SHORT_SHA|REVISION_ID|REPO_NAME|REPO_FULL_NAME|BRANCH_NAME|TAG_NAME|REF_NAME|HEAD_BRANCH|BASE_BRANCH|HEAD_REPO_URL|PR_NUMBER';
const SUBSTITUTION = new RegExp(`\\$\\$|\\$\\{(_[A-Z0-9_]{1,100}|${BUILTIN})\\}|\\$(_[A-Z0-9_]{1,100}|${BUILTIN})(?![A-Za-z0-9_])`, 'g');
const builtin = (name: string): boolean => new RegExp(`^(?:${BUILTIN})$`).test(name);

/** Builder images whose entrypoint is the tool they are named for. */
const BUILDER_ENTRYPOINT =
  /^(?:gcr\.io\/cloud-builders\/|[\w.-]+-docker\.pkg\.dev\/[\w-]+\/[\w-]+\/|curlimages\/)?(curl|gcloud|gsutil|bq|kubectl|docker|git|npm|yarn|bash|wget)(?::[\w.-]+)?$/;

interface FileScope {
  doc: CiYamlDocument;
  facts: FileFacts;
  runs: ScriptRun[];
  /** `substitutions:` defaults, by name. */
  substitutions: Map<string, string>;
  /** Variables `secretEnv` may name: the secret each holds. */
  secrets: Map<string, string>;
}

/** A value after Cloud Build's own substitutions: defaults filled in, `$$` made `$`. */
function substituted(scope: FileScope, text: string): string {
  return text.replace(SUBSTITUTION, (m, braced: string | undefined, bare: string | undefined) => {
    if (m === '$$') return '$';
    const name = (braced ?? bare)!;
    return scope.substitutions.get(name) ?? `\${${name}}`;
  });
}

/** `availableSecrets.secretManager[]` (`versionName` … `/secrets/<id>/versions/…`, `env`) and the KMS `secrets[].secretEnv` map. */
function secretsOf(doc: CiYamlDocument, root: YamlNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of doc.items(doc.value(doc.value(root, 'availableSecrets'), 'secretManager'))) {
    const env = doc.str(doc.value(item, 'env'));
    const version = doc.str(doc.value(item, 'versionName'));
    if (!env) continue;
    const id = version && /\/secrets\/([^/\s]{1,200})\//.exec(`${version}/`)?.[1];
    out.set(env, id && !id.includes('$') ? id : env);
  }
  for (const item of doc.items(doc.value(root, 'secrets')))
    for (const e of doc.entries(doc.value(item, 'secretEnv'))) if (!out.has(e.key)) out.set(e.key, e.key);
  return out;
}

/** `env:` items (`KEY=value`) and the `secretEnv` names of a step or of `options`. */
function addEnv(scope: FileScope, holder: YamlNode | undefined, env: Env): void {
  const { doc } = scope;
  for (const item of doc.items(doc.value(holder, 'env'))) {
    const text = doc.str(item);
    const eq = text?.indexOf('=') ?? -1;
    const span = doc.valueSpan(item);
    if (text === undefined || eq <= 0 || !span) continue;
    env.set(text.slice(0, eq), textBinding(substituted(scope, text.slice(eq + 1)), fileSpan(span)));
  }
  for (const item of doc.items(doc.value(holder, 'secretEnv'))) {
    const name = doc.str(item);
    const span = doc.valueSpan(item);
    if (!name || !span) continue;
    const secret = scope.secrets.get(name);
    env.set(name, { credential: { source: 'secret', name: secret ?? name, span: fileSpan(span) } });
  }
}

/** A shell script held in `node` (a `script:` or a `-c` argument), after Cloud Build's substitutions. */
async function runShell(scope: FileScope, node: YamlNode | undefined, env: Env): Promise<void> {
  const script = new EmbeddedScript();
  if (!script.addScalar(scope.doc, node)) return;
  // A script with another interpreter (`#!/usr/bin/env python3`) is not shell.
  const first = script.lines[0] ?? '';
  if (/^#!/.test(first) && !/\b(?:ba|z|da)?sh\b/.test(first)) return;
  substituteCiSyntax(script, SUBSTITUTION, (m) => {
    if (m[0] === '$$') return { text: '$', isVariable: false };
    const name = (m[1] ?? m[2])!;
    const value = scope.substitutions.get(name);
    return value !== undefined ? { text: value, isVariable: false } : { text: `\${${name}}`, isVariable: true };
  });
  scope.runs.push(...(await runCiScript(scope.facts, script, new Map(env), builtin)));
}

async function runStep(scope: FileScope, step: YamlNode, fileEnv: Env): Promise<void> {
  const { doc } = scope;
  const env = new Map(fileEnv);
  addEnv(scope, step, env);
  const script = doc.value(step, 'script');
  if (script) return runShell(scope, script, env);
  const image = doc.str(doc.value(step, 'name')) ?? '';
  const entrypoint = doc.value(step, 'entrypoint');
  const args = doc.items(doc.value(step, 'args'));
  const tool = entrypoint ? undefined : BUILDER_ENTRYPOINT.exec(image.trim())?.[1];
  const argv: { node?: YamlNode; text: string }[] = [
    ...(entrypoint ? [{ node: entrypoint, text: doc.str(entrypoint) ?? '' }] : tool ? [{ text: tool }] : []),
    ...args.map((a) => ({ node: a, text: doc.str(a) ?? '' })),
  ];
  const plan = planArgv(argv, (w) => w.text);
  if (plan?.kind === 'shell') return runShell(scope, plan.item.node, env);
  const at = doc.valueSpan(argv.find((w) => w.node)?.node);
  if (!at) return;
  const commandLine = argv.map((w, i) => (i === 0 ? w.text : shellQuote(substituted(scope, w.text)))).join(' ');
  if (plan?.kind === 'direct') mergeFacts(scope.facts, await shellFactsAt(commandLine, at, new Map(env)));
  for (const path of scriptsRunBy(commandLine)) scope.runs.push({ path, env: new Map(env) });
}

async function extractDocument(doc: CiYamlDocument, root: YamlNode, facts: FileFacts, runs: ScriptRun[]): Promise<void> {
  const substitutions = new Map<string, string>();
  for (const e of doc.entries(doc.value(root, 'substitutions'))) {
    const v = doc.str(e.value);
    if (v !== undefined) substitutions.set(e.key, v);
  }
  const scope: FileScope = { doc, facts, runs, substitutions, secrets: secretsOf(doc, root) };
  const fileEnv: Env = new Map();
  addEnv(scope, doc.value(root, 'options'), fileEnv);
  for (const step of doc.items(doc.value(root, 'steps'))) await runStep(scope, step, fileEnv);
}

export const adapter: LanguageAdapter = {
  id: 'cloud-build',
  extract(file, ctx: AdapterContext) {
    return extractPipelineFile(file, ctx, {
      isPipeline: (doc, root) => doc.isSeq(doc.deref(doc.value(root, 'steps'))),
      readDocument: extractDocument,
    });
  },
};
