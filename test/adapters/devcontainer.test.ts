import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../src/adapters/registry.js';
import { extractWith } from '../helpers/extract.js';

const run = (text: string) => extractWith('devcontainer', '.devcontainer/devcontainer.json', text);

describe('devcontainer adapter', () => {
  it('is chosen for the dev container config paths only', () => {
    for (const p of ['.devcontainer.json', '.devcontainer/devcontainer.json', '.devcontainer/python/devcontainer.json']) {
      expect(adapterFor(p, '{}')?.id, p).toBe('devcontainer');
    }
    expect(adapterFor('devcontainer.json', '{}')?.id).not.toBe('devcontainer');
    expect(adapterFor('.devcontainer/other.json', '{}')?.id).not.toBe('devcontainer');
  });

  it('reads shell strings, exec arrays and named command sets, but no other property', async () => {
    const f = await run(`{
  "initializeCommand": "curl -H 'Authorization: Token '$DBT_PAT https://cloud.getdbt.com/api/v2/accounts/",
  "onCreateCommand": { "a": ["curl", "-H", "Authorization: Token $DBT_PAT", "https://cloud.getdbt.com/api/v2/accounts/1/jobs/"] },
  "image": "curl https://cloud.getdbt.com/api/v2/accounts/",
  "containerEnv": { "X": "curl https://cloud.getdbt.com/api/v2/accounts/" }
}
`);
    expect(f.callSites.map((c) => [c.span.line, c.endpoint?.path, c.credential?.name])).toEqual([
      [2, '/api/v2/accounts/', 'DBT_PAT'],
      [3, '/api/v2/accounts/1/jobs/', 'DBT_PAT'],
    ]);
  });

  it('reads up to a syntax error and says where it stopped, without quoting the file', async () => {
    const f = await run(
      '{\n  "postCreateCommand": "curl -H \\"Authorization: Token $DBT_PAT\\" https://cloud.getdbt.com/api/v2/accounts/",\n  "x": [\n',
    );
    expect(f.callSites).toHaveLength(1);
    expect(f.problems).toEqual(['not valid JSON at line 4; read up to there']);
  });
});
