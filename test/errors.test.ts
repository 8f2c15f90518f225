import { openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { caughtExpected, endExtraction, startExtraction } from '../src/adapters/extraction-limits.js';
import type { ClassifiedCallSite } from '../src/model/classified.js';
import type { CredentialFact } from '../src/model/extracted.js';
import { DEFAULT_CONFIG } from '../src/config/config.js';
import {
  BudgetExceeded,
  internalErrorMessage,
  isBudgetExceeded,
  isExpectedIoError,
  isInternalErrorMessage,
  isParseError,
  rethrowIfStrict,
  rethrowUnless,
  strictMode,
} from '../src/errors.js';
import { effectiveRules, evaluate } from '../src/rules/evaluate.js';
import { loadRules } from '../src/rules/load-rules.js';

// The error vocabulary of src/errors.ts: what a catch may expect, and what becomes of the rest.

/** The error `f` throws. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('nothing thrown');
}

const deep = (n: number): number => (n <= 0 ? 0 : 1 + deep(n - 1));

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('expected kinds', () => {
  it("parse errors: JSON, URI, URL, YAML, a parser that trapped; not a bug's TypeError", () => {
    for (const e of [
      thrown(() => JSON.parse('{nope')),
      thrown(() => decodeURIComponent('%E0%A4%A')),
      thrown(() => new URL('not a url')),
      thrown(() => parseYaml('a: [')),
      Object.assign(new Error('unreachable'), { name: 'RuntimeError' }),
      thrown(() => new RegExp(['('].join(''))), // a pattern from the input
    ])
      expect(isParseError(e), String(e)).toBe(true);
    expect(isParseError(thrown(() => (null as unknown as { a: number }).a))).toBe(false);
    expect(isParseError(new Error('x'))).toBe(false);
  });

  it("budgets: ours, and the engine's call stack; not any RangeError", () => {
    expect(isBudgetExceeded(new BudgetExceeded('too many aliases'))).toBe(true);
    expect(isBudgetExceeded(thrown(() => deep(1e7)))).toBe(true);
    expect(isBudgetExceeded(thrown(() => 'x'.repeat(-1)))).toBe(false);
    expect(isBudgetExceeded(new TypeError('x'))).toBe(false);
  });

  it('I/O: a failed system call, a missing package; not a bad argument nor a descriptor closed twice', () => {
    expect(isExpectedIoError(thrown(() => readFileSync('/nonexistent/dts')))).toBe(true);
    expect(isExpectedIoError(thrown(() => openSync('/', 'w')))).toBe(true); // EISDIR
    expect(isExpectedIoError(thrown(() => createRequire(import.meta.url)('dts-no-such-package')))).toBe(true);
    expect(isExpectedIoError(thrown(() => readFileSync(42 as unknown as string, { encoding: 'bogus' as BufferEncoding })))).toBe(false);
    expect(isExpectedIoError(Object.assign(new Error('bad fd'), { code: 'EBADF' }))).toBe(false);
    expect(isExpectedIoError(new Error('x'))).toBe(false);
  });
});

describe("rethrowUnless, outside a file's analysis", () => {
  it('lets an expected error by and throws any other on', () => {
    expect(() =>
      rethrowUnless(
        thrown(() => JSON.parse('{')),
        isParseError,
      ),
    ).not.toThrow();
    const bug = new TypeError('bug');
    expect(() => rethrowUnless(bug, isParseError, isExpectedIoError)).toThrow(bug);
  });
});

describe('strict mode', () => {
  it('is DTS_STRICT set to anything but empty or 0 (the test suite sets 1)', () => {
    expect(strictMode()).toBe(true);
    for (const [v, on] of [
      ['1', true],
      ['yes', true],
      ['0', false],
      ['', false],
    ] as const) {
      vi.stubEnv('DTS_STRICT', v);
      expect(strictMode(), v).toBe(on);
    }
  });

  it('rethrowIfStrict names where once, by the innermost caller', () => {
    const e = new TypeError('boom');
    expect(() => rethrowIfStrict(e, 'the python adapter on a.py')).toThrow('the python adapter on a.py: boom');
    expect(() => rethrowIfStrict(e, 'extracting a.py')).toThrow(/^the python adapter on a\.py: boom$/);
    vi.stubEnv('DTS_STRICT', '0');
    expect(() => rethrowIfStrict(new TypeError('x'), 'y')).not.toThrow();
  });

  it('internal error messages name the place and the class, never the message', () => {
    const m = internalErrorMessage('the shell adapter', new TypeError('dbtu_secret in the source'), 'file skipped');
    expect(m).toBe('internal error in the shell adapter (TypeError); file skipped');
    expect(isInternalErrorMessage(m)).toBe(true);
    expect(isInternalErrorMessage('YAML parse error at line 3')).toBe(false);
  });
});

describe('caughtExpected, inside an adapter', () => {
  it('passes an expected error; notes anything else as an errors entry of the file, naming the adapter', () => {
    vi.stubEnv('DTS_STRICT', '0');
    startExtraction(1000, { adapter: 'dockerfile', path: 'Dockerfile' });
    expect(
      caughtExpected(
        thrown(() => JSON.parse('[')),
        isParseError,
      ),
    ).toBe(true);
    expect(caughtExpected(new TypeError('bug'), isParseError, isBudgetExceeded)).toBe(false);
    expect(endExtraction().cuts).toEqual(['internal error in the dockerfile adapter (TypeError); facts of this file may be missing']);
  });

  it('rethrows anything else under DTS_STRICT=1', () => {
    startExtraction(1000, { adapter: 'dockerfile', path: 'Dockerfile' });
    const bug = new TypeError('bug');
    expect(() => caughtExpected(bug, isParseError)).toThrow(bug);
    expect(
      caughtExpected(
        thrown(() => deep(1e7)),
        isBudgetExceeded,
      ),
    ).toBe(true);
    expect(endExtraction().cuts).toEqual([]);
  });
});

describe('a rule that fails on a call site', () => {
  const site = (file: string, readable = false): ClassifiedCallSite => {
    const credential: CredentialFact = { type: 'pat', source: 'secret', evidence: 'name', name: 'DBT_PAT' };
    const c: ClassifiedCallSite = {
      file,
      span: { line: 3, column: 1 },
      kind: 'http',
      credential,
      workflow: 'ci-cd',
      production: true,
      accountIds: [],
      documented: 'yes',
      accountListing: false,
      userContext: false,
    };
    if (readable) return c;
    // A fact no rule can read: every rule that looks at the credential fails on it.
    return Object.defineProperty(c, 'credential', {
      get: () => {
        throw new TypeError('unreadable');
      },
    });
  };

  it('costs that site only, with an errors entry naming the rule and the file', async () => {
    vi.stubEnv('DTS_STRICT', '0');
    const active = effectiveRules(await loadRules(), DEFAULT_CONFIG, new Set(['pat-in-production']));
    const good = site('a.yml', true);
    const errors: { file: string; message: string }[] = [];
    const findings = evaluate(active, [good, site('b.yml')], [], errors);
    expect(findings.map((f) => [f.ruleId, f.file])).toEqual([['pat-in-production', 'a.yml']]);
    expect(errors).toEqual([
      { file: 'b.yml', message: 'internal error in rule pat-in-production (TypeError); its findings in this file may be missing' },
    ]);
  });

  it('under DTS_STRICT=1 ends the evaluation, naming the rule and the file', async () => {
    const active = effectiveRules(await loadRules(), DEFAULT_CONFIG, new Set(['pat-in-production']));
    expect(() => evaluate(active, [site('b.yml')], [], [])).toThrow('rule pat-in-production on b.yml: unreadable');
  });
});
