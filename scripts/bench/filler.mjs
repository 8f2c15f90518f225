// Ordinary source text for the benchmark tree: code and documents a data team's monorepo holds,
// none of it touching dbt Cloud. Files are built from pools of generated blocks, so a few hundred
// MB come together in seconds while staying varied enough to look like real code to a parser.
// No block may contain a prefilter keyword (getdbt, dbt.com, dbtc_, dbtu_, dbt_cloud, dbt-cloud).

const NOUNS = [
  'order',
  'customer',
  'invoice',
  'payment',
  'shipment',
  'product',
  'account',
  'session',
  'event',
  'metric',
  'report',
  'user',
  'warehouse',
  'ledger',
  'refund',
  'campaign',
  'subscription',
  'region',
  'supplier',
  'forecast',
  'inventory',
  'basket',
  'visit',
  'channel',
  'contract',
  'employee',
  'budget',
  'ticket',
  'device',
  'partner',
];
const VERBS = [
  'load',
  'fetch',
  'build',
  'parse',
  'validate',
  'merge',
  'compute',
  'update',
  'render',
  'export',
  'normalize',
  'resolve',
  'aggregate',
  'publish',
  'schedule',
  'archive',
  'transform',
  'enrich',
  'score',
  'sync',
];
const ADJS = [
  'daily',
  'pending',
  'active',
  'stale',
  'raw',
  'clean',
  'monthly',
  'regional',
  'primary',
  'cached',
  'latest',
  'legacy',
  'external',
  'internal',
  'weighted',
  'partial',
  'final',
  'draft',
  'shared',
  'nested',
];
const WORDS = [
  'the',
  'pipeline',
  'reads',
  'rows',
  'from',
  'upstream',
  'tables',
  'and',
  'writes',
  'results',
  'to',
  'storage',
  'when',
  'a',
  'batch',
  'fails',
  'we',
  'retry',
  'with',
  'backoff',
  'this',
  'keeps',
  'dashboards',
  'fresh',
  'for',
  'analysts',
  'each',
  'step',
  'logs',
  'its',
  'duration',
  'so',
  'slow',
  'queries',
  'show',
  'up',
  'early',
  'model',
  'owners',
  'review',
  'changes',
  'before',
  'merge',
  'deploys',
  'run',
  'nightly',
];

const cap = (s) => s[0].toUpperCase() + s.slice(1);
const camel = (a, b) => a + cap(b);

function sentence(r, min = 6, max = 16) {
  const n = r.between(min, max);
  const w = [];
  for (let i = 0; i < n; i++) w.push(r.pick(WORDS));
  return `${cap(w.join(' '))}.`;
}

