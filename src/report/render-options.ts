/** What every reporter is told besides the report. */
export interface RenderOptions {
  /** Colour escapes on (text format only). */
  color: boolean;
  /** Findings only, no summary. */
  quiet: boolean;
}
