import { type AdapterDescriptor } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'dbt-cloud-yml',
  // The Cloud CLI's config never runs scripts: a CI job file so named (GitLab's `ci/dbt_cloud.yml`) is not one.
  // Its templates too (`dbt_cloud.yml.tpl`, `dbt_cloud.example.yml`), which a set-up script fills in.
  matches: (p, t) =>
    /(^|\/)dbt_cloud(?:\.(?:example|sample|template))?\.ya?ml(?:\.(?:tpl|template|example|sample|j2|jinja2?|dist|in))?$/i.test(p) &&
    !/^[ \t]{2,}(?:before_|after_)?script:/m.test(t),
  keywords: [],
  commentStyle: 'hash',
  load: async () => (await import('./adapter.js')).adapter,
};
