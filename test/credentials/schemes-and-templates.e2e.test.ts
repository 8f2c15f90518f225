import { describe, expect, it } from 'vitest';
import { makeRepo, runCli } from '../helpers/run-cli.js';

// Credential knowledge that adapters used to hold in copies that disagreed, checked through the
// built CLI: every language reads an Authorization scheme in any case, redaction masks a value
// after a lowercase scheme as it does after `Token`, and every `.env` template name (`example.env`
// as well as `.env.example`) is a template the inventory does not call an env file.

const JOBS = (account: number): string => `https://cloud.getdbt.com/api/v2/accounts/${account}/jobs/`;

interface Site {
  file: string;
  line: number;
  credential: { type: string; source: string; name?: string };
}

function scanJson(files: Record<string, string>): { callSites: Site[] } {
  const res = runCli(['scan', '.', '--format', 'json'], makeRepo(files));
  expect(res.stderr).toBe('');
  return JSON.parse(res.stdout) as { callSites: Site[] };
}

describe('Authorization schemes in any case, in every language', () => {
  // file, text: line 1 (or the first block) sends `bearer` + the service token, the next `TOKEN` + the PAT
  const table: [string, string][] = [
    [
      'run.sh',
      `#!/bin/sh
curl -H "authorization: bearer $DBT_CLOUD_SERVICE_TOKEN" ${JOBS(1)}
curl -H "Authorization: TOKEN $DBT_CLOUD_PAT" ${JOBS(2)}
`,
    ],
    [
      'call.py',
      `import os, requests
requests.get("${JOBS(3)}", headers={"Authorization": f"bearer {os.environ['DBT_CLOUD_SERVICE_TOKEN']}"})
requests.get("${JOBS(4)}", headers={"Authorization": f"TOKEN {os.environ['DBT_CLOUD_PAT']}"})
`,
    ],
    [
      'call.js',
      `fetch("${JOBS(5)}", { headers: { Authorization: \`bearer \${process.env.DBT_CLOUD_SERVICE_TOKEN}\` } });
fetch("${JOBS(6)}", { headers: { Authorization: \`TOKEN \${process.env.DBT_CLOUD_PAT}\` } });
`,
    ],
    [
      'main.tf',
      `data "http" "a" {
  url = "${JOBS(7)}"
  request_headers = { Authorization = "bearer \${var.dbt_cloud_service_token}" }
}
data "http" "b" {
  url = "${JOBS(8)}"
  request_headers = { Authorization = "TOKEN \${var.dbt_cloud_pat}" }
}
`,
    ],
  ];
  for (const [file, text] of table) {
    it(file, () => {
      const sites = scanJson({ [file]: text })
        .callSites.filter((s) => s.file === file)
        .sort((a, b) => a.line - b.line);
      expect(sites.map((s) => [s.credential.type, s.credential.name?.toUpperCase()])).toEqual([
        ['service-token', 'DBT_CLOUD_SERVICE_TOKEN'],
        ['pat', 'DBT_CLOUD_PAT'],
      ]);
    });
  }
});

describe('redaction after a scheme written in lowercase', () => {
  it('masks a secret after `bearer` in the code frame as after `Bearer`', () => {
    const other = 'Zq7'.repeat(6);
    const pat = `dbtu_${'A1b2'.repeat(13).slice(0, 50)}`;
    const root = makeRepo({
      'run.sh': `#!/bin/sh\ncurl -H "Authorization: Token ${pat}" -H "Proxy-Authorization: bearer ${other}" ${JOBS(1)}\n`,
    });
    for (const format of ['text', 'sarif', 'json']) {
      const res = runCli(['scan', '.', '--format', format], root);
      expect(res.status).toBe(1);
      expect(res.stdout).not.toContain(other);
      expect(res.stdout).not.toContain(pat);
    }
    expect(runCli(['scan', '.', '--format', 'text'], root).stdout).toContain(`bearer …${other.slice(-4)}`);
  });
});

describe('.env templates by every name', () => {
  interface Group {
    store: { kind: string };
    callSites: { file: string }[];
  }
  const inventory = (envFile: string): Record<string, string> => {
    const res = runCli(
      ['inventory', '.', '--format', 'json'],
      makeRepo({
        [envFile]: 'DBT_CLOUD_API_TOKEN=<your-service-token>\n',
        'run.sh': `#!/bin/sh\ncurl -H "Authorization: Token $DBT_CLOUD_API_TOKEN" ${JOBS(1)}\n`,
      }),
    );
    expect(res.status).toBe(0);
    const groups = (JSON.parse(res.stdout) as { groups: Group[] }).groups;
    return Object.fromEntries(groups.flatMap((g) => g.callSites.map((c) => [c.file, g.store.kind])));
  };
  // A template no program loads: the script's variable comes from its environment, not from the file.
  for (const name of ['.env.example', 'example.env', '.env.sample', '.env.tmpl', '.env.tpl']) {
    it(`${name} is a template`, () => expect(inventory(name)).toEqual({ 'run.sh': 'environment', [name]: 'env-template' }));
  }
});
