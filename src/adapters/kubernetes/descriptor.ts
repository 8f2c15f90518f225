import { type AdapterDescriptor, isYaml } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'kubernetes',
  // Also Kustomize's `kustomization.yaml`, which often names neither (its Secret generators are read).
  matches: (p, t) =>
    isYaml(p) &&
    ((/^apiVersion:/m.test(t) && /^kind:/m.test(t)) || (/(?:^|\/)kustomization\.ya?ml$/i.test(p) && /^secretGenerator:/m.test(t))),
  mayRead: isYaml,
  keywords: [
    // A chart template putting a dbt token value in a Secret or a container's env, which an install's
    // `--set` fills (src/adapters/shared/helm-values.ts): `.Values.dbt.token` names no dbt token itself.
    {
      pattern: /\.Values\.dbt(?:[\w-]|\.){0,40}?(?:token|key|secret)/i,
      example: 'apiVersion: v1\nkind: Secret\ndata:\n  api-token: {{ .Values.dbt.token | b64enc }}\n',
    },
  ],
  commentStyle: 'hash',
  load: async () => (await import('./adapter.js')).adapter,
};
