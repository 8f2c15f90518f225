import type { LanguageAdapter } from './adapter.js';
import { emptyFacts, type FileFacts } from '../facts/types.js';
import type { TfDocument } from './terraform/model.js';

// Terraform (.tf, .tf.json, .tfvars, .tfvars.json). A dbt Cloud provider block is the call site;
// variable defaults and .tfvars values are Definitions the core links to the provider's
// `var.x`. The HCL parser (tree-sitter) loads only when a file needs it.

export const adapter: LanguageAdapter = {
  id: 'terraform',
  async extract(file, ctx): Promise<FileFacts> {
    const facts = emptyFacts();
    const isJson = /\.json$/i.test(file.path);
    const isVars = /\.tfvars(\.json)?$/i.test(file.path);
    let doc: TfDocument;
    try {
      if (isJson) {
        const { readTfJson } = await import('./terraform/json-reader.js');
        doc = readTfJson(file.text, isVars);
      } else {
        const { readHcl } = await import('./terraform/hcl-reader.js');
        doc = await readHcl(file.text);
      }
    } catch {
      facts.problems.push('Terraform file could not be read');
      return facts;
    }
    facts.problems.push(...doc.problems);

    const { variableFacts } = await import('./terraform/definitions.js');
    const vars = variableFacts(doc);
    facts.definitions.push(...vars.definitions);
    facts.credentialSites.push(...vars.credentialSites);
    if (isVars || !doc.blocks.some((b) => b.type === 'provider')) return facts;

    const [{ indexModule }, { dbtProviderSource, providerCallSite }, workflow] = await Promise.all([
      import('./terraform/module-index.js'),
      import('./terraform/provider.js'),
      import('./terraform/workflow.js'),
    ]);
    const index = await indexModule(file.path, doc, ctx);
    const slash = file.path.lastIndexOf('/');
    const dir = slash >= 0 ? file.path.slice(0, slash) : '';
    const wf = workflow.workflowOfPath(file.path)
      ?? index.workspaceNames.map(workflow.workflowOfName).find((w) => w !== undefined)
      ?? workflow.workflowOfSiblingVarFiles(dir, (p) => ctx.fileExists(p));
    for (const block of doc.blocks) {
      const source = dbtProviderSource(block, index);
      if (source === undefined) continue;
      const site = providerCallSite(block, source, index);
      if (wf) site.workflow = wf;
      facts.callSites.push(site);
    }
    return facts;
  },
};
