import { type AdapterDescriptor } from '../descriptor.js';

/** JSON files that set a deployed app's environment, by their conventional names. */
const SETTINGS_FILE =
  /(^|\/)(?:local\.settings\.json|appsettings(?:\.[\w-]+)?\.json|(?:ecs-)?task-?def(?:inition)?(?:[._-][\w.-]*)?\.json|app\.json)$/i;

/** Where an ECS task definition under another name is kept (`infra/ecs/web.json`, `deploy/task.json`). */
const ECS_FOLDER = /(^|\/)(?:[^/]*(?:ecs|fargate|task)[^/]*\/(?:[^/]+\/)*[^/]+|[^/]*(?:ecs|fargate|task|container)[^/]*)\.json$/i;

export const descriptor: AdapterDescriptor = {
  id: 'app-settings',
  // An ECS task definition under another name: its containers' definitions say what it is.
  matches: (p, t) => SETTINGS_FILE.test(p) || (ECS_FOLDER.test(p) && /"containerDefinitions"\s*:/.test(t)),
  // Only these names: every other JSON file (dbt's manifest, package locks) is searched for token literals alone.
  mayRead: (p) => SETTINGS_FILE.test(p) || ECS_FOLDER.test(p),
  keywords: [],
  load: async () => (await import('./adapter.js')).adapter,
};
