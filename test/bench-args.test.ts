import { describe, expect, it } from 'vitest';
// Plain ES modules of the benchmark script (npm run bench, scripts/bench.mjs).
import { BenchUsageError, parseBenchArgs, parseSizes, SCALE_SIZES } from '../scripts/bench/bench-args.mjs';
import { fmtRange, median, summary } from '../scripts/bench/stats.mjs';

describe('npm run bench options', () => {
  it('runs every case by default, the scale curve at 10k, 30k and 90k files, 3 runs each', () => {
    const o = parseBenchArgs([]);
    expect(o).toMatchObject({
      runs: 3,
      warm: true,
      history: true,
      scale: [10000, 30000, 90000],
      scaleDirs: undefined,
      scaleAsked: false,
      folder: undefined,
    });
    expect(SCALE_SIZES).toEqual([10000, 30000, 90000]);
  });

  it('reads the scale sizes in files, with k for thousands, smallest first and once each', () => {
    expect(parseSizes('90000,10k, 30000,10000')).toEqual([10000, 30000, 90000]);
    expect(parseSizes('2.5k')).toEqual([2500]);
    expect(parseBenchArgs(['--scale', '5000,1000']).scale).toEqual([1000, 5000]);
    expect(parseBenchArgs(['--scale', '5000']).scaleAsked).toBe(true);
  });

  it('refuses sizes that are not file counts', () => {
    for (const bad of ['', 'ten', '10,abc', '50', '-1000', '1e5']) expect(() => parseSizes(bad)).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(['--scale'])).toThrow(/--scale needs a value/);
  });

  it('measures the curve on folders given in their order, and --no-scale skips it whatever comes before', () => {
    expect(parseBenchArgs(['--scale-dirs', '/t/dt-30,/t/dt-10']).scaleDirs).toEqual(['/t/dt-30', '/t/dt-10']);
    const off = parseBenchArgs(['--scale', '1000', '--scale-dirs', 'a,b', '--no-scale']);
    expect(off).toMatchObject({ scale: [], scaleDirs: undefined, scaleAsked: false });
  });

  it('takes one folder, the warm cases can be skipped, and unknown options are usage errors', () => {
    expect(parseBenchArgs(['some/dir', '--no-warm', '--runs', '5', '--json'])).toMatchObject({
      folder: 'some/dir',
      warm: false,
      runs: 5,
      json: true,
    });
    expect(() => parseBenchArgs(['a', 'b'])).toThrow(/only one FOLDER/);
    expect(() => parseBenchArgs(['--fast'])).toThrow(/unknown option --fast/);
    expect(() => parseBenchArgs(['--runs', '0'])).toThrow(/positive number/);
    expect(parseBenchArgs(['--generate-only'])).toMatchObject({ generateOnly: true, keep: true });
    expect(parseBenchArgs(['-h']).help).toBe(true);
  });
});

describe('bench figures', () => {
  it('reports the median with the range, leaving out runs that gave no figure', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(summary([1.5, NaN, 1.2, 1.4])).toEqual({ median: 1.4, min: 1.2, max: 1.5 });
    expect(fmtRange(summary([1.5, 1.2, 1.4]))).toBe('1.40 (1.20–1.50)');
    expect(fmtRange(summary([NaN]))).toBe('n/a');
  });
});
