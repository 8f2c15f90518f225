/**
 * A progress line on stderr for scans that take more than a moment, only on a terminal and
 * never in CI or with --quiet. It overwrites itself and is cleared at the end.
 */
export function progressReporter(quiet: boolean): { update?: (done: number, total: number) => void; done: () => void } {
  const enabled = !quiet && process.stderr.isTTY === true && !process.env.CI;
  if (!enabled) return { done: () => {} };
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - started < 800 || now - last < 100) return;
      last = now;
      shown = true;
      process.stderr.write(`\r\x1b[2Kdbt-token-scan: ${done}/${total} files`);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[2K');
    },
  };
}
