import { isParseError, rethrowUnless } from '../errors.js';
import { pathToFileURL } from 'node:url';
import { gitRun } from '../vcs/git.js';

/**
 * The repository as a URI for SARIF's versionControlProvenance: the `origin` remote's URL with any
 * user name, password or token taken out (`https://x-access-token:…@github.com/o/r` is common in
 * CI), scp-style `git@host:o/r.git` as `ssh://host/o/r.git`; else the work tree as a file URI.
 */
export function repositoryUri(top: string): string {
  const res = gitRun(top, ['config', '--get', 'remote.origin.url']);
  const url = res.status === 0 ? res.stdout.toString('utf8').trim() : '';
  return (url && withoutCredentials(url)) || pathToFileURL(top).href;
}

export function withoutCredentials(url: string): string | undefined {
  const scp = /^(?:[^@/:]+@)?([^/:]+):(?!\/\/)(.+)$/.exec(url);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return `ssh://${scp[1]}/${scp[2]}`;
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.href;
  } catch (e) {
    rethrowUnless(e, isParseError);
    return undefined;
  }
}
