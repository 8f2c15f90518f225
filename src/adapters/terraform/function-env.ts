import { posix } from 'node:path';
import type { FileFacts } from '../../model/raw-facts.js';
import { addScriptEnv } from '../shared/ci-yaml/script-env.js';
import { textBinding, type EnvBinding } from '../shared/values/binding.js';
import { isDbtTokenName } from '../../credentials/names.js';
import { isDbtTokenShaped } from '../../credentials/token-shapes.js';
import { attr, childBlocks, literalString, type TfBlock, type TfDocument, type TfExpr } from './model.js';
import type { AdapterContext } from '../adapter.js';
import { scriptPathsRun } from '../shell/scripts-run.js';
import { IMAGE_MARK } from '../shared/ci-yaml/run-scripts.js';
import type { ModuleIndex } from './module-index.js';
import { credentialOf, resolve } from './provider.js';

// Functions a module deploys (AWS Lambda, Google Cloud Functions), ECS tasks and Cloud Run containers run their code with the
// environment the resource gives them: `environment { variables = { DBT_CLOUD_TOKEN = var.dbt_cloud_pat } }`
// is what the handler's `os.environ["DBT_CLOUD_TOKEN"]` reads, typed by the variable's name and
// description. Handed on as a CI step's environment is, to the folder the function's code comes from.

/** The resources that deploy a function, and where each keeps its environment variables. */
const FUNCTION_ENV: Readonly<Record<string, (b: TfBlock) => TfExpr | undefined>> = {
  aws_lambda_function: (b) => attr(childBlocks(b, 'environment')[0], 'variables')?.expr,
  google_cloudfunctions_function: (b) => attr(b, 'environment_variables')?.expr,
  google_cloudfunctions2_function: (b) => attr(childBlocks(b, 'service_config')[0], 'environment_variables')?.expr,
};

export const deploysFunctions = (doc: TfDocument): boolean =>
  doc.blocks.some(
    (b) =>
      b.type === 'resource' &&
      b.labels[0] !== undefined &&
      (b.labels[0] in FUNCTION_ENV || b.labels[0] === ECS_TASK || b.labels[0] in CLOUD_RUN),
  );

const ECS_TASK = 'aws_ecs_task_definition';

/** Cloud Run jobs and services, and where each keeps its containers. */
const CLOUD_RUN: Readonly<Record<string, (b: TfBlock) => TfBlock[]>> = {
  google_cloud_run_v2_job: (b) => childBlocks(childBlocks(childBlocks(b, 'template')[0], 'template')[0], 'containers'),
  google_cloud_run_v2_service: (b) => childBlocks(childBlocks(b, 'template')[0], 'containers'),
  google_cloud_run_service: (b) => childBlocks(childBlocks(childBlocks(b, 'template')[0], 'spec')[0], 'containers'),
};

export function addFunctionEnv(doc: TfDocument, filePath: string, index: ModuleIndex, facts: FileFacts, ctx: AdapterContext): void {
  const dir = posix.dirname(filePath) === '.' ? '' : posix.dirname(filePath);
  for (const block of doc.blocks) {
    if (block.type === 'resource' && block.labels[0] === ECS_TASK) {
      addTaskEnv(doc, block, index, facts, ctx);
      continue;
    }
    const containers = block.type === 'resource' && block.labels[0] ? CLOUD_RUN[block.labels[0]]?.(block) : undefined;
    if (containers) {
      for (const c of containers.slice(0, 20)) addContainerEnv(doc, c, index, facts, ctx);
      continue;
    }
    const variables = block.type === 'resource' && block.labels[0] ? FUNCTION_ENV[block.labels[0]]?.(block) : undefined;
    if (variables?.kind !== 'object') continue;
    const env = new Map<string, EnvBinding>();
    for (const e of variables.entries.slice(0, 100)) {
      const r = resolve(e.expr, index);
      // A value written out is a setting (`DBT_CLOUD_HOST = "emea.dbt.com"`), unless a token is.
      if (r.kind === 'literal' && !isDbtTokenName(e.name) && !isDbtTokenShaped(r.value)) env.set(e.name, textBinding(r.value));
      else if (r.kind === 'variable' || r.kind === 'secret' || r.kind === 'literal' || r.kind === 'env')
        env.set(e.name, { credential: credentialOf(e.expr, index) });
    }
    if (env.size === 0) continue;
    const folder = codeFolder(doc, block, dir) ?? dir;
    addScriptEnv(facts, `${folder}/`, env);
  }
}

