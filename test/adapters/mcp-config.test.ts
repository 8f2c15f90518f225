import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../src/adapters/registry.js';
import { extractWith } from '../helpers/extract.js';

const PAT = 'dbtu_FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FA';
const run = (path: string, text: string) => extractWith('mcp-config', path, text);

describe('mcp-config adapter', () => {
  it('is chosen for the usual MCP client config paths', () => {
    for (const p of [
      'mcp.json',
      '.cursor/mcp.json',
      '.vscode/mcp.json',
      '.mcp.json',
      'claude_desktop_config.json',
      'config/mcp_config.json',
      '.gemini/settings.json',
    ]) {
      expect(adapterFor(p, '{}')?.id, p).toBe('mcp-config');
    }
    expect(adapterFor('src/mcp.ts', '')?.id).toBe('javascript');
  });

  it('remote dbt MCP server: the url is the call, its Authorization header (VS Code input, JSON with comments) the credential', async () => {
    const f = await run(
      '.vscode/mcp.json',
      `{
  // remote dbt MCP server
  "inputs": [{ "type": "promptString", "id": "dbt-pat", "password": true }],
  "servers": {
    "dbt": {
      "type": "http",
      "url": "https://qz481.us1.dbt.com/api/ai/v1/mcp/",
      "headers": {
        "Authorization": "Token \${input:dbt-pat}",
        "x-dbt-prod-environment-id": "70077",
      },
    },
  },
}
`,
    );
    expect(f.problems).toEqual([]);
    expect(f.callSites).toEqual([
      {
        kind: 'http',
        span: { line: 7, column: 15 },
        client: 'mcp-client',
        workflow: 'script',
        endpoint: expect.objectContaining({ host: 'qz481.us1.dbt.com', path: '/api/ai/v1/mcp/' }),
        credential: { source: 'variable', name: 'dbt-pat', span: { line: 9, column: 27 } },
      },
    ]);
  });

  it('local dbt-mcp server: a dbt token in env is a config site (literal also a credential site); mcp-remote with a header', async () => {
    const f = await run(
      'claude_desktop_config.json',
      `{
  "mcpServers": {
    "dbt": {
      "command": "uvx",
      "args": ["dbt-mcp"],
      "env": {
        "DBT_HOST": "cloud.getdbt.com",
        "DBT_TOKEN": "${PAT}",
        "DBT_PROD_ENV_ID": "1001"
      }
    },
    "dbt-remote": {
      "command": "npx",
      "args": ["mcp-remote", "https://cloud.getdbt.com/api/ai/v1/mcp/", "--header", "Authorization: Bearer \${DBT_CLOUD_PAT}"]
    }
  }
}
`,
    );
    expect(f.callSites).toEqual([
      {
        kind: 'config',
        span: { line: 8, column: 10 },
        client: 'mcp-client',
        workflow: 'script',
        endpoint: { host: 'cloud.getdbt.com' },
        credential: { source: 'literal', name: 'DBT_TOKEN', value: PAT, span: { line: 8, column: 23 } },
        // The server calls dbt Cloud with these settings: the site stays beside code sending the same token.
        toolSettings: true,
      },
      {
        kind: 'http',
        span: { line: 14, column: 31 },
        client: 'mcp-client',
        workflow: 'script',
        endpoint: expect.objectContaining({ host: 'cloud.getdbt.com', path: '/api/ai/v1/mcp/' }),
        credential: { source: 'env', name: 'DBT_CLOUD_PAT', span: { line: 14, column: 86 } },
      },
    ]);
    expect(f.credentialSites).toEqual([
      { span: { line: 8, column: 23 }, credential: { source: 'literal', name: 'DBT_TOKEN', value: PAT, span: { line: 8, column: 23 } } },
    ]);
  });

  it('finds nothing for other servers, dbt Core-only dbt-mcp use, or a Databricks DBT_TOKEN', async () => {
    const f = await run(
      '.cursor/mcp.json',
      `{
  "mcpServers": {
    "dbt-core": { "command": "uvx", "args": ["dbt-mcp"], "env": { "DBT_PROJECT_DIR": "/work/analytics", "DBT_PATH": "/usr/bin/dbt" } },
    "warehouse": { "command": "node", "args": ["server.js"], "env": { "DBT_TOKEN": "\${DATABRICKS_TOKEN}", "DBT_HOST": "adb-1.2.azuredatabricks.net" } },
    "docs": { "url": "https://docs.getdbt.com/mcp" }
  }
}
`,
    );
    expect(f.callSites).toEqual([]);
    expect(f.credentialSites).toEqual([]);
  });
});
