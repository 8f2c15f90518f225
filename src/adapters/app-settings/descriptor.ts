import { type AdapterDescriptor } from '../descriptor.js';

/** JSON files that set a deployed app's environment, by their conventional names. */
const SETTINGS_FILE =
  /(^|\/)(?:local\.settings\.json|appsettings(?:\.[\w-]+)?\.json|(?:ecs-)?task-?def(?:inition)?(?:[._-][\w.-]*)?\.json|app\.json)$/i;

export const descriptor: AdapterDescriptor = {
  id: 'app-settings',
  // An ECS task definition under any name: its containers' definitions say what it is.
  matches: (p, t) => SETTINGS_FILE.test(p) || (/\.json$/i.test(p) && /"containerDefinitions"\s*:/.test(t)),
  mayRead: (p) => /\.json$/i.test(p),
  keywords: [],
  load: async () => (await import('./adapter.js')).adapter,
};
