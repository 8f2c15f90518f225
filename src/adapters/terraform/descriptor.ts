import { type AdapterDescriptor } from '../descriptor.js';

/**
 * Variable files: `.tfvars`, `.tfvars.json`, and the example a repository commits in their place
 * (`terraform.tfvars.example`; the real one is usually ignored), whose comments say what token goes where.
 */
export const TFVARS_FILE = /\.tfvars(?:\.json)?$|\.tfvars\.(?:example|sample|template|tmpl|dist)$/i;

/**
 * Terragrunt's configuration (`terragrunt.hcl`, `prod.terragrunt.hcl`, and the root configuration
 * its units include, `root.hcl`): its `generate` blocks write Terraform.
 */
export const TERRAGRUNT_FILE = /(?:^|\/)(?:(?:[^/]+\.)?terragrunt|root)\.hcl$/i;

export const descriptor: AdapterDescriptor = {
  id: 'terraform',
  // OpenTofu's own extension (`main.tofu`, `main.tofu.json`) holds the same language.
  matches: (p) => /\.(tf|tf\.json|tofu|tofu\.json)$/i.test(p) || TFVARS_FILE.test(p) || TERRAGRUNT_FILE.test(p),
  keywords: [],
  commentStyle: 'hash-or-slash',
  parsers: ['hcl'],
  load: async () => (await import('./adapter.js')).adapter,
};
