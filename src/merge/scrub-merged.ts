import { scrubSecrets } from '../report/reporters/scrub-secrets.js';
import type { OrgInventory } from './org-inventory.js';

/**
 * The last scrub of every output (src/report/reporters/scrub-secrets.ts), with the combined
 * report's locations and the repositories' names as the hex runs to keep: a repository or file
 * named like a hash is a name, not a secret.
 */
export function scrubMerged(text: string, inv: OrgInventory): string {
  const names = inv.repositories.map((r) => ({ file: r.repository, message: '' }));
  return scrubSecrets(text, { ...inv.combined, errors: [...inv.combined.errors, ...names] });
}
