// Dev containers (containers.dev): `devcontainer.json` and the life-cycle commands it runs when a
// developer opens the project. Whatever they run is a developer's set-up, never production.

/** `.devcontainer.json`, `.devcontainer/devcontainer.json`, `.devcontainer/<name>/devcontainer.json`. */
export const DEVCONTAINER_JSON = /(^|\/)(?:\.devcontainer\.json|\.devcontainer\/(?:[^/]+\/)?devcontainer\.json)$/i;

/** The life-cycle command properties, each a string (shell), an array (exec form) or an object of either. */
export const DEVCONTAINER_COMMAND_KEYS: readonly string[] = [
  'initializeCommand',
  'onCreateCommand',
  'updateContentCommand',
  'postCreateCommand',
  'postStartCommand',
  'postAttachCommand',
];
