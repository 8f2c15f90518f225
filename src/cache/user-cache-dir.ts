import { isExpectedIoError, rethrowUnless } from '../errors.js';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** This tool's folder in the user's cache folder (XDG_CACHE_HOME, else ~/.cache); undefined without a home. */
export function userCacheDir(): string | undefined {
  if (process.env.XDG_CACHE_HOME) return join(process.env.XDG_CACHE_HOME, 'dbt-token-scan');
  let home = process.env.HOME;
  try {
    home ||= homedir();
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    /* no home folder */
  }
  return home ? join(home, '.cache', 'dbt-token-scan') : undefined;
}
