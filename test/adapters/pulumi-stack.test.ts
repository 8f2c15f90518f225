import { describe, expect, it } from 'vitest';
import { extractWith } from '../helpers/extract.js';

const run = (path: string, text: string) => extractWith('pulumi-stack', path, text);

describe('pulumi-stack adapter', () => {
  it("reports the stack's dbt Cloud provider token where it is set, production unless the stack says otherwise", async () => {
    const prod = await run(
      'Pulumi.prod.yaml',
      'config:\n  dbtcloud:accountId: "12345"\n  dbtcloud:token:\n    secure: AAABAFakeCipherText0123456789\n',
    );
    expect(prod.callSites).toMatchObject([
      {
        kind: 'terraform',
        span: { line: 3 },
        credential: { source: 'secret', name: 'dbtcloud:token' },
        workflow: 'terraform-production',
        accountIds: ['12345'],
      },
    ]);
    const dev = await run('infra/Pulumi.dev.yaml', 'config:\n  dbtcloud:token:\n    secure: AAABAFakeCipherText0123456789\n');
    expect(dev.callSites[0]).toMatchObject({ workflow: 'terraform-staging' });
  });

  it('reads a plain token as written, and a placeholder as nothing', async () => {
    const plain = await run('Pulumi.prod.yaml', `config:\n  dbtcloud:token: dbtc_${'x1Y2z3'.repeat(8)}ab\n`);
    expect(plain.callSites[0]?.credential).toMatchObject({ source: 'literal' });
    expect(plain.credentialSites).toHaveLength(1);
    expect((await run('Pulumi.prod.yaml', 'config:\n  dbtcloud:token: <your-service-token>\n')).callSites).toEqual([]);
  });

  it('gives a parse problem by line only, never quoting the file', async () => {
    const facts = await run('Pulumi.prod.yaml', 'config:\n  dbtcloud:token: [unclosed\n');
    expect(facts.problems.join('\n')).not.toContain('unclosed');
  });
});
