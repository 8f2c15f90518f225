import type { Reference } from '../../model/raw-facts.js';

// A Helm chart's value, as its templates read it (`{{ .Values.dbtCloud.token | quote }}`) and as an
// install sets it (`helm upgrade --install watch ./charts/watch --set dbtCloud.token=$DBT_CLOUD_PAT`):
// a reference by the chart's folder and the value's dotted path, which the linker joins
// (src/scan/link-references.ts). The chart's own values.yaml is read beside its templates
// (src/adapters/kubernetes/chart-values.ts).

/** One segment of a value's path as both sides write it (`dbtCloud`, `service-token`). */
const SEGMENT = /^[A-Za-z_][\w-]{0,100}$/;
const MAX_SEGMENTS = 20;

/** A chart folder from the top of the repository (`charts/watch`, `.` for the top itself); undefined when it is not a plain path. */
export function chartFolder(path: string): string | undefined {
  const parts: string[] = [];
  for (const s of path.replace(/\\/g, '/').split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else if (/^[\w@+.-]{1,200}$/.test(s)) parts.push(s);
    else return undefined;
  }
  return path.startsWith('/') || parts.length > 30 ? undefined : parts.join('/') || '.';
}

/** The reference to the value at `path` of the chart in `folder` (as chartFolder gives it). */
export function helmValueRef(folder: string, path: readonly string[]): Reference | undefined {
  if (!path.length || path.length > MAX_SEGMENTS || !path.every((s) => SEGMENT.test(s))) return undefined;
  return { kind: 'helm-value', id: `${folder}:${path.join('.')}` };
}
