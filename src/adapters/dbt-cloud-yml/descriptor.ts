import { type AdapterDescriptor } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'dbt-cloud-yml',
  // The Cloud CLI's config never runs scripts: a CI job file so named (GitLab's `ci/dbt_cloud.yml`) is not one.
  matches: (p, t) => /(^|\/)dbt_cloud\.ya?ml$/i.test(p) && !/^[ \t]{2,}(?:before_|after_)?script:/m.test(t),
  keywords: [],
  commentStyle: 'hash',
  load: async () => (await import('./adapter.js')).adapter,
};
