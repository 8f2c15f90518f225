import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../src/adapters/registry.js';
import { deployedEntryOf, isSchedulerFlow } from '../../src/classify/entry-points.js';
import { libraryRoots } from '../../src/classify/library-roots.js';

// Which adapter reads a file is decided by its name and, for some formats, a look at its text
// (src/adapters/registry.ts), before any extraction budget applies: each look must be linear in the
// text. A look with two adjacent runs of blanks (`^[ \t]*-?[ \t]*name:`) took seconds per megabyte of
// whitespace, tens of seconds on the reliability battery's inputs. Here every descriptor looks at
// such text under the test's own time-out.

const N = 400_000;
const HOSTILE = [
  ' '.repeat(N) + 'x',
  '\t-'.repeat(N / 2),
  '\n'.repeat(N),
  'a.'.repeat(N / 2),
  ('name:' + ' '.repeat(2000) + 'x\n').repeat(200),
  ('  script:' + ' '.repeat(2000) + '\n').repeat(200),
  // Lines of blanks under `resources:`, which a Databricks bundle's job look once read two ways each.
  ('resources:\n' + '   \n'.repeat(40) + 'x\n').repeat(200),
];
const PATHS = [
  'airflow_settings.yaml',
  '.gitlab-ci.yml',
  '.dbt/dbt_cloud.yml',
  'ci/jobs.yml',
  'Makefile',
  'app.py',
  'server.ts',
  'Pulumi.prod.yaml',
];

describe('descriptor and entry-point looks on hostile text', () => {
  it('decide every file in time linear in its text', () => {
    const started = performance.now();
    for (const text of HOSTILE) {
      for (const path of PATHS) {
        // Any adapter, or none: the point is that the look returns.
        ADAPTERS.find((a) => a.matches(path, text));
        deployedEntryOf(path, text, () => false);
      }
      isSchedulerFlow(text);
    }
    // A quadratic look takes minutes here; the linear ones take well under a second even on a slow machine.
    expect(performance.now() - started).toBeLessThan(4000);
  }, 20_000);

  it('reads manifests in time linear in their text', () => {
    const text = 'id' + ' '.repeat(N) + 'x\n' + '\n'.repeat(N);
    const roots = libraryRoots(['build.gradle', 'src/Main.java'], () => text);
    expect(roots.size).toBe(0);
  }, 20_000);
});