/**
 * The folder the function's code is zipped from: the `source_dir` of the `archive_file` its
 * `filename` (or the bucket object's `source`) names, else of the module's only `archive_file`.
 */
function codeFolder(doc: TfDocument, fn: TfBlock, dir: string): string | undefined {
  const archives = doc.blocks.filter((b) => b.type === 'data' && b.labels[0] === 'archive_file');
  const named = refName(attr(fn, 'filename')?.expr);
  const archive = archives.find((a) => a.labels[1] === named) ?? (archives.length === 1 ? archives[0] : undefined);
  const source = archive && attr(archive, 'source_dir')?.expr;
  const text = source?.kind === 'literal' ? source.value : source?.kind === 'template' ? templateText(source) : undefined;
  if (text === undefined) return undefined;
  const folder = posix.normalize(posix.join(dir, text.replace(/^\$\{path\.(?:module|root)\}\/?/, '')));
  return folder === '.' ? '' : folder.startsWith('..') || folder.startsWith('/') ? undefined : folder.replace(/\/$/, '');
}

/** `data.archive_file.trigger.output_path`: `trigger`. */
function refName(expr: TfExpr | undefined): string | undefined {
  return expr?.kind === 'ref' && expr.parts[0] === 'data' && expr.parts[1] === 'archive_file' ? expr.parts[2] : undefined;
}

/** `"${path.module}/../lambda"` as written, its references as `${…}`. */
function templateText(expr: Extract<TfExpr, { kind: 'template' }>): string | undefined {
  let text = '';
  for (const p of expr.parts) {
    if (typeof p === 'string') text += p;
    else if (p.kind === 'ref') text += `\${${p.parts.join('.')}}`;
    else return undefined;
  }
  return text;
}

/**
 * An ECS task definition's containers (`container_definitions = jsonencode([{ command = ["python",
 * "jobs/trigger.py"], environment = [{ name, value }], secrets = [{ name, valueFrom }] }])`): the
 * repository script a container's command runs reads those variables, a secret's named by the
 * Secrets Manager secret or SSM parameter its `valueFrom` refers to.
 */
function addTaskEnv(doc: TfDocument, task: TfBlock, index: ModuleIndex, facts: FileFacts, ctx: AdapterContext): void {
  const defs = attr(task, 'container_definitions')?.expr;
  const list = defs?.kind === 'call' && defs.name === 'jsonencode' ? defs.args[0] : defs;
  for (const container of list?.kind === 'tuple' ? list.items.slice(0, 20) : []) {
    if (container.kind !== 'object') continue;
    const field = (name: string): TfExpr | undefined => container.entries.find((e) => e.name === name)?.expr;
    const command = field('command');
    const words = command?.kind === 'tuple' ? command.items.map((w) => (w.kind === 'literal' ? w.value : undefined)) : [];
    if (words.length === 0 || words.some((w) => w === undefined)) continue;
    const env = new Map<string, EnvBinding>();
    for (const [key, valueKey] of [
      ['environment', 'value'],
      ['secrets', 'valueFrom'],
    ] as const) {
      const entries = field(key);
      for (const e of entries?.kind === 'tuple' ? entries.items.slice(0, 100) : []) {
        if (e.kind !== 'object') continue;
        const name = literalString(e.entries.find((x) => x.name === 'name')?.expr);
        const value = e.entries.find((x) => x.name === valueKey)?.expr;
        if (!name || !value) continue;
        if (key === 'secrets') {
          const secret = secretNameOf(doc, value);
          env.set(name, { credential: { source: 'secret', name: secret ?? name, span: value.span } });
          continue;
        }
        const r = resolve(value, index);
        if (r.kind === 'literal' && !isDbtTokenName(name) && !isDbtTokenShaped(r.value)) env.set(name, textBinding(r.value));
        else if (r.kind === 'variable' || r.kind === 'secret' || r.kind === 'literal' || r.kind === 'env')
          env.set(name, { credential: credentialOf(value, index) });
      }
    }
    if (env.size === 0) continue;
    for (const script of scriptPathsRun((words as string[]).join(' '), true).slice(0, 5)) {
      const file = repositoryFile(script, ctx);
      if (file) addScriptEnv(facts, file, env);
    }
  }
}

