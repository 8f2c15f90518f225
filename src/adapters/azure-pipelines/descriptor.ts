import { type AdapterDescriptor, isYaml } from '../descriptor.js';

/**
 * A template a pipeline includes (`- template: templates/trigger-dbt.yml`), wherever it is kept:
 * top-level `steps:`, `jobs:` or `stages:` holding Azure's own step or job keys (`- bash:`,
 * `- script:`, `- task:`, `- job:`), which GitHub (`- run:`/`- uses:`) and GitLab (`script:` in a
 * job) never write.
 */
const TEMPLATE_BODY = /^(?:steps|jobs|stages):[ \t]*$/m;
const AZURE_ITEM = /^[ \t]*-[ \t]+(?:bash|script|pwsh|powershell|task|job|stage|deployment):/m;
/** A pipeline made of a template (`extends: { template: pipelines/x.yml@templates }`): only Azure writes `extends:` at the top. */
const AZURE_EXTENDS = /^extends:[ \t]*\r?\n[ \t]+template:[ \t]*\S/m;

export const descriptor: AdapterDescriptor = {
  id: 'azure-pipelines',
  matches: (p, t) =>
    /(^|\/)(\.?azure-pipelines[^/]*|\.azure-pipelines\/[^/]+|\.azuredevops\/[^/]+)\.ya?ml$/i.test(p) ||
    (isYaml(p) && ((TEMPLATE_BODY.test(t) && AZURE_ITEM.test(t)) || AZURE_EXTENDS.test(t))),
  mayRead: isYaml,
  keywords: [],
  commentStyle: 'hash',
  parsers: ['bash'],
  reads: 'ci-config',
  load: async () => (await import('./adapter.js')).adapter,
};
