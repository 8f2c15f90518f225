import { parseDocument } from 'yaml';
const warm = 'airflow:\n  connections:\n    - conn_id: "x"\n      conn_password: "y"\n';
for (let i = 0; i < Number(process.argv[2] ?? 1); i++) parseDocument(warm);
const depth = Number(process.argv[3] ?? 100000);
try {
  const d = parseDocument(`airflow: ${'['.repeat(depth)}`);
  console.log('ok', d.errors.length);
} catch (e) { console.log('caught', e.constructor.name, String(e.message).slice(0, 80)); }
