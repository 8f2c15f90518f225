/** Bad command line: exit 2 with the message and a pointer to --help. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Invalid config or rule file: exit 2, the message names the file, key and what was expected. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
