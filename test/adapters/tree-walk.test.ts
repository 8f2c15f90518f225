import { describe, expect, it } from 'vitest';
import { loadPythonParser, parsePythonLoaded, type ParsedPython } from '../../src/adapters/python/parser.js';
import { useRuntimeExports } from '../../src/adapters/tree-walk.js';
import type { PyNode } from '../../src/adapters/python/syntax-tree.js';

// The Python tree is copied with a walk that calls the tree-sitter runtime directly, and with
// web-tree-sitter's TreeCursor when the runtime is not the one that walk knows. Both copies must
// be the same tree, node for node, whatever the source: errors, operators, fields, deep nesting.

const SOURCES = [
  'import requests\n\nresp = requests.post(f"https://{host}/api/v2/accounts/{account}/jobs/{job}/run/", headers={"Authorization": f"Token {token}"})\n',
  'class Client:\n    def __init__(self, token: str, *, base="https://cloud.getdbt.com") -> None:\n        self.base = base + "/api/v3"\n        self.h = {"Authorization": "Bearer " + token} if token else {}\n\n    async def run(self, x=-1, **kw):\n        return await self.s.get(self.base, **kw) or not x\n',
  'def broken(:\n    x = [1, 2,\n    y = "unterminated\n',
  `x = ${'('.repeat(60)}1${')'.repeat(60)}\n# a comment\nACCOUNT_ID = <your account id>\n`,
];

/** The tree as plain data: type, field, offsets and position of every node, in order. */
function shape(n: PyNode): unknown {
  return [n.type, n.named, n.field ?? null, n.start, n.end, n.line, n.col, n.children.map(shape)];
}

const copy = (source: string): ParsedPython => {
  const parsed = parsePythonLoaded(source);
  if (!parsed) throw new Error('parse cancelled');
  return parsed;
};

describe('Python tree copy', () => {
  it('is the same through the runtime walk and through TreeCursor', async () => {
    await loadPythonParser();
    const direct = SOURCES.map(copy);
    // No runtime exports: every walk from here on is TreeCursor's.
    useRuntimeExports({}, undefined);
    const viaCursor = SOURCES.map(copy);
    for (let i = 0; i < SOURCES.length; i++) {
      expect(shape(direct[i]!.root), SOURCES[i]).toEqual(shape(viaCursor[i]!.root));
      expect(direct[i]!.nodeCount).toBe(viaCursor[i]!.nodeCount);
      expect(direct[i]!.errorLine).toBe(viaCursor[i]!.errorLine);
    }
    expect(direct[2]!.errorLine).toBe(1);
  });
});
