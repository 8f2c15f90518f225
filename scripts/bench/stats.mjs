// Figures of repeated runs for the bench scripts: the median is the figure reported, the range
// (fastest to slowest) shows how much a shared machine's load moved it.

/** The median of `xs` (NaN for none). */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

/** Median, fastest and slowest of `xs`; figures that could not be taken (NaN) are left out. */
export const summary = (xs) => {
  const ok = xs.filter((x) => Number.isFinite(x));
  return ok.length ? { median: median(ok), min: Math.min(...ok), max: Math.max(...ok) } : { median: NaN, min: NaN, max: NaN };
};

/** `n` with `digits` decimals, or n/a when it could not be measured. */
export const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** A summary as "1.42 (1.38–1.51)". */
export const fmtRange = (s, digits = 2) =>
  Number.isFinite(s.median) ? `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})` : 'n/a';
