import { describe, expect, it } from 'vitest';
import { extractWith } from '../helpers/extract.js';

// Where the Python adapter finds a token's value when the code does not say it plainly: a
// template fill-in that does not parse, a framework-injected parameter typed with a class the
// module constructs.

const py = (text: string, path = 'scripts/job.py') => extractWith('python', path, text);
const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('python adapter: fill-ins that do not parse', () => {
  it("takes `key = <<FILL>>` as a placeholder literal, not a later line's value", async () => {
    const facts = await py(
      lines(
        'import requests',
        '# the service token',
        'key = <<FILL_ME>>',
        '',
        '# account',
        'acct = 4321',
        'requests.get(f"https://cloud.getdbt.com/api/v2/accounts/{acct}/jobs/", headers={"Authorization": f"Token {key}"})',
      ),
    );
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]!.credential).toEqual({ source: 'literal', value: '<<FILL_ME>>', span: { line: 3, column: 7 } });
  });

  it('also `<your token>` and `<<dbt Cloud token>>`; other unparsed text is unknown', async () => {
    for (const [fill, value] of [
      ['<your token>', '<your token>'],
      ['<<dbt Cloud token>>', '<<dbt Cloud token>>'],
      ['$$$ 42', undefined],
    ] as const) {
      const facts = await py(
        lines(
          'import requests',
          `key = ${fill}`,
          'acct = 4321',
          'requests.get("https://cloud.getdbt.com/api/v2/accounts/1/jobs/", headers={"Authorization": f"Token {key}"})',
        ),
      );
      const cred = facts.callSites[0]?.credential;
      if (value) expect(cred).toMatchObject({ source: 'literal', value });
      else expect(cred?.value).toBeUndefined();
    }
  });
});

describe('python adapter: fields of a typed parameter', () => {
  const resource = (construct: string) =>
    lines(
      'import os',
      'import requests',
      'from dagster import ConfigurableResource, op',
      '',
      'class CloudSettings(ConfigurableResource):',
      '    api_key: str',
      '    account: str',
      '',
      '@op',
      'def run_job(context, settings: CloudSettings):',
      '    url = f"https://cloud.getdbt.com/api/v2/accounts/{settings.account}/jobs/7/run/"',
      '    return requests.post(url, headers={"Authorization": f"Token {settings.api_key}"})',
      '',
      construct,
    );

  it('reads the field from where the module constructs the class', async () => {
    const facts = await py(resource('defs = {"settings": CloudSettings(api_key=os.getenv("ORCH_DBT_KEY"), account="12")}'));
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]!.credential).toMatchObject({ source: 'env', name: 'ORCH_DBT_KEY', span: { line: 14, column: 43 } });
    expect(facts.callSites[0]!.endpoint?.path).toBe('/api/v2/accounts/12/jobs/7/run/');
  });

  it('stays unknown when the module never sets that field', async () => {
    const facts = await py(resource('defs = {"settings": CloudSettings(account="12")}'));
    expect(facts.callSites[0]!.credential).toMatchObject({ source: 'unknown', name: 'settings.api_key' });
  });

  it('does not follow a class of the same name that this module does not define', async () => {
    const facts = await py(
      resource('').replace(/class CloudSettings[\s\S]*?account: str\n/, 'from elsewhere import CloudSettings\n') +
        'CloudSettings(api_key=os.getenv("OTHER_KEY"))\n',
    );
    expect(facts.callSites[0]!.credential).toMatchObject({ source: 'unknown', name: 'settings.api_key' });
  });
});

describe('python adapter: pydantic fields', () => {
  const request = (base: 'BaseSettings' | 'BaseModel', field: string) =>
    lines(
      'import httpx',
      'from pydantic import BaseModel, Field',
      'from pydantic_settings import BaseSettings',
      '',
      `class Job(${base}):`,
      '    account: int = 1',
      `    ${field}`,
      '',
      'job = Job()',
      'httpx.post(f"https://cloud.getdbt.com/api/v2/accounts/{job.account}/jobs/1/run/", headers={"Authorization": f"Token {job.credential}"})',
    );

  it("reads a settings class's field as the environment variable its alias names", async () => {
    const facts = await py(request('BaseSettings', 'credential: str = Field(alias="DBT_CLOUD_SERVICE_TOKEN")'));
    expect(facts.callSites[0]!.credential).toMatchObject({ source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN' });
  });

  it("does not take a plain model's alias for one: its fields come from the data it is given", async () => {
    const facts = await py(request('BaseModel', 'credential: str = Field(alias="dbtServiceToken")'));
    expect(facts.callSites[0]!.credential).not.toMatchObject({ source: 'env' });
    expect(facts.callSites[0]!.credential?.name).not.toBe('dbtServiceToken');
  });

  it("reads a field a base settings class declares, after that class's v1 `Config.env_prefix`", async () => {
    const facts = await py(
      lines(
        'import requests',
        'from pydantic import BaseSettings',
        '',
        'class Base(BaseSettings):',
        '    dbt_token: str',
        '',
        '    class Config:',
        '        env_prefix = "SYNC_"',
        '',
        'class Settings(Base):',
        '    timeout: int = 30',
        '',
        's = Settings()',
        'requests.get("https://cloud.getdbt.com/api/v2/accounts/1/runs/", headers={"Authorization": f"Token {s.dbt_token}"})',
      ),
    );
    expect(facts.callSites[0]!.credential).toMatchObject({ source: 'env', name: 'SYNC_DBT_TOKEN' });
  });
});