const BLOCKS = {
  py(r) {
    const noun = r.pick(NOUNS),
      verb = r.pick(VERBS),
      adj = r.pick(ADJS),
      n = r.between(2, 500);
    switch (r.int(4)) {
      case 0:
        return `def ${verb}_${adj}_${noun}s(${noun}s, limit=${n}):\n    """${sentence(r)}"""\n    result = []\n    for item in ${noun}s:\n        if item.get("${adj}_count", 0) > limit:\n            logger.info("%s ${verb} skipped", item["id"])\n            continue\n        result.append({"id": item["id"], "${noun}": item.get("${noun}_name"), "score": item.get("score", 0) * ${r.int(9) + 1}})\n    return result\n\n\n`;
      case 1:
        return `class ${cap(adj)}${cap(noun)}Repository:\n    """${sentence(r)}"""\n\n    def __init__(self, session, table="${adj}_${noun}s"):\n        self.session = session\n        self.table = table\n\n    def ${verb}(self, ${noun}_id: int) -> dict:\n        row = self.session.execute(f"select * from {self.table} where id = :id", {"id": ${noun}_id}).fetchone()\n        return dict(row) if row else {}\n\n    def count(self) -> int:\n        return self.session.execute(f"select count(*) from {self.table}").scalar() or ${n}\n\n\n`;
      case 2:
        return `@dataclass\nclass ${cap(noun)}${cap(verb)}Result:\n    ${noun}_id: int\n    ${adj}: bool = False\n    total: float = ${n}.0\n    notes: list[str] = field(default_factory=list)\n\n    def summary(self) -> str:\n        # ${sentence(r, 4, 10)}\n        return f"${noun} {self.${noun}_id}: {self.total:.2f} ({len(self.notes)} notes)"\n\n\n`;
      default:
        return `def test_${verb}_${noun}_${adj}(tmp_path):\n    data = [{"id": i, "${noun}_name": f"${noun}-{i}", "score": i % ${r.int(7) + 2}} for i in range(${n})]\n    out = ${verb}_${adj}_${noun}s(data, limit=${r.int(50)})\n    assert len(out) <= ${n}\n    assert all("id" in row for row in out)\n\n\n`;
    }
  },
  ts(r) {
    const noun = r.pick(NOUNS),
      verb = r.pick(VERBS),
      adj = r.pick(ADJS),
      n = r.between(2, 900);
    switch (r.int(4)) {
      case 0:
        return `export interface ${cap(adj)}${cap(noun)} {\n  id: string;\n  ${noun}Name: string;\n  ${adj}At?: Date;\n  score: number;\n  tags: readonly string[];\n}\n\n`;
      case 1:
        return `/** ${sentence(r)} */\nexport function ${camel(verb, noun)}s(items: ${cap(adj)}${cap(noun)}[], limit = ${n}): ${cap(adj)}${cap(noun)}[] {\n  const seen = new Set<string>();\n  return items\n    .filter((item) => item.score <= limit && !seen.has(item.id) && seen.add(item.id))\n    .sort((a, b) => a.${noun}Name.localeCompare(b.${noun}Name));\n}\n\n`;
      case 2:
        return `export class ${cap(noun)}${cap(verb)}Service {\n  private readonly cache = new Map<string, number>();\n\n  constructor(private readonly client: HttpClient, private readonly basePath = '/internal/${noun}s') {}\n\n  async ${verb}(id: string): Promise<number> {\n    const hit = this.cache.get(id);\n    if (hit !== undefined) return hit;\n    const res = await this.client.get<{ value: number }>(\`\${this.basePath}/\${id}/${adj}\`);\n    this.cache.set(id, res.value);\n    return res.value * ${r.int(9) + 1};\n  }\n}\n\n`;
      default:
        return `describe('${verb} ${adj} ${noun}', () => {\n  it('${sentence(r, 3, 7).slice(0, -1).toLowerCase()}', () => {\n    const items = Array.from({ length: ${n % 40} }, (_, i) => ({ id: String(i), ${noun}Name: '${noun}' + i, score: i, tags: [] }));\n    expect(${camel(verb, noun)}s(items, ${n % 20}).length).toBeLessThanOrEqual(${n % 40});\n  });\n});\n\n`;
    }
  },
  js(r) {
    const noun = r.pick(NOUNS),
      verb = r.pick(VERBS),
      adj = r.pick(ADJS),
      n = r.between(2, 900);
    return r.chance(0.5)
      ? `// ${sentence(r)}\nfunction ${camel(verb, adj)}${cap(noun)}(list, options = {}) {\n  const limit = options.limit ?? ${n};\n  const out = [];\n  for (const entry of list) {\n    if (!entry || entry.${adj} === false) continue;\n    out.push({ ...entry, ${noun}: String(entry.${noun} || '').trim() });\n    if (out.length >= limit) break;\n  }\n  return out;\n}\nmodule.exports.${camel(verb, adj)}${cap(noun)} = ${camel(verb, adj)}${cap(noun)};\n\n`
      : `const ${adj}${cap(noun)}Routes = [\n  { path: '/${noun}s', method: 'GET', handler: '${verb}${cap(noun)}s' },\n  { path: '/${noun}s/:id', method: 'PUT', handler: '${verb}${cap(noun)}' },\n  { path: '/${noun}s/:id/${adj}', method: 'POST', handler: '${adj}${cap(noun)}' },\n];\nexport default ${adj}${cap(noun)}Routes;\n\n`;
  },
  tsx(r) {
    const noun = r.pick(NOUNS),
      adj = r.pick(ADJS);
    return `export function ${cap(adj)}${cap(noun)}Card({ ${noun}, onSelect }: { ${noun}: ${cap(noun)}; onSelect: (id: string) => void }) {\n  const [open, setOpen] = useState(false);\n  return (\n    <div className="card card--${adj}" onClick={() => setOpen(!open)}>\n      <h3>{${noun}.name}</h3>\n      {open && <p className="muted">${sentence(r)}</p>}\n      <button type="button" onClick={() => onSelect(${noun}.id)}>Select</button>\n    </div>\n  );\n}\n\n`;
  },
  sql(r) {
    const noun = r.pick(NOUNS),
      adj = r.pick(ADJS),
      other = r.pick(NOUNS);
    return `-- ${sentence(r)}\nwith ${adj}_${noun}s as (\n    select\n        id as ${noun}_id,\n        ${other}_id,\n        cast(created_at as date) as ${noun}_date,\n        coalesce(amount, 0) as amount\n    from {{ ref('stg_${noun}s') }}\n    where status <> 'deleted'\n),\n\n${other}_totals as (\n    select ${other}_id, sum(amount) as total_amount, count(*) as ${noun}_count\n    from ${adj}_${noun}s\n    group by 1\n)\n\nselect * from ${other}_totals where ${noun}_count > ${r.int(20)}\n\n`;
  },
  yaml(r) {
    const noun = r.pick(NOUNS),
      adj = r.pick(ADJS);
    return `  - name: ${adj}_${noun}s\n    description: "${sentence(r)}"\n    columns:\n      - name: ${noun}_id\n        tests: [unique, not_null]\n      - name: ${adj}_amount\n        description: "${sentence(r, 4, 9)}"\n`;
  },
  md(r) {
    const noun = r.pick(NOUNS),
      verb = r.pick(VERBS);
    return r.chance(0.3)
      ? `## ${cap(verb)} the ${noun} tables\n\n${sentence(r)} ${sentence(r)}\n\n\`\`\`bash\nmake ${verb}-${noun}s ENV=staging\npython -m tools.${verb} --${noun} all\n\`\`\`\n\n`
      : `${sentence(r, 10, 24)} ${sentence(r)} ${sentence(r)}\n\n- ${sentence(r, 4, 8)}\n- ${sentence(r, 4, 8)}\n- ${sentence(r, 4, 8)}\n\n`;
  },
  json(r) {
    const noun = r.pick(NOUNS),
      adj = r.pick(ADJS);
    return `  {"id": ${r.int(1e6)}, "${noun}": "${noun}-${r.int(1e4)}", "${adj}": ${r.chance(0.5)}, "amount": ${(r.float() * 1000).toFixed(2)}, "tags": ["${r.pick(ADJS)}", "${r.pick(NOUNS)}"]},\n`;
  },
  csv(r) {
    return `${r.int(1e7)},${r.pick(NOUNS)}-${r.int(1e5)},${r.pick(ADJS)},${(r.float() * 1e4).toFixed(2)},2024-${String(r.between(1, 12)).padStart(2, '0')}-${String(r.between(1, 28)).padStart(2, '0')}\n`;
  },
  sh(r) {
    const noun = r.pick(NOUNS),
      verb = r.pick(VERBS);
    return `# ${sentence(r, 4, 10)}\n${verb}_${noun}s() {\n  local target="\${1:-staging}"\n  echo "${verb} ${noun}s on $target"\n  python -m tools.${verb} --${noun} all --env "$target" || return 1\n}\n\n`;
  },
  tf(r) {
    const noun = r.pick(NOUNS),
      adj = r.pick(ADJS);
    return `resource "aws_s3_bucket" "${adj}_${noun}s" {\n  bucket = "acme-\${var.env}-${adj}-${noun}s"\n  tags = {\n    team = "data"\n    tier = "${adj}"\n  }\n}\n\n`;
  },
};

