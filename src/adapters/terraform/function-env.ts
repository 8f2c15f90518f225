import { posix } from 'node:path';
import type { FileFacts } from '../../model/raw-facts.js';
import { addScriptEnv } from '../shared/ci-yaml/script-env.js';
import { textBinding, type EnvBinding } from '../shared/values/binding.js';
import { isDbtTokenName } from '../../credentials/names.js';
import { isDbtTokenShaped } from '../../credentials/token-shapes.js';
import { attr, childBlocks, type TfBlock, type TfDocument, type TfExpr } from './model.js';
import type { ModuleIndex } from './module-index.js';
import { credentialOf, resolve } from './provider.js';

// Functions a module deploys (AWS Lambda, Google Cloud Functions) run their code with the
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
  doc.blocks.some((b) => b.type === 'resource' && b.labels[0] !== undefined && b.labels[0] in FUNCTION_ENV);

export function addFunctionEnv(doc: TfDocument, filePath: string, index: ModuleIndex, facts: FileFacts): void {
  const dir = posix.dirname(filePath) === '.' ? '' : posix.dirname(filePath);
  for (const block of doc.blocks) {
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
