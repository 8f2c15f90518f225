import { hasDbtWord, nameWords } from '../../../credentials/names.js';

// What CI input and variable names say: which hold a dbt Cloud token, host, account or job id.
// Names are split into words (snake, kebab, camel case), so `dbt_path` never reads as "pat".

/** An input or variable holding a dbt Cloud host or base URL. */
export function isDbtUrlInput(name: string): boolean {
  const w = nameWords(name);
  // An id is an id whatever it is the id of (`dbt_cloud_base_job_id`: the job a CI run compares with).
  if (w.includes('id') || w.includes('ids')) return false;
  return w.some((x) => ['url', 'host', 'base', 'domain', 'endpoint', 'tenant'].includes(x)) && (hasDbtWord(w) || w.length <= 2);
}

const idInput = (name: string, what: string): boolean => {
  const w = nameWords(name);
  return w.includes(what) && w.includes('id') && !w.includes('project');
};
export const isAccountIdInput = (name: string): boolean => idInput(name, 'account');
export const isJobIdInput = (name: string): boolean => idInput(name, 'job');
export const isRunIdInput = (name: string): boolean => idInput(name, 'run');
