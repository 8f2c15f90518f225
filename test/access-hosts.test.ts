import { describe, expect, it } from 'vitest';
import { hostKind, SHARED_MULTI_TENANT_HOSTS } from '../src/classify/access-hosts.js';
import { isDbtCloudHost } from '../src/classify/endpoint.js';

// Which hosts serve many accounts and which one account (facts §2.1).

describe('hostKind', () => {
  it('names the shared multi-tenant hosts and their API subdomains', () => {
    for (const h of SHARED_MULTI_TENANT_HOSTS) expect(hostKind(h), h).toBe('shared');
    for (const h of [
      'metadata.cloud.getdbt.com',
      'semantic-layer.cloud.getdbt.com',
      'metadata.emea.dbt.com',
      'semantic-layer.au.dbt.com',
      'CLOUD.GETDBT.COM',
      'cloud.getdbt.com:443',
    ]) {
      expect(hostKind(h), h).toBe('shared');
    }
  });

  it('names cell and account-scoped hosts with a literal prefix', () => {
    for (const h of [
      'ab123.us1.dbt.com',
      'ab123.metadata.us1.dbt.com',
      'ab123.semantic-layer.eu1.dbt.com',
      'xy789.eu2.dbt.com',
      'qz42.au1.dbt.com',
      'ab123.dbt.com',
    ]) {
      expect(hostKind(h), h).toBe('account');
    }
  });

  it('does not take placeholders, docs examples, region hosts or web sites for an account host', () => {
    for (const h of [
      '{ACCOUNT_PREFIX}.us1.dbt.com',
      '${DBT_PREFIX}.us1.dbt.com',
      'abc123.us1.dbt.com',
      'abc123.dbt.com',
      'prefix.us1.dbt.com',
      'eu3.dbt.com',
      'jp1.dbt.com',
      'us1.dbt.com',
      'docs.getdbt.com',
      'www.dbt.com',
      'hub.getdbt.com',
      'acme.getdbt.com',
      'example.com',
      undefined,
      '',
    ]) {
      expect(hostKind(h), String(h)).toBe('other');
    }
  });
});

describe('isDbtCloudHost', () => {
  it('takes the hosts of the API: shared, cells, account-scoped, single tenant, and their API subdomains', () => {
    for (const h of [
      'cloud.getdbt.com',
      'emea.dbt.com',
      'ab123.us1.dbt.com',
      'ab123.metadata.eu1.dbt.com',
      'semantic-layer.au.dbt.com',
      'metadata.emea.dbt.com',
      'ab123.dbt.com',
      'acme.getdbt.com',
      'cloud.acme.getdbt.com',
      '{ACCOUNT_PREFIX}.us1.dbt.com',
    ]) {
      expect(isDbtCloudHost(h), h).toBe(true);
    }
  });

  it('not: dbt Labs web sites, nor other services two labels below dbt.com (a telemetry collector)', () => {
    for (const h of ['docs.getdbt.com', 'www.dbt.com', 'state.dbt.com', 'p.vx.dbt.com', 'events.collector.dbt.com', 'example.com']) {
      expect(isDbtCloudHost(h), h).toBe(false);
    }
  });
});
