import { expect } from 'vitest';

// The checks behind "the inventory is the plan" (issue 11 item 1), shared by the end-to-end test on
// the demo and hostile repositories and the sweep over every fixture repository. They take the five
// outputs of one tree as a user gets them (scan JSON and Markdown, inventory JSON, Markdown, CSV)
// and check them against each other, with the statuses written down here from the issue's words,
// independently of src/report/migration-plan.ts.

/* eslint-disable @typescript-eslint/no-explicit-any -- parsed JSON of two formats, read field by field */
type Json = any;

export interface PlanOutputs {
  scanJson: Json;
  scanMarkdown: string;
  inventoryJson: Json;
  inventoryMarkdown: string;
  inventoryCsv: string;
}

const STATUSES = ['revoke and replace', 'move to service token', 'move to PAT', 'decide', 'keep'];
const key = (s: { file: string; line: number; column?: number }): string =>
  `${s.file}:${s.line}${s.column !== undefined ? `:${s.column}` : ''}`;

/** What the issue asks for each call site, from the scan's own JSON. */
function expectedStatus(site: Json, committed: ReadonlySet<string>): string {
  const c = site.credential;
  if (c.redacted && committed.has(`${c.type}\0${c.redacted}`)) return 'revoke and replace';
  if (c.type === 'unknown' || !site.recommendedTokenType) return 'decide';
  if (c.type === site.recommendedTokenType) return 'keep';
  return site.recommendedTokenType === 'service-token' ? 'move to service token' : 'move to PAT';
}

/** hardcoded-token findings the plan must revoke: active, or known through a baseline. */
function committedFindings(scan: Json): Json[] {
  return [...scan.findings, ...(scan.suppressed ?? []).filter((f: Json) => f.suppression?.kind === 'baseline')].filter(
    (f: Json) => f.ruleId === 'hardcoded-token',
  );
}

