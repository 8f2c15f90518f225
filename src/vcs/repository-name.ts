import { isExpectedIoError, isParseError, rethrowUnless, UsageError } from '../errors.js';
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitAsync } from './git.js';
import { workTreeTop } from './work-tree.js';

// The name a JSON report gives its repository (`scan --repository`, and its default from the
// `origin` remote), so that `merge` can tell the reports of an organisation apart. A remote URL
// often carries a credential (`https://x-access-token:TOKEN@github.com/o/r.git`, CI job tokens,
// `?private_token=`): only the host and the path survive, never the user information, the query
// or the fragment. The name is `owner/name` (or `group/subgroup/name`) on the public hosts whose
// tools name repositories that way (`gh repo list --json nameWithOwner`, GitLab's
// path_with_namespace), and `host/owner/name` on any other host, where the path alone could clash.

const PUBLIC_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'codeberg.org']);

/** `git@github.com:o/r.git`, `user@host:path`: scp-like syntax, as git reads it (no `//` after the colon). */
const SCP_LIKE = /^(?:[^/]*@)?([A-Za-z0-9.-]+):(?!\/\/)(.*)$/;

/** What is left of a remote URL once its credentials are gone; undefined when nothing names a repository. */
export function repositoryNameFromUrl(raw: string): string | undefined {
  const url = raw.trim();
  if (!url) return undefined;
  let host: string | undefined;
  let path: string;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (e) {
      rethrowUnless(e, isParseError);
      return undefined;
    }
    // URL parsing keeps user, password, query and fragment apart: none of them is read below.
    host = parsed.protocol === 'file:' ? undefined : parsed.hostname.toLowerCase().replace(/^www\./, '');
    path = safeDecode(parsed.pathname);
  } else {
    const scp = SCP_LIKE.exec(url);
    if (scp && !/^[A-Za-z]$/.test(scp[1]!)) {
      host = scp[1]!.toLowerCase();
      path = scp[2]!.replace(/[?#].*$/, '');
    } else {
      // A local path (`/srv/git/data.git`, `../data`): its last part, never the folders above it.
      host = undefined;
      path = url.replace(/[?#].*$/, '');
    }
  }
  const parts = path.split(/[/\\]+/).filter((p) => p && p !== '.' && p !== '..');
  if (!parts.length) return undefined;
  parts[parts.length - 1] = parts[parts.length - 1]!.replace(/\.git$/i, '');
  if (!parts[parts.length - 1]) parts.pop();
  if (!parts.length) return undefined;
  if (host === undefined || host === '') return parts[parts.length - 1];
  return PUBLIC_HOSTS.has(host) ? parts.join('/') : `${host}/${parts.join('/')}`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch (e) {
    rethrowUnless(e, isParseError);
    return s;
  }
}

/** The most a `--repository` value may be: a name, not a document. */
const MAX_NAME = 200;

/**
 * A `--repository` value as given, or, when it is a URL, the name in it without its credentials
 * (someone will pass `$CI_REPOSITORY_URL`). Undefined when nothing is left.
 */
export function repositoryNameOption(value: string): string | undefined {
  const v = value.trim();
  const named = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(v) || /^[^/\s]*@[A-Za-z0-9.-]+:/.test(v) ? repositoryNameFromUrl(v) : v;
  if (named === undefined || named === '' || named.length > MAX_NAME || /[\p{Cc}\p{Cf}]/u.test(named)) return undefined;
  return named;
}

/**
 * The name from the `origin` remote of the repository `folder` is in: one local `git config`
 * read (no network, includes not followed), undefined outside git, without an origin, or when
 * git cannot run. A report without a name is still a report; `merge` names it after its file.
 */
export async function originRepositoryName(folder: string): Promise<string | undefined> {
  const top = workTreeTop(folder);
  if (!top) return undefined;
  // Read from the repository's own config file when it says it plainly: starting git costs more
  // than the rest of a five-file pre-commit scan's set-up.
  const written = originUrlInConfigFile(top);
  if (written !== undefined) return written === null ? undefined : repositoryNameFromUrl(written);
  try {
    const out = await gitAsync(folder, ['config', '--local', '--no-includes', '--get', 'remote.origin.url']);
    return repositoryNameFromUrl(out.toString('utf8').split('\n')[0] ?? '');
  } catch (e) {
    // gitAsync's UsageError: git cannot run, or there is no origin (`config --get` exits 1).
    rethrowUnless(e, (x) => x instanceof UsageError, isExpectedIoError);
    return undefined;
  }
}

/**
 * `remote.origin.url` as `.git/config` writes it (the last of several, as `git config --get`
 * answers); null when the file names no origin. Undefined whenever git's own reading could
 * differ: `.git` is a file (a linked work tree, a submodule), the file is unreadable, or the
 * section or value is written in a form this reader does not take (quotes, escapes, the old
 * `[remote.origin]` spelling); git is asked then.
 */
export function originUrlInConfigFile(top: string): string | null | undefined {
  let text: string;
  try {
    if (!lstatSync(join(top, '.git')).isDirectory()) return undefined;
    const config = join(top, '.git', 'config');
    if (!lstatSync(config).isFile()) return undefined;
    text = readFileSync(config, 'utf8');
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return undefined;
  }
  if (text.length > 1_000_000 || /^[ \t]*\[[ \t]*remote[ \t]*\./im.test(text)) return undefined;
  let inOrigin = false;
  let url: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      const header = /^\[\s*([A-Za-z0-9.-]+)\s*(?:"([^"\\]*)")?\s*\]\s*(?:[#;].*)?$/.exec(line);
      if (!header) return undefined;
      inOrigin = header[1]!.toLowerCase() === 'remote' && header[2] === 'origin';
      continue;
    }
    if (!inOrigin) continue;
    const entry = /^url\s*=\s*(.*)$/i.exec(line);
    if (!entry) continue;
    // Comments (`#`, `;`), quotes and escapes have git's own rules: git reads those values.
    const value = entry[1]!.trim();
    if (/["\\#;]/.test(value) || value === '') return undefined;
    url = value;
  }
  return url;
}