/** Text in `lang` of about `size` bytes, made of whole blocks. */
export function createFiller(r, poolSize = 600) {
  const pools = new Map();
  const pool = (lang) => {
    let p = pools.get(lang);
    if (!p) {
      p = Array.from({ length: poolSize }, () => BLOCKS[lang](r));
      pools.set(lang, p);
    }
    return p;
  };
  return {
    text(lang, size) {
      const p = pool(lang);
      const parts = [];
      let n = 0;
      do {
        const b = p[r.int(p.length)];
        parts.push(b);
        n += b.length;
      } while (n < size);
      return parts.join('');
    },
    /** A minified bundle: one long line. */
    minified(size) {
      const parts = [];
      let n = 0;
      while (n < size) {
        const a = r.pick(NOUNS),
          b = r.pick(VERBS);
        const s = `function ${a[0]}${r.int(999)}(e,t,n){var r=e.${b}||{};return t&&(r.${a}=n[${r.int(64)}]),r}`;
        parts.push(s);
        n += s.length + 1;
      }
      return parts.join(';');
    },
    sentence: () => sentence(r),
  };
}

export const HEADERS = {
  py: 'import logging\nfrom dataclasses import dataclass, field\n\nlogger = logging.getLogger(__name__)\n\n\n',
  ts: "import type { HttpClient } from '../http/client.js';\n\n",
  tsx: "import { useState } from 'react';\nimport type { Customer, Order } from '../types';\n\n",
  js: "'use strict';\n\n",
  sql: "{{ config(materialized='table') }}\n\n",
  yaml: 'version: 2\n\nmodels:\n',
  md: '# Notes\n\n',
  json: '[\n',
  csv: 'id,name,status,amount,updated_on\n',
  sh: '#!/usr/bin/env bash\nset -euo pipefail\n\n',
  tf: '',
};
export const FOOTERS = { json: '  {"id": 0}\n]\n' };
