import { describe, expect, it } from 'vitest';
import { isFillIn, isInterpolation, isTemplateFileName, type InterpolationLevel } from '../../src/credentials/placeholders.js';

// What passes a value on, what stands in for code, and which files are templates: the parts of
// placeholder detection that the audit, the `.env` adapter, the Python evaluator and the
// inventory's credential stores each wrote for themselves.

describe('interpolations, by level', () => {
  const levels: InterpolationLevel[] = ['whole', 'contains'];
  // value, then 'whole', 'contains'
  const table: [string, boolean, boolean][] = [
    ['${{ secrets.DBT_TOKEN }}', true, true],
    ['${DBT_TOKEN}', true, true],
    ['$DBT_TOKEN', true, true],
    ['$(cat token.txt)', true, true],
    ["{{ env_var('DBT_TOKEN') }}", true, true],
    // Part of a value: only where a loader expands it.
    ['Token ${DBT_TOKEN}', false, true],
    ['prefix-{{ token }}', false, true],
    ['${DBT_TOKEN}-suffix', false, true],
    ['$DBT_TOKEN/x', false, true],
    // Not an interpolation.
    ['<your-token>', false, false],
    ['changeme', false, false],
    ['$1', false, false],
    ['costs $5', false, false],
  ];
  for (const [value, ...expected] of table) {
    levels.forEach((level, i) => it(`${level}: ${value}`, () => expect(isInterpolation(value, level)).toBe(expected[i])));
  }
});

describe('template fill-ins written where code belongs', () => {
  const table: [string, boolean][] = [
    ['<<TOKEN>>', true],
    ['<your token>', true],
    ['{{ token }}', true],
    ['<>', false],
    [`<${'x'.repeat(81)}>`, false],
    ['<a\nb>', false],
    ['os.environ["X"]', false],
    ['<a> + <b>', false],
  ];
  for (const [text, yes] of table) it(JSON.stringify(text).slice(0, 30), () => expect(isFillIn(text)).toBe(yes));
});

describe('template file names', () => {
  const table: [string, boolean][] = [
    ['.env.example', true],
    ['example.env', true],
    ['.env.sample', true],
    ['config.yml.template', true],
    ['.env.tmpl', true],
    ['.env.tpl', true],
    ['.env.dist', true],
    ['.ENV.EXAMPLE', true],
    ['.env_template', true],
    ['.env-example', true],
    ['.env', false],
    ['.env.production', false],
    ['.env.local', false],
    ['examples.py', false],
    ['my-example', false],
  ];
  for (const [name, yes] of table) it(name, () => expect(isTemplateFileName(name)).toBe(yes));
});
