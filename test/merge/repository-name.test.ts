import { describe, expect, it } from 'vitest';
import { repositoryNameFromUrl, repositoryNameOption } from '../../src/vcs/repository-name.js';

// The name a report gives its repository, from the origin remote's URL: host and path only, never
// the credentials a CI clone puts in the URL. Tokens are built from pieces: no test holds one whole.

const SERVICE = `dbtc_${'A1b2'.repeat(8)}`;
const GITHUB = `ghs_${'Z9y8'.repeat(9)}`;
const GITLAB = `glpat-${'Qw3r'.repeat(5)}`;

describe('repositoryNameFromUrl', () => {
  it.each([
    [`https://user:${SERVICE}@github.com/o/r.git`, 'o/r'],
    [`https://x-access-token:${GITHUB}@github.com/acme/dags`, 'acme/dags'],
    [`https://${GITHUB}@github.com/acme/dags.git/`, 'acme/dags'],
    ['git@github.com:o/r.git', 'o/r'],
    ['github.com:o/r', 'o/r'],
    ['ssh://git@github.com/o/r.git', 'o/r'],
    ['ssh://git@gitlab.example.com:2222/data/platform/dbt-jobs.git', 'gitlab.example.com/data/platform/dbt-jobs'],
    [`https://oauth2:${GITLAB}@gitlab.com/acme/data/sub/dbt-jobs.git`, 'acme/data/sub/dbt-jobs'],
    [`https://gitlab-ci-token:${GITLAB}@gitlab.com/acme/data/warehouse.git`, 'acme/data/warehouse'],
    ['git@gitlab.com:acme/data/sub/dbt-jobs.git', 'acme/data/sub/dbt-jobs'],
    ['https://github.example.com/acme/dags.git', 'github.example.com/acme/dags'],
    ['https://WWW.GitHub.com/acme/dags', 'acme/dags'],
    [`https://github.com/acme/dags.git?token=${SERVICE}#${SERVICE}`, 'acme/dags'],
    ['https://bitbucket.org/acme/dags.git', 'acme/dags'],
    ['https://acme@dev.azure.com/acme/data/_git/dags', 'dev.azure.com/acme/data/_git/dags'],
    ['git://example.org/pub/dags.git', 'example.org/pub/dags'],
    ['file:///home/alice/src/dags.git', 'dags'],
    ['/home/alice/src/dags.git', 'dags'],
    ['../dags', 'dags'],
  ])('%s → %s', (url, name) => {
    const out = repositoryNameFromUrl(url);
    expect(out).toBe(name);
    expect(out).not.toMatch(/dbtc_|ghs_|glpat-|alice|@/);
  });

  it('nothing that names a repository is undefined', () => {
    for (const url of ['', '   ', 'https://github.com/', 'https://github.com/.git', 'http://[::1', '.'])
      expect(repositoryNameFromUrl(url)).toBeUndefined();
  });
});

describe('repositoryNameOption (--repository)', () => {
  it('keeps a name as given', () => {
    expect(repositoryNameOption('acme/dags')).toBe('acme/dags');
    expect(repositoryNameOption(' Data platform ')).toBe('Data platform');
  });

  it('reads a URL as its name, without credentials', () => {
    expect(repositoryNameOption(`https://gitlab-ci-token:${GITLAB}@gitlab.com/acme/data/warehouse.git`)).toBe('acme/data/warehouse');
    expect(repositoryNameOption('git@github.com:o/r.git')).toBe('o/r');
  });

  it('refuses empty, over-long and control characters', () => {
    for (const v of ['', '  ', 'a'.repeat(201), 'acme/\u001b[31mdags', 'acme\ndags', 'x\u202edags'])
      expect(repositoryNameOption(v)).toBeUndefined();
  });
});
