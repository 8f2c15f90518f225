import { isBudgetExceeded, isParseError } from '../../errors.js';
import { caughtExpected } from '../extraction-limits.js';
import type { LanguageAdapter } from '../adapter.js';
import { emptyFacts, type FileFacts } from '../../model/raw-facts.js';
import { attr, literalString, type TfDocument } from './model.js';
import type { ModuleIndex } from './module-index.js';
import { TERRAGRUNT_FILE, TFVARS_FILE } from './descriptor.js';

// Terraform (.tf, .tf.json, .tfvars, .tfvars.json). A dbt Cloud provider block is the call site,
// and so is a `data "http"` or `provider "restapi"` block that reaches the dbt Cloud API;
// variable defaults and .tfvars values are Definitions the core links to the provider's
// `var.x`. The HCL parser (tree-sitter) loads only when a file needs it.

export const adapter: LanguageAdapter = {
  id: 'terraform',
  async extract(file, ctx): Promise<FileFacts> {
    const facts = emptyFacts();
    const isJson = /\.json$/i.test(file.path);
    const isVars = TFVARS_FILE.test(file.path);
    let doc: TfDocument;
    let unit: TfDocument | undefined;
    try {
      if (isJson) {
        const { readTfJson } = await import('./json-reader.js');
        doc = readTfJson(file.text, isVars);
      } else {
        const { readHcl } = await import('./hcl-reader.js');
        doc = await readHcl(file.text);
        // Terragrunt writes the Terraform its `generate` blocks hold: that is what configures the provider.
        if (TERRAGRUNT_FILE.test(file.path)) {
          unit = doc;
          doc = await readHcl(generatedTerraform(file.text, doc));
        }
      }
    } catch (e) {
      if (caughtExpected(e, isParseError, isBudgetExceeded)) facts.problems.push('Terraform file could not be read');
      return facts;
    }
    facts.problems.push(...doc.problems);

    const { moduleCallDefinitions, terragruntInputDefinitions, variableFacts } = await import('./definitions.js');
    const vars = variableFacts(doc);
    facts.definitions.push(...vars.definitions, ...moduleCallDefinitions(doc, file.path));
    if (unit) facts.definitions.push(...terragruntInputDefinitions(unit, file.path));
    facts.credentialSites.push(...vars.credentialSites);
    if (/AIRFLOW_CONN_/i.test(file.text)) {
      const { airflowConnectionDefinitions } = await import('./airflow-connections.js');
      facts.definitions.push(...airflowConnectionDefinitions(doc));
    }
    if (
      !isVars &&
      /\b(?:aws_lambda_function|google_cloudfunctions2?_function|aws_ecs_task_definition|google_cloud_run(?:_v2)?_(?:job|service))\b/.test(
        file.text,
      )
    ) {
      const [{ addFunctionEnv, deploysFunctions }, { indexModule }] = await Promise.all([
        import('./function-env.js'),
        import('./module-index.js'),
      ]);
      if (deploysFunctions(doc)) addFunctionEnv(doc, file.path, await indexModule(file.path, doc, ctx), facts, ctx);
    }
    const talksHttp = (b: (typeof doc.blocks)[number]): boolean => b.type === 'data' && b.labels[0] === 'http';
    const execs = !isVars && /\blocal-exec\b/.test(file.text) ? await (await import('./local-exec.js')).localExecSites(doc, file.text) : [];
    if (isVars || !doc.blocks.some((b) => b.type === 'provider' || talksHttp(b) || execs.length > 0)) {
      for (const site of execs) facts.callSites.push({ ...site, workflow: 'terraform-production' });
      return facts;
    }

    const [{ indexModule }, { dbtProviderSource, providerCallSite }, { httpCallSite }, workflow] = await Promise.all([
      import('./module-index.js'),
      import('./provider.js'),
      import('./http-data.js'),
      import('./workflow.js'),
    ]);
    const index = await indexModule(file.path, doc, ctx);
    const slash = file.path.lastIndexOf('/');
    const dir = slash >= 0 ? file.path.slice(0, slash) : '';
    const wf =
      workflow.workflowOfPath(file.path) ??
      index.workspaceNames.map(workflow.workflowOfName).find((w) => w !== undefined) ??
      workflow.workflowOfSiblingVarFiles(dir, (p) => ctx.fileExists(p)) ??
      workflow.workflowOfEnvironmentVariable(environmentValues(index));
    for (const block of doc.blocks) {
      const source = dbtProviderSource(block, index);
      const site = source !== undefined ? providerCallSite(block, source, index) : httpCallSite(block, index);
      if (!site) continue;
      // A provider aliased `sandbox` or `prod` is configured for that account, whatever the module's path says.
      const alias = block.type === 'provider' ? literalString(attr(block, 'alias')?.expr) : undefined;
      const own = alias === undefined ? undefined : workflow.workflowOfName(alias);
      // Terraform without a staging signal is production, whichever block makes the call.
      if (own ?? wf) site.workflow = (own ?? wf)!;
      else if (site.kind === 'http') site.workflow = 'terraform-production';
      facts.callSites.push(site);
    }
    // Terraform without a staging signal is production, as for its provider.
    for (const site of execs) facts.callSites.push({ ...site, workflow: wf ?? 'terraform-production' });
    facts.callSites.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
    return facts;
  },
};

/** Each variable's literal value as the module is applied: the auto-loaded .tfvars first, else its default. */
function environmentValues(index: ModuleIndex): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const [name, def] of index.variables) out.set(name, literalString(index.varValues.get(name)) ?? literalString(def));
  return out;
}

/**
 * The Terraform a Terragrunt file's `generate` blocks write (`contents = <<EOF … EOF`), at the
 * lines where it is written: every other line is blanked. Terragrunt fills in `${get_env("X")}`
 * before writing the file, so the provider's token is then the variable X (provider.ts).
 */
function generatedTerraform(text: string, doc: TfDocument): string {
  const lines = text.split('\n');
  const keep = new Set<number>();
  for (const block of doc.blocks) {
    if (block.type !== 'generate') continue;
    const contents = block.attributes.find((a) => a.name === 'contents');
    const end = contents?.span.endLine;
    // The heredoc's body: the lines between `contents = <<EOF` and its closing marker.
    if (contents && end !== undefined && /<<-?\s*[A-Za-z_]/.test(lines[contents.span.line - 1] ?? ''))
      for (let l = contents.span.line + 1; l < end; l++) keep.add(l);
  }
  return lines.map((l, i) => (keep.has(i + 1) ? l.replace(BARE_INTERPOLATION, '$1  $2 ') : '')).join('\n');
}

/**
 * `account_id = ${get_env("DBT_ACCOUNT_ID")}`: a value the template writes bare (a number), which
 * is no HCL as it stands; read as the expression inside, at the same columns.
 */
const BARE_INTERPOLATION = /(=[ \t]*)\$\{([^{}\n]*)\}(?=[ \t]*(?:#.*)?$)/;