export function checkPlanAgreement(out: PlanOutputs, label: string): void {
  const scan = out.scanJson;
  const inv = out.inventoryJson;
  const n = scan.summary.callSites;

  // Counts: the inventory's numbers are the scan's.
  expect(scan.callSites.length, label).toBe(n);
  expect(inv.summary.callSites, label).toBe(n);
  const sites: Json[] = inv.groups.flatMap((g: Json) => g.callSites);
  expect(sites.length, label).toBe(n);
  expect(
    STATUSES.reduce((sum, s) => sum + (inv.summary.byStatus[s] ?? 0), 0),
    label,
  ).toBe(n);
  for (const g of inv.groups) {
    expect(g.title.trim(), label).not.toBe('');
    expect(g.store.label.trim(), label).not.toBe('');
    for (const s of STATUSES) expect(g.counts[s], `${label}: ${g.title} ${s}`).toBe(g.callSites.filter((c: Json) => c.status === s).length);
  }

  // Every call site exactly once, with the status the issue asks for.
  expect(sites.map(key).sort(), label).toEqual(scan.callSites.map(key).sort());
  const committed = new Set(committedFindings(scan).map((f: Json) => `${f.credential.type}\0${f.credential.redacted}`));
  const byKey = new Map(sites.map((s) => [key(s), s]));
  for (const site of scan.callSites) {
    expect(byKey.get(key(site))?.status, `${label}: ${key(site)}`).toBe(expectedStatus(site, committed));
  }
  for (const s of STATUSES) expect(inv.summary.byStatus[s], `${label}: ${s}`).toBe(sites.filter((c) => c.status === s).length);

  // The scan's findings at a call site say the same as its status.
  const allowed: Record<string, string[]> = {
    'pat-in-production': ['move to service token', 'revoke and replace'],
    'legacy-user-api-key': ['move to service token', 'move to PAT', 'revoke and replace', 'decide'],
    'service-token-in-user-context': ['move to PAT', 'revoke and replace'],
    'unknown-token-in-production': ['decide', 'revoke and replace'],
  };
  for (const f of scan.findings) {
    const site = byKey.get(key(f));
    if (site && allowed[f.ruleId]) expect(allowed[f.ruleId], `${label}: ${f.ruleId} at ${key(f)}`).toContain(site.status);
  }

  // Steps: only with work; create and decide cover exactly the calls that need them; every committed token is revoked.
  const steps: Json[] = inv.steps;
  for (const step of steps) expect(step.items.length, `${label}: step ${step.step}`).toBeGreaterThan(0);
  const items = (action: string): Json[] => steps.flatMap((s) => s.items).filter((i: Json) => i.action === action);
  const needNew = sites.filter((s) => ['move to service token', 'move to PAT', 'revoke and replace'].includes(s.status));
  expect(
    items('create')
      .flatMap((i) => i.callSites)
      .map(key)
      .sort(),
    label,
  ).toEqual(needNew.map(key).sort());
  expect(
    items('replace')
      .flatMap((i) => i.callSites)
      .map(key)
      .sort(),
    label,
  ).toEqual(needNew.map(key).sort());
  for (const i of items('create')) {
    for (const at of i.callSites) expect(byKey.get(key(at))?.recommendedTokenType, `${label}: create ${i.tokenType}`).toBe(i.tokenType);
  }
  expect(
    items('decide')
      .flatMap((i) => i.callSites)
      .map(key)
      .sort(),
    label,
  ).toEqual(
    sites
      .filter((s) => s.status === 'decide')
      .map(key)
      .sort(),
  );
  const revoked = items('revoke')
    .flatMap((i) => i.token.committedAt)
    .map(key)
    .sort();
  expect(revoked, label).toEqual([...new Set(committedFindings(scan).map((f: Json) => key({ file: f.file, line: f.line })))].sort());
  const hasLegacy =
    sites.some((s) => s.credential.type === 'legacy-user-api-key') ||
    inv.committedTokens.some((t: Json) => t.type === 'legacy-user-api-key');
  expect(
    steps.some((s) => s.step === 1),
    `${label}: step 1`,
  ).toBe(hasLegacy);
  expect(
    steps.some((s) => s.step === 2),
    `${label}: step 2`,
  ).toBe(needNew.length > 0 || inv.committedTokens.length > 0);
  expect(
    steps.some((s) => s.step === 4),
    `${label}: step 4`,
  ).toBe(sites.some((s) => s.status === 'decide'));
  for (const s of sites.filter((c) => c.status === 'revoke and replace')) {
    const group = inv.groups.find((g: Json) => g.callSites.includes(s));
    expect(group.committedAt.length, `${label}: ${key(s)} committed where`).toBeGreaterThan(0);
  }

  // Markdown: well-formed, the same statuses, the scan's numbers.
  checkMarkdown(out.inventoryMarkdown, `${label} (inventory markdown)`);
  checkMarkdown(out.scanMarkdown, `${label} (scan markdown)`);
  const invRows = tableRows(out.inventoryMarkdown).filter((r) => /^`+ ?.+:\d+ ?`+$/.test(r[0]!));
  expect(invRows.map((r) => stripCode(r[0]!)).sort(), label).toEqual(scan.callSites.map((s: Json) => `${s.file}:${s.line}`).sort());
  const scanRows = sectionRows(out.scanMarkdown, '## Call sites');
  expect(scanRows.length, label).toBe(n);
  for (const row of scanRows) {
    const loc = stripCode(row[0]!);
    const statuses = sites.filter((s) => `${s.file}:${s.line}` === loc).map((s) => s.status);
    expect(statuses, `${label}: scan markdown ${loc}`).toContain(row[row.length - 1]);
  }
  if (n > 0) {
    expect(out.inventoryMarkdown, label).toContain(`${n} dbt Cloud API call site`);
    expect(out.scanMarkdown, label).toContain(`found ${n} dbt Cloud API call site`);
  }
  if (revoked.length) expect(out.inventoryMarkdown, label).toMatch(/^- \[ \] Revoke /m);

  // CSV: one row per call site, with its status.
  const csv = parseCsv(out.inventoryCsv);
  const header = csv[0]!;
  expect(header.slice(0, 14), label).toEqual([
    'file',
    'line',
    'column',
    'kind',
    'api',
    'host',
    'path',
    'credential_type',
    'credential_source',
    'credential_name',
    'credential_redacted',
    'workflow',
    'production',
    'move_to',
  ]);
  expect(csv.length - 1, label).toBe(n);
  const statusColumn = header.indexOf('status');
  expect(statusColumn, label).toBeGreaterThan(0);
  const csvRows = csv.slice(1).map((r) => `${r[0]}:${r[1]}:${r[2]} ${r[statusColumn]}`);
  expect(csvRows.sort(), label).toEqual(sites.map((s) => `${key(s)} ${s.status}`).sort());
}

