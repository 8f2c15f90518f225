/** Bad command line: exit 2 with the message and a pointer to --help. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Invalid config or rule file: exit 2, the message names the file, key and what was expected. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Something outside the command line stops the run: git refuses or lacks an object, the report
 * cannot be written. Exit 2 with the message, which names what failed; no pointer to --help.
 */
export class RunError extends Error {
  override name = 'RunError';
}
