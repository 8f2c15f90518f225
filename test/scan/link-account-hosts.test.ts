import { describe, expect, it } from 'vitest';
import type { CredentialFact } from '../../src/model/extracted.js';
import type { ClassifiedCallSite } from '../../src/model/classified.js';
import { linkAccountHosts } from '../../src/scan/link-account-hosts.js';

// The linking step behind legacy-host-for-cell-account: a call to a shared host learns the
// account's own host from another call of the same account (same id, or same credential).

const cred = (name?: string): CredentialFact =>
  name
    ? { type: 'service-token', source: 'env', evidence: 'name', name, identity: `env:${name}` }
    : { type: 'unknown', source: 'unknown', evidence: 'none' };

let line = 0;
const site = (file: string, host: string, accountIds: string[], credential = cred()): ClassifiedCallSite => ({
  file,
  span: { line: ++line, column: 1 },
  kind: 'http',
  endpoint: { host, path: '/api/v2/accounts/' },
  credential,
  workflow: 'script',
  production: false,
  accountIds,
  documented: 'yes',
  accountListing: false,
  userContext: false,
});

describe('linkAccountHosts', () => {
  it('links by a literal account id, naming the first place the own host is used', () => {
    const own1 = site('a.py', 'li589.us1.dbt.com', ['7']);
    const own2 = site('b.py', 'zz999.us1.dbt.com', ['7']);
    const shared = site('c.py', 'cloud.getdbt.com', ['7']);
    const metadata = site('d.py', 'metadata.cloud.getdbt.com', ['8', '7']);
    linkAccountHosts([own1, own2, shared, metadata]);
    expect(shared.ownHost).toEqual({ host: 'li589.us1.dbt.com', file: 'a.py', line: own1.span.line });
    expect(metadata.ownHost?.host).toBe('li589.us1.dbt.com');
    expect(own1.ownHost).toBeUndefined();
  });

  it('links by one CI secret or one value across files, and by an env var within its file, when no account ids disagree', () => {
    const secret = (name: string): CredentialFact => ({
      type: 'service-token',
      source: 'secret',
      evidence: 'name',
      name,
      identity: `secret:${name}`,
    });
    const own = site('a.yml', 'xe054.us1.dbt.com', [], secret('DBT_CLOUD_SERVICE_TOKEN'));
    const noIds = site('b.yml', 'metadata.cloud.getdbt.com', [], secret('DBT_CLOUD_SERVICE_TOKEN'));
    const withIds = site('c.yml', 'emea.dbt.com', ['5'], secret('DBT_CLOUD_SERVICE_TOKEN'));
    const other = site('d.yml', 'cloud.getdbt.com', [], secret('OTHER_TOKEN'));
    const literal: CredentialFact = {
      type: 'pat',
      source: 'variable',
      evidence: 'format',
      name: 'TOKEN',
      redacted: 'dbtu_…AbCd',
      identity: 'h1',
    };
    const ownLiteral = site('e.py', 'qz421.eu1.dbt.com', [], literal);
    const sharedLiteral = site('f.py', 'emea.dbt.com', [], { ...literal, name: 'API_TOKEN' });
    const ownEnv = site('g.py', 'gc112.us1.dbt.com', [], cred('DBT_API_KEY'));
    const sameFileEnv = site('g.py', 'cloud.getdbt.com', [], cred('DBT_API_KEY'));
    const otherFileEnv = site('h.py', 'cloud.getdbt.com', [], cred('DBT_API_KEY'));
    linkAccountHosts([own, noIds, withIds, other, ownLiteral, sharedLiteral, ownEnv, sameFileEnv, otherFileEnv]);
    expect(noIds.ownHost?.host).toBe('xe054.us1.dbt.com');
    expect(withIds.ownHost?.host).toBe('xe054.us1.dbt.com');
    expect(sharedLiteral.ownHost?.host).toBe('qz421.eu1.dbt.com');
    expect(sameFileEnv.ownHost?.host).toBe('gc112.us1.dbt.com');
    // a folder of scripts reading the same env var may be run with any account's token
    expect(otherFileEnv.ownHost).toBeUndefined();
    expect(other.ownHost).toBeUndefined();
  });

  it('does not link a credential used with another account id, nor another account, nor a placeholder host', () => {
    const own = site('a.py', 'zk301.us1.dbt.com', ['111'], cred('DBT_CLOUD_API_TOKEN'));
    const sameCredOtherAccount = site('a.py', 'cloud.getdbt.com', ['222'], cred('DBT_CLOUD_API_TOKEN'));
    const otherAccount = site('b.py', 'cloud.getdbt.com', ['333']);
    const placeholder = site('c.py', '{prefix}.us1.dbt.com', ['444'], cred('T'));
    const sharedSameAsPlaceholder = site('d.py', 'cloud.getdbt.com', ['444'], cred('T'));
    const example = site('e.md', 'abc123.us1.dbt.com', ['1']);
    const sharedExample = site('f.py', 'cloud.getdbt.com', ['1']);
    linkAccountHosts([own, sameCredOtherAccount, otherAccount, placeholder, sharedSameAsPlaceholder, example, sharedExample]);
    for (const s of [sameCredOtherAccount, otherAccount, sharedSameAsPlaceholder, sharedExample]) expect(s.ownHost).toBeUndefined();
  });
});
