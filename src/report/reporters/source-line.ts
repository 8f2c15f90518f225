import type { Report } from '../../model/report.js';

/**
 * The redacted source line the core kept for `file`:`line`, if any. Looks at own keys only:
 * file names are arbitrary text, and `__proto__` or `constructor` must not reach the prototype.
 */
export function sourceLine(report: Report, file: string, line: number): string | undefined {
  const lines = Object.hasOwn(report.snippets, file) ? report.snippets[file] : undefined;
  return lines && Object.hasOwn(lines, line) ? lines[line] : undefined;
}
