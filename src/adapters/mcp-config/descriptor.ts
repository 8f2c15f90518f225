import { type AdapterDescriptor } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'mcp-config',
  matches: (p) =>
    /(^|\/)(\.?mcp|claude_desktop_config|mcp_config|cline_mcp_settings|mcp_settings|\.claude)\.json(?:\.(?:template|example|sample|tmpl|dist))?$|(^|\/)\.(vscode|gemini|zed)\/settings\.json$/i.test(
      p,
    ),
  keywords: [],
  load: async () => (await import('./adapter.js')).adapter,
};
