// dbt Cloud's command-line clients, by the program name a command runs: one list for the shell
// reader (dbt-cli-tools.ts), the line-level reader of Makefile and justfile recipes, and the
// pre-filter hint that lets such a recipe file through.

export const DBT_CLI_TOOLS = ['dbt-cloud', 'dbtc', 'dbtcloud-terraforming', 'dbt-jobs-as-code'] as const;

const NAMES = DBT_CLI_TOOLS.join('|');

/** One of the clients run as a command: at a line start, after a blank, a path or `@`/`-`, and followed by a blank. */
export const DBT_CLI_TOOL_COMMAND = new RegExp(`(?:^|[\\s/@-])(?:${NAMES})[ \\t]`, 'm');

/** A recipe line that runs one (`\tdbt-cloud job run …`, `\t@dbtc …`, `    /usr/bin/dbt-cloud …`). */
export const DBT_CLI_TOOL_RECIPE_LINE = new RegExp(`^[ \\t]+(?:[@-][ \\t]*)*(?:[\\w/.-]*\\/)?(?:${NAMES})[ \\t]`);
