import { type AdapterDescriptor, base } from '../descriptor.js';

/** go-task's Taskfile, under the names `task` looks for (and `Taskfile.<name>.yml` ones a `--taskfile` or `includes:` names). */
const TASKFILE = /^taskfile(?:\.[\w-]+)?\.ya?ml$/i;

export const descriptor: AdapterDescriptor = {
  id: 'taskfile',
  matches: (p) => TASKFILE.test(base(p)),
  keywords: [],
  commentStyle: 'hash',
  parsers: ['bash'],
  load: async () => (await import('./adapter.js')).adapter,
};
