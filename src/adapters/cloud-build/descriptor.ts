import { type AdapterDescriptor } from '../descriptor.js';

/** `cloudbuild.yaml`, `cloudbuild-deploy.yml`, `prod.cloudbuild.yaml`, `cloudbuild/nightly.yaml`. */
export const CLOUD_BUILD_FILE = /(?:^|\/)(?:[^/]*[._-])?cloudbuild(?:[._-][^/]*)?\.ya?ml$|(?:^|\/)cloudbuild\/[^/]+\.ya?ml$/i;

export const descriptor: AdapterDescriptor = {
  id: 'cloud-build',
  matches: (p) => CLOUD_BUILD_FILE.test(p),
  keywords: [],
  commentStyle: 'hash',
  parsers: ['bash'],
  reads: 'ci-config',
  load: async () => (await import('./adapter.js')).adapter,
};
