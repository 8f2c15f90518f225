import type { Document } from './statement-sets.js';

// Lines that give another project's CI step a setting, for the audit's `other-step-secret`
// reason: a GitHub Action's `with:` entries, a Bitbucket pipe's `variables:`, a GitLab CI
// component's `inputs:`. The scan reports a dbt Cloud token among them only when the setting or
// its secret is named for one beyond doubt (credentials/names.ts `namesDbtCloudSecret`). The
// audit reads the YAML as lines, by indentation, as ci-env-consumers.ts does.

/** A settings key, and the key of the step item it must sit beside. */
const SETTINGS: readonly { key: string; owner: string; path: RegExp }[] = [
  { key: 'with', owner: 'uses', path: /(?:^|\/)(?:\.github\/workflows\/[^/]+|action)\.ya?ml$/i },
  { key: 'variables', owner: 'pipe', path: /(?:^|\/)bitbucket-pipelines\.ya?ml$/i },
  { key: 'inputs', owner: 'component', path: /(?:^|\/)[^/]*\.gitlab-ci[^/]*\.ya?ml$|(?:^|\/)\.gitlab\/.+\.ya?ml$/i },
];

const indentOf = (t: string): number => t.search(/\S/);
const isBlankOrComment = (t: string): boolean => t.trim() === '' || /^\s*#/.test(t);

export function stepSettingLines(d: Document, path: string): Set<number> {
  const out = new Set<number>();
  if (d.family !== 'yaml') return out;
  for (const s of SETTINGS) {
    if (!s.path.test(path)) continue;
    const keyLine = new RegExp(`^(\\s*)(-\\s+)?${s.key}:\\s*(?:#.*)?$`);
    const ownerLine = new RegExp(`^(\\s*)(-\\s+)?${s.owner}:\\s*\\S`);
    d.lines.forEach((t, i) => {
      const m = keyLine.exec(t);
      if (!m) return;
      const indent = m[1]!.length + (m[2]?.length ?? 0);
      if (!ownerBeside(d, i, indent, ownerLine)) return;
      for (let l = i + 1; l < d.lines.length; l++) {
        const e = d.lines[l]!;
        if (isBlankOrComment(e)) continue;
        if (indentOf(e) <= indent) break;
        if (/^\s*[\w.-]+\s*:/.test(e)) out.add(l + 1);
      }
    });
  }
  return out;
}

/** Whether the item holding the settings key at `index` (0-based line, key at `indent`) has `owner` as a key too. */
function ownerBeside(d: Document, index: number, indent: number, owner: RegExp): boolean {
  const sameItem = (l: number): boolean | undefined => {
    const t = d.lines[l]!;
    if (isBlankOrComment(t)) return undefined;
    const m = owner.exec(t);
    if (m && m[1]!.length + (m[2]?.length ?? 0) === indent) return true;
    return indentOf(t) < indent ? false : undefined;
  };
  // Up to the item's dash (included), then down to its end.
  for (let l = index - 1; l >= 0; l--) {
    const hit = sameItem(l);
    if (hit !== undefined) {
      if (hit) return true;
      break;
    }
    if (/^\s*-\s/.test(d.lines[l]!) && indentOf(d.lines[l]!) + 2 <= indent) break;
  }
  for (let l = index + 1; l < d.lines.length; l++) {
    const t = d.lines[l]!;
    if (isBlankOrComment(t)) continue;
    if (indentOf(t) < indent) return false;
    const m = owner.exec(t);
    if (m && m[1]!.length + (m[2]?.length ?? 0) === indent) return true;
  }
  return false;
}
