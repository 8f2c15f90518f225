import type { RenderOptions } from '../render-options.js';
import type { Report } from '../../model/report.js';

// Format name → reporter. Each reporter is imported only when asked for, so the CLI pays for the
// one format it prints (ESLint's formatter loading).

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'github', 'markdown', 'gitlab', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A reporter: a pure function from the report to the whole output (ending in a newline unless empty). */
export type Render = (report: Report, opts: RenderOptions) => string;

const LOADERS: Record<ReportFormat, () => Promise<{ render: Render }>> = {
  text: () => import('./text.js'),
  json: () => import('./json.js'),
  sarif: () => import('./sarif.js'),
  github: () => import('./github.js'),
  markdown: () => import('./markdown.js'),
  gitlab: () => import('./gitlab.js'),
  junit: () => import('./junit.js'),
};

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export async function loadReporter(format: ReportFormat): Promise<Render> {
  const loader = Object.hasOwn(LOADERS, format) ? LOADERS[format] : undefined;
  if (!loader) throw new Error(`unknown report format ${JSON.stringify(format)}; expected one of ${REPORT_FORMATS.join(', ')}`);
  return (await loader()).render;
}
