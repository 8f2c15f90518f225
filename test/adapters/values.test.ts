import { describe, expect, it } from 'vitest';
import type { RawCredential, RawEndpoint, Span } from '../../src/model/raw-facts.js';
import { EvalBudget, fits } from '../../src/adapters/shared/values/budget.js';
import { partCredential, SPANNED, toCredential, type MixedToken, type Places } from '../../src/adapters/shared/values/credential.js';
import { toEndpoint, type UrlReading } from '../../src/adapters/shared/values/endpoint.js';
import {
  credentialPart,
  literal,
  literalText,
  mergeLiterals,
  render,
  type Part,
  type Reference,
  type Unknown,
} from '../../src/adapters/shared/values/parts.js';

// The value model every language's evaluator produces (src/adapters/shared/values/): what a resolved
// string reads as when it is a URL (toEndpoint) and when it is a token (toCredential), over
// literal, reference, mixed and unknown values.

const at = (line: number, column: number): Span => ({ line, column });
const env = (name: string, span?: Span): Reference => ({ kind: 'reference', source: 'env', name, ...(span ? { span } : {}) });
const unknown = (name?: string, span?: Span): Unknown => ({ kind: 'unknown', ...(name ? { name } : {}), ...(span ? { span } : {}) });
const dbtHost = (p: Reference | Unknown, fallback?: string): Part => ({
  ...p,
  dbtHost: true,
  ...(fallback ? { fallback: literal(fallback) } : {}),
});

describe('toEndpoint', () => {
  const CASES: [string, Part[], UrlReading, RawEndpoint | undefined][] = [
    [
      'a literal dbt Cloud API URL',
      [literal('https://cloud.getdbt.com/api/v2/accounts/12/jobs/')],
      {},
      { url: 'https://cloud.getdbt.com/api/v2/accounts/12/jobs/', path: '/api/v2/accounts/12/jobs/', host: 'cloud.getdbt.com' },
    ],
    ['a literal link to the docs', [literal('https://docs.getdbt.com/docs/dbt-cloud-apis/overview')], {}, undefined],
    [
      'a dbt-named reference as the host',
      [env('DBT_CLOUD_HOST'), literal('/api/v2/accounts/')],
      {},
      { url: '{DBT_CLOUD_HOST}/api/v2/accounts/', path: '/api/v2/accounts/', host: '{DBT_CLOUD_HOST}' },
    ],
    [
      'pieces written apart read as one URL',
      [literal('https://'), literal('cloud.getdbt.com'), literal('/api/v3/accounts/'), env('ACCOUNT')],
      {},
      { url: 'https://cloud.getdbt.com/api/v3/accounts/{ACCOUNT}', path: '/api/v3/accounts/{ACCOUNT}', host: 'cloud.getdbt.com' },
    ],
    [
      'an unknown host with a path only dbt Cloud has',
      [unknown('base'), literal('/api/v2/accounts/1/')],
      {},
      { url: '{base}/api/v2/accounts/1/', path: '/api/v2/accounts/1/', host: '{base}' },
    ],
    [
      'an unnamed unknown host renders as {value}',
      [unknown(), literal('/api/v2/accounts/1/')],
      {},
      { url: '{value}/api/v2/accounts/1/', path: '/api/v2/accounts/1/', host: '{value}' },
    ],
    ['an unknown host with a path any API has', [literal('https://'), unknown('HOST'), literal('/api/v2/jobs/')], {}, undefined],
    [
      'the same host known to hold a dbt Cloud host, after a literal scheme',
      [literal('https://'), dbtHost(unknown('HOST')), literal('/api/v2/jobs/')],
      {},
      { url: 'https://{HOST}/api/v2/jobs/', path: '/api/v2/jobs/', host: '{HOST}' },
    ],
    [
      'or known so from elsewhere',
      [literal('https://'), unknown('HOST'), literal('/api/v2/jobs/')],
      { hostIsDbt: true },
      { url: 'https://{HOST}/api/v2/jobs/', path: '/api/v2/jobs/', host: '{HOST}' },
    ],
    ['a dbt host placeholder under a Databricks API path', [dbtHost(env('DBT_HOST')), literal('/api/2.0/jobs/run-now')], {}, undefined],
    ['a fill-in host, read as written', [literal('<ENTER_ACCESS_URL>/api/v3/accounts/')], {}, undefined],
    [
      'a fill-in host, with the host conventions of sample code',
      [literal('<ENTER_ACCESS_URL>/api/v3/accounts/')],
      { sampleHosts: true },
      { url: '{ENTER_ACCESS_URL}/api/v3/accounts/', path: '/api/v3/accounts/', host: '{ENTER_ACCESS_URL}' },
    ],
    [
      'a dotted placeholder label before a dbt domain',
      [literal('https://'), unknown('self.prefix'), literal('.us1.dbt.com/api/v2/')],
      {},
      undefined,
    ],
    [
      'the same with the host conventions of sample code',
      [literal('https://'), unknown('self.prefix'), literal('.us1.dbt.com/api/v2/')],
      { sampleHosts: true },
      { url: 'https://{self.prefix}.us1.dbt.com/api/v2/', path: '/api/v2/', host: '{self.prefix}.us1.dbt.com' },
    ],
    ['an over-long URL', [literal(`https://cloud.getdbt.com/api/v2/${'a'.repeat(4000)}`)], {}, undefined],
  ];
  it.each(CASES)('%s', (_what, value, how, expected) => {
    expect(toEndpoint(value, how)).toEqual(expected);
  });
});

