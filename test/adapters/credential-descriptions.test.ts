import { describe, expect, it } from 'vitest';
import { extractWith } from '../helpers/extract.js';

// Facts adapters give the core so that a token's type can come from beside its definition:
// a Terraform variable's description, a `.env.example` placeholder.

describe('terraform: variable descriptions', () => {
  it('a variable declared without a default is a definition carrying its description', async () => {
    const facts = await extractWith(
      'terraform',
      'infra/variables.tf',
      [
        'variable "cloud_key" {',
        '  type        = string',
        '  description = "dbt Cloud service token for the deploy"',
        '}',
        'variable "region" {',
        '  type = string',
        '}',
      ].join('\n'),
    );
    expect(facts.definitions).toEqual([
      {
        ref: { kind: 'terraform-variable', id: 'cloud_key' },
        credential: { source: 'variable', name: 'cloud_key', description: { text: 'dbt Cloud service token for the deploy', line: 3 } },
        span: expect.objectContaining({ line: 1 }),
      },
    ]);
  });

  it('a default keeps its value and gains the description', async () => {
    const facts = await extractWith(
      'terraform',
      'infra/variables.tf',
      ['variable "cloud_key" {', '  default     = "<set me>"', '  description = "personal access token"', '}'].join('\n'),
    );
    expect(facts.definitions[0]!.credential).toMatchObject({
      source: 'literal',
      value: '<set me>',
      description: { text: 'personal access token', line: 3 },
    });
  });
});

describe('dotenv: named values that are not tokens', () => {
  it('keeps placeholders and empty values under secret-like names, for code elsewhere', async () => {
    const facts = await extractWith(
      'dotenv',
      '.env.example',
      [
        'DBT_HOST=cloud.getdbt.com',
        'DBT_TOKEN=your-service-token',
        '# dbt Cloud personal access token',
        'ANALYTICS_KEY=',
        'LOG_LEVEL=debug',
        'DBT_PASSWORD=${FROM_VAULT}',
      ].join('\n'),
    );
    // DBT_TOKEN beside a dbt Cloud host is itself a setting of the tool (a config site); the
    // generic ANALYTICS_KEY is not, but both tell code elsewhere what the name holds.
    expect(facts.callSites.map((c) => [c.kind, c.span.line, c.credential?.name, c.credential?.value])).toEqual([
      ['config', 2, 'DBT_TOKEN', 'your-service-token'],
    ]);
    expect(facts.namedValues).toEqual([
      {
        span: { line: 2, column: 11 },
        credential: { source: 'literal', name: 'DBT_TOKEN', value: 'your-service-token', span: { line: 2, column: 11 } },
      },
      { span: { line: 4, column: 15 }, credential: { source: 'literal', name: 'ANALYTICS_KEY', value: '', span: { line: 4, column: 15 } } },
    ]);
  });
});
