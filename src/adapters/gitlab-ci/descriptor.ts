import { type AdapterDescriptor, isYaml } from '../descriptor.js';

/** Top-level keys of other formats with `script:` steps: Kubernetes kinds (Argo, Tekton), Kestra, Cloud Build, Actions, CircleCI. */
const OTHER_FORMAT = /^(?:apiVersion|kind|tasks|steps|jobs|workflows|pipelines|namespace):/m;

/**
 * A file of GitLab jobs kept for `include:` (`templates/trigger.yml`): top-level jobs whose
 * `script:` sits beside GitLab's own job keys (`image`, `extends`, `rules`, `needs`, …).
 */
const isGitlabJobFile = (t: string): boolean =>
  !OTHER_FORMAT.test(t) &&
  /^[A-Za-z.][\w .-]*:[ \t]*$/m.test(t) &&
  /^[ \t]{2,}script:/m.test(t) &&
  /^[ \t]{2,}(?:stage|image|extends|rules|needs|only|except|tags|artifacts|before_script|dependencies|environment|resource_group|interruptible|retry|timeout|when):/m.test(
    t,
  );

export const descriptor: AdapterDescriptor = {
  id: 'gitlab-ci',
  matches: (p, t) =>
    /(^|\/|\.)gitlab-ci\.ya?ml$/i.test(p) ||
    (/(^|\/)\.gitlab\//.test(p) && isYaml(p)) ||
    (isYaml(p) && /^[ \t]*(?:before_|after_)?script:[ \t]*\r?$/m.test(t) && /^[ \t]*stage:[ \t]*\S/m.test(t)) ||
    (isYaml(p) && isGitlabJobFile(t)),
  mayRead: isYaml,
  keywords: [],
  commentStyle: 'hash',
  parsers: ['bash'],
  reads: 'ci-config',
  load: async () => (await import('./adapter.js')).adapter,
};