describe('toCredential', () => {
  const s1 = at(3, 7);
  const s2 = at(9, 2);
  const CASES: [string, Part[], MixedToken, RawCredential | undefined][] = [
    ['a literal', [literal('dbtc_abc', s1)], 'reference', { source: 'literal', value: 'dbtc_abc', span: s1 }],
    [
      'a literal held by a variable, named after it',
      [{ ...literal('abc', s1), holder: 'TOKEN' }],
      'unknown',
      { source: 'literal', value: 'abc', name: 'TOKEN', span: s1 },
    ],
    [
      'literal pieces, trimmed at both ends',
      [literal('  ab', s1), literal('cd  ', s2)],
      'reference',
      { source: 'literal', value: 'abcd', span: s1 },
    ],
    ['a blank value', [literal('   ', s1)], 'reference', undefined],
    ['an empty value', [], 'reference', undefined],
    ['a reference', [env('DBT_TOKEN', s1)], 'unknown', { source: 'env', name: 'DBT_TOKEN', span: s1 }],
    [
      'a reference to a definition elsewhere, with what its definition says',
      [
        {
          kind: 'reference',
          source: 'secret',
          name: 'dbt',
          definition: { kind: 'jenkins-credential', id: 'dbt' },
          description: { text: 'a PAT', line: 2 },
          span: s1,
        },
      ],
      'unknown',
      { source: 'secret', name: 'dbt', ref: { kind: 'jenkins-credential', id: 'dbt' }, span: s1, description: { text: 'a PAT', line: 2 } },
    ],
    ['an unknown value', [unknown('api_key')], 'reference', { source: 'unknown', name: 'api_key' }],
    ['an unnamed unknown value', [unknown(undefined, s1)], 'reference', { source: 'unknown', span: s1 }],
    ['text then a reference: the reference', [literal('x', s1), env('T', s2)], 'reference', { source: 'env', name: 'T', span: s2 }],
    [
      'an unknown then a reference: the reference',
      [unknown('prefix', s1), env('T', s2)],
      'reference',
      { source: 'env', name: 'T', span: s2 },
    ],
    [
      'an unknown then a reference: the first part',
      [unknown('prefix', s1), env('T', s2)],
      'first',
      { source: 'unknown', name: 'prefix', span: s1 },
    ],
    [
      'an unknown then a reference: unknown, where it starts',
      [unknown('prefix', s1), env('T', s2)],
      'unknown',
      { source: 'unknown', span: s1 },
    ],
    ['text around a reference, read whole as unknown', [literal(' a', s1), env('T', s2)], 'unknown', { source: 'unknown', span: s1 }],
  ];
  it.each(CASES)('%s (%s)', (_what, value, mixed, expected) => {
    expect(toCredential(value, { ...SPANNED, mixed })).toEqual(expected);
  });

  it('drops blank pieces among the others only when asked', () => {
    const value = [literal('ab', s1), literal(' '), literal('cd')];
    expect(toCredential(value, { ...SPANNED, mixed: 'first' })?.value).toBe('ab cd');
    expect(toCredential(value, { ...SPANNED, mixed: 'first', dropBlanks: true })?.value).toBe('abcd');
  });

  it("places a token through the evaluator's own positions", () => {
    // Parts placed by offset into one line: the token starts after the blanks trimmed off.
    type Offset = Part & { offset: number };
    const places: Places<Offset> = {
      spanOf: (p) => at(1, p.offset + 1),
      dropStart: (p, n) => ({ ...p, text: p.text.slice(n), offset: p.offset + n }),
      join: (a, b) => (a.offset + a.text.length === b.offset ? { ...a, text: a.text + b.text } : undefined),
      startOf: () => at(1, 1),
    };
    const lit = (text: string, offset: number): Offset => ({ kind: 'literal', text, offset });
    expect(toCredential([lit('   abc', 10), lit('def', 16)], { ...places, mixed: 'unknown' })).toEqual({
      source: 'literal',
      value: 'abcdef',
      span: at(1, 14),
    });
    // Pieces written apart stay apart and are joined as text, at the first one's place.
    expect(toCredential([lit('abc', 10), lit('def', 30)], { ...places, mixed: 'unknown' })).toEqual({
      source: 'literal',
      value: 'abcdef',
      span: at(1, 11),
    });
    const ref: Offset = { kind: 'reference', source: 'env', name: 'T', offset: 20 };
    expect(toCredential([lit('x', 10), ref], { ...places, mixed: 'unknown' })).toEqual({ source: 'unknown', span: at(1, 1) });
  });

  it("turns a binding's credential into a part and back", () => {
    const c: RawCredential = {
      source: 'secret',
      name: 'DBT_PAT',
      ref: { kind: 'jenkins-credential', id: 'x' },
      span: s1,
      description: { text: 'PAT', line: 1 },
    };
    const p = credentialPart(c);
    expect(p).toMatchObject({ kind: 'reference', source: 'secret', name: 'DBT_PAT' });
    expect(partCredential(p as Reference, p.span)).toEqual(c);
    expect(credentialPart({ source: 'literal', value: 'abc', name: 'T' })).toEqual({ kind: 'literal', text: 'abc', holder: 'T' });
  });
});

