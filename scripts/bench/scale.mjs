// The scale curve of `npm run bench` (scripts/bench.mjs): the same kind of tree at several sizes,
// each scanned cold beside ripgrep's keyword pass, so that one sees whether the cost per file stays
// the same as the tree grows (linear) and peak memory stays flat.
import { MB, timeRipgrep, timeScan } from './measure.mjs';
import { fmt } from './stats.mjs';

const SCAN = ['scan', '.', '--format', 'json', '--fail-on', 'none'];

/** One point of the curve: `size` is the tree's manifest or measureFolder's figures. */
export function scalePoint({ label, dir, size, runs }) {
  process.stderr.write(`bench: scale point ${label}... `);
  const scan = timeScan(SCAN, dir, runs);
  const rg = timeRipgrep(dir);
  process.stderr.write('done\n');
  const point = { label, files: size.scannedFiles, mb: size.scannedBytes / MB };
  if (scan.failed) return { ...point, failed: scan.failed };
  return {
    ...point,
    runs,
    wall: scan.wall,
    rss: scan.rss,
    rg: rg ?? null,
    ratio: rg ? scan.wall.median / rg.median : null,
    msPer1kFiles: (scan.wall.median * 1000) / (size.scannedFiles / 1000),
  };
}

const pad = (s, n) => String(s).padStart(n);

/** The curve as a table; the last column compares each point's cost per file with the first's. */
export function printScale(points) {
  console.log("scale curve (cold full scan; median of the runs; rg: ripgrep's keyword pass):");
  console.log(
    `  ${'tree'.padEnd(28)}${pad('files', 9)}${pad('MB', 7)}${pad('scan s', 9)}${pad('rg s', 8)}${pad('ratio', 8)}${pad('RSS MB', 8)}${pad('ms/1k files', 13)}${pad('vs first', 10)}`,
  );
  const base = points.find((p) => !p.failed)?.msPer1kFiles;
  for (const p of points) {
    if (p.failed) {
      console.log(`  ${p.label.padEnd(28)}${pad(p.files.toLocaleString('en-US'), 9)}${pad(fmt(p.mb, 0), 7)}  FAILED: ${p.failed}`);
      continue;
    }
    console.log(
      `  ${p.label.padEnd(28)}${pad(p.files.toLocaleString('en-US'), 9)}${pad(fmt(p.mb, 0), 7)}${pad(fmt(p.wall.median, 2), 9)}${pad(fmt(p.rg?.median, 3), 8)}${pad(`${fmt(p.ratio)}x`, 8)}${pad(fmt(p.rss.median, 0), 8)}${pad(fmt(p.msPer1kFiles, 0), 13)}${pad(`${fmt(p.msPer1kFiles / base, 2)}x`, 10)}`,
    );
  }
}
