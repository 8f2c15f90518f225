/** A file read once, decoded, and handed to one adapter. */
export interface SourceFile {
  /** Path relative to the current folder, with `/` (what reports print). */
  path: string;
  /** Absolute path, for reading related files; never printed. */
  absPath: string;
  /** Decoded text (BOM removed, UTF-16/32 decoded, invalid UTF-8 replaced by U+FFFD, NUL as a space). */
  text: string;
}