describe('parts', () => {
  it.each([
    ['literal', [literal('a'), literal('b')], 'ab', 'ab'],
    ['reference', [env('HOST'), literal('/x')], undefined, '{HOST}/x'],
    ['unknown', [literal('a/'), unknown('id'), unknown()], undefined, 'a/{id}{value}'],
  ] as [string, Part[], string | undefined, string][])('%s: literal text and rendering', (_what, value, text, rendered) => {
    expect(literalText(value)).toBe(text);
    expect(render(value)).toBe(rendered);
  });

  it('merges literals where the evaluator joins them, and drops empty ones', () => {
    const joined = mergeLiterals([literal('a'), literal(''), literal('b'), env('X'), literal('c')], (a, b) => ({
      ...a,
      text: a.text + b.text,
    }));
    expect(joined).toEqual([literal('ab'), env('X'), literal('c')]);
    expect(mergeLiterals([literal('a'), literal('b')], () => undefined)).toEqual([literal('a'), literal('b')]);
  });
});

describe('EvalBudget', () => {
  it('counts steps, nesting and cuts', () => {
    const b = new EvalBudget({ steps: 3, depth: 2 });
    expect(b.enter()).toBe(true);
    expect(b.enter()).toBe(true);
    expect(b.enter()).toBe(false); // two evaluations deep already
    expect(b.cut).toBe(1);
    b.leave();
    expect(b.enter()).toBe(false); // the fourth step
    expect(b.cut).toBe(2);
    expect(b.within(1)).toBe(true);
    expect(b.within(2)).toBe(false);
  });

  it('is spent at once when the time is up', () => {
    const b = new EvalBudget({ steps: 100 });
    b.step();
    expect(b.below(0.5)).toBe(true);
    b.exhaust();
    expect(b.below(0.5)).toBe(false);
    expect(b.step()).toBe(false);
  });

  it('bounds the size of one string; a limit left out is none', () => {
    expect(fits({ parts: 2, chars: 10 }, 1, 10)).toBe(true);
    expect(fits({ parts: 2, chars: 10 }, 2, 0)).toBe(false);
    expect(fits({ parts: 2, chars: 10 }, 0, 11)).toBe(false);
    expect(new EvalBudget({}).fits(1e9, 1e9)).toBe(true);
  });
});