/** RFC 4180 rows: quoted cells may hold commas and doubled quotes. */
function parseCsv(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const out: string[] = [];
      for (const m of line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g))
        out.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!);
      return out;
    });
}

/** The text of a code span cell: fences off, GFM's `\|` back to `|`. */
const stripCode = (cell: string): string => cell.replace(/^`+ ?| ?`+$/g, '').replace(/\\\|/g, '|');

/** Cells of a table row, split on pipes that GFM treats as cell delimiters. */
const cells = (row: string): string[] =>
  row
    .replace(/\\\\/g, '')
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((c) => c.trim());

function tableRows(md: string): string[][] {
  const lines = md.split('\n');
  const rows: string[][] = [];
  lines.forEach((line, i) => {
    if (!line.startsWith('|---')) return;
    for (let j = i + 1; j < lines.length && lines[j]!.startsWith('|'); j++) rows.push(cells(lines[j]!));
  });
  return rows;
}

function sectionRows(md: string, heading: string): string[][] {
  const start = md.indexOf(`${heading}\n`);
  if (start < 0) return [];
  const rest = md.slice(start + heading.length + 1);
  const end = rest.search(/^## /m);
  return tableRows(end < 0 ? rest : rest.slice(0, end));
}

/** No empty or dangling heading, no empty cell, every row as wide as its header, no step without an item. */
function checkMarkdown(md: string, label: string): void {
  const lines = md.split('\n');
  lines.forEach((line, i) => {
    const h = /^(#+)\s*(.*)$/.exec(line);
    if (h) {
      expect(h[2]!.trim(), `${label}: heading on line ${i + 1}`).toMatch(/[A-Za-z0-9]/);
      expect(h[2], `${label}: heading on line ${i + 1}`).not.toMatch(/[:→]\s*$/);
      // "## literal: …": a store word and a colon where the name or value should be.
      expect(h[2], `${label}: heading on line ${i + 1}`).not.toMatch(/^[a-z]+:/i);
    }
    if (line.startsWith('|---')) {
      const width = cells(lines[i - 1]!).length;
      for (let j = i - 1; j < lines.length && lines[j]!.startsWith('|'); j++) {
        if (j === i) continue;
        const row = cells(lines[j]!);
        expect(row, `${label}: ${lines[j]}`).toHaveLength(width);
        for (const c of row) expect(c, `${label}: ${lines[j]}`).not.toBe('');
      }
    }
    if (/^### \d\. /.test(line)) {
      const next = lines.slice(i + 1).findIndex((l) => l.startsWith('#'));
      const body = lines.slice(i + 1, next < 0 ? undefined : i + 1 + next);
      expect(
        body.some((l) => l.startsWith('- [ ] ')),
        `${label}: ${line} has no item`,
      ).toBe(true);
      expect(body.join('\n'), `${label}: ${line}`).not.toMatch(/\b0 call sites\b/);
    }
  });
}
