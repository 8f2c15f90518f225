import { TOOL_VERSION } from '../version.js';
import type { OrgInventory } from './org-inventory.js';
import { scrubMerged } from './scrub-merged.js';

// The organisation's inventory as json: the model of the markdown, with every location given as
// its repository and its path in that repository rather than the combined path the plan uses.

/** Every object with a `file` gets the repository the file is in, and the file's own path. */
function located(value: unknown, split: OrgInventory['split']): unknown {
  if (Array.isArray(value)) return value.map((v) => located(v, split));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  const o = value as Record<string, unknown>;
  if (typeof o.file === 'string') {
    const { repository, file } = split(o.file);
    if (repository !== undefined) out.repository = repository;
    out.file = file;
  }
  for (const [k, v] of Object.entries(o)) {
    if (k === 'file' || k === 'client' || (k === 'repository' && 'repository' in out)) continue;
    out[k] = located(v, split);
  }
  return out;
}

export function renderMergedJson(inv: OrgInventory): string {
  const plan = inv.plan;
  const doc = {
    schemaVersion: 1,
    tool: { name: 'dbt-token-scan', version: TOOL_VERSION },
    summary: {
      repositories: inv.repositories.length,
      callSites: plan.callSites,
      productionCallSites: inv.combined.callSites.filter((c) => c.production).length,
      credentials: plan.groups.length,
      byStatus: plan.byStatus,
      committedTokens: plan.committedTokens.length,
    },
    repositories: inv.repositories,
    credentials: inv.credentials.map((c) => ({
      title: c.group.ref.title,
      store: { kind: c.group.ref.store.kind, label: c.group.ref.store.label },
      type: c.group.credential.type,
      ...(c.group.ref.name ? { name: c.group.ref.name } : {}),
      ...(c.group.ref.redacted ? { redacted: c.group.ref.redacted } : {}),
      moveTo: c.group.moveTo,
      action: c.action,
      repositories: c.repositories,
      productionWorkflows: c.productionWorkflows,
      counts: c.group.counts,
      committedAt: located(c.group.committedAt, inv.split),
      callSites: located(c.group.callSites, inv.split),
    })),
    committedTokens: located(plan.committedTokens, inv.split),
    steps: located(plan.steps, inv.split),
    checks: located(plan.checks, inv.split),
  };
  return scrubMerged(`${JSON.stringify(doc, null, 2)}\n`, inv);
}