/**
 * A Cloud Run container (`containers { command = ["python", "/app/trigger.py"] env { name = "DBT_TOKEN"
 * value_source { secret_key_ref { secret = google_secret_manager_secret.pat.secret_id } } } }`): the
 * script its command runs reads those variables, a secret's named by its Secret Manager id.
 */
function addContainerEnv(doc: TfDocument, container: TfBlock, index: ModuleIndex, facts: FileFacts, ctx: AdapterContext): void {
  const words = [attr(container, 'command')?.expr, attr(container, 'args')?.expr].flatMap((e) =>
    e?.kind === 'tuple' ? e.items.map((w) => (w.kind === 'literal' ? w.value : '')) : [],
  );
  if (words.length === 0) return;
  const env = new Map<string, EnvBinding>();
  for (const e of childBlocks(container, 'env').slice(0, 100)) {
    const name = literalString(attr(e, 'name')?.expr);
    if (!name) continue;
    // v2: `value_source { secret_key_ref { secret } }`; v1: `value_from { secret_key_ref { name, key } }`.
    const ref = childBlocks(childBlocks(e, 'value_source')[0] ?? childBlocks(e, 'value_from')[0], 'secret_key_ref')[0];
    const secret = attr(ref, 'secret')?.expr ?? attr(ref, 'name')?.expr;
    if (ref && secret) {
      env.set(name, { credential: { source: 'secret', name: secretManagerIdOf(doc, secret) ?? name, span: secret.span } });
      continue;
    }
    const value = attr(e, 'value')?.expr;
    if (!value) continue;
    const r = resolve(value, index);
    if (r.kind === 'literal' && !isDbtTokenName(name) && !isDbtTokenShaped(r.value)) env.set(name, textBinding(r.value));
    else if (r.kind === 'variable' || r.kind === 'secret' || r.kind === 'literal' || r.kind === 'env')
      env.set(name, { credential: credentialOf(value, index) });
  }
  if (env.size === 0) return;
  for (const script of scriptPathsRun(words.join(' '), true).slice(0, 5)) {
    const file = repositoryFile(script, ctx) ?? (script.startsWith('/') ? `${IMAGE_MARK}${posix.normalize(script)}` : undefined);
    if (file) addScriptEnv(facts, file, env);
  }
}

/** `google_secret_manager_secret.x.secret_id` (or `.id`): the `secret_id` that resource gives it; an id written out: itself. */
function secretManagerIdOf(doc: TfDocument, value: TfExpr): string | undefined {
  const ref = value.kind === 'ref' ? value.parts : undefined;
  if (ref && ref[0] === 'google_secret_manager_secret') {
    const resource = doc.blocks.find((b) => b.type === 'resource' && b.labels[0] === ref[0] && b.labels[1] === ref[1]);
    return literalString(attr(resource, 'secret_id')?.expr);
  }
  return literalString(value);
}

/** `aws_secretsmanager_secret.x.arn` (or an SSM parameter's): the `name` that resource gives it; an ARN written out: its secret's id. */
function secretNameOf(doc: TfDocument, value: TfExpr): string | undefined {
  const ref =
    value.kind === 'ref'
      ? value.parts
      : value.kind === 'template' && value.parts.length === 1 && typeof value.parts[0] !== 'string' && value.parts[0]!.kind === 'ref'
        ? value.parts[0]!.parts
        : undefined;
  if (ref && (ref[0] === 'aws_secretsmanager_secret' || ref[0] === 'aws_ssm_parameter')) {
    const resource = doc.blocks.find((b) => b.type === 'resource' && b.labels[0] === ref[0] && b.labels[1] === ref[1]);
    return literalString(attr(resource, 'name')?.expr);
  }
  const arn = literalString(value);
  return arn ? (/:secret:([\w/+=.@-]+?)(?:-[A-Za-z0-9]{6})?(?::|$)/.exec(arn)?.[1] ?? /:parameter(\/[\w/.-]+)$/.exec(arn)?.[1]) : undefined;
}

/** A path a container's command names, as the repository holds it: written from the root, or the longest tail of an image path (`/app/jobs/x.py`). */
function repositoryFile(path: string, ctx: AdapterContext): string | undefined {
  const segments = path.replace(/^\/+/, '').split('/');
  for (let i = 0; i < segments.length; i++) {
    const candidate = segments.slice(i).join('/');
    if (candidate && ctx.fileExists(candidate)) return candidate;
  }
  return undefined;
}
