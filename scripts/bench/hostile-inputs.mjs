// Hostile inputs for the resource bounds of a scan (README "Limits"): big and dense scripts,
// CI files of thousands of steps, and files of up to 1 MB written to be slow to parse. Used at
// full size by scripts/bench/hostile.mjs and scaled down by test/security/*.test.ts.
// Tokens are made of pieces at run time, so that no file of this project holds one whole.

import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

const API = 'https://cloud.getdbt.com/api/v2/accounts';

/** A token-shaped fake, distinct per `i`: `dbtu_` (PAT) or `dbtc_` (service token) and 50 characters. */
export function fakeToken(kind, i) {
  const body = `Fk0e${String(i).padStart(6, '0')}`.repeat(5);
  return `dbt${kind === 'pat' ? 'u' : 'c'}_${body.slice(0, 50)}`;
}

/** Writes `lines(i)` until the file holds about `bytes`; streams, so 200 MB never sits in memory. */
export function writeLines(path, bytes, line) {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  try {
    let size = 0;
    const chunk = [];
    for (let i = 0; size < bytes; i++) {
      const l = line(i);
      chunk.push(l);
      size += Buffer.byteLength(l) + 1;
      if (chunk.length === 10_000) {
        writeSync(fd, `${chunk.join('\n')}\n`);
        chunk.length = 0;
      }
    }
    if (chunk.length) writeSync(fd, `${chunk.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
}

/**
 * A deploy script as a generator or a careless copy-paste makes them: calls to the dbt Cloud API
 * with a token from the environment or written inline, exported tokens, echo and sleep lines.
 */
export function denseShellLine(file, i) {
  if (i === 0) return '#!/usr/bin/env bash';
  switch (i % 6) {
    case 0:
      return `curl -sS -X POST -H "Authorization: Token $DBT_TOKEN" ${API}/${1000 + file}/jobs/${i}/run/`;
    case 1:
      return `echo "triggered job ${i} for account ${1000 + file}"`;
    case 2:
      return `export DBT_CLOUD_TOKEN_${i}=${fakeToken(i % 4 ? 'service' : 'pat', i)}`;
    case 3:
      return `curl -sS -H "Authorization: Bearer $DBT_CLOUD_TOKEN_${i - 1}" "${API}/${1000 + file}/projects/"`;
    case 4:
      return `curl -sS -H "Authorization: Token ${fakeToken(i % 4 ? 'service' : 'pat', i)}" ${API}/${1000 + file}/runs/${i}/`;
    default:
      return `sleep 1 # wait for run ${i}`;
  }
}

/** `count` dense deploy scripts of about `bytes` each. */
export function writeDenseScripts(dir, count, bytes) {
  for (let f = 0; f < count; f++) writeLines(join(dir, `deploy-${f}.sh`), bytes, (i) => denseShellLine(f, i));
}

/** A log-like script of about `bytes` with a dbt Cloud call every `every` lines (and on its last line). */
export function writeSparseScript(path, bytes, every = 100_000) {
  writeLines(path, bytes, (i) =>
    i % every === 0
      ? `curl -sS -H "Authorization: Token $DBT_TOKEN" ${API}/1/jobs/${i}/run/`
      : `echo "step ${i} of the nightly run, nothing to see here at all"`,
  );
}

/** Files that each hold one committed PAT on a call: findings that must survive whatever else happens. */
export function writeWitnesses(dir, names) {
  for (const [n, name] of names.entries()) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(
      path,
      `import requests\nrequests.get("${API}/${n + 1}/jobs/", headers={"Authorization": "Token ${fakeToken('pat', 900_000 + n)}"})\n`,
    );
  }
}

/** `calls` dbt Cloud API calls with the CI token, as lines of a shell script indented by `indent`. */
const curls = (indent, calls, i, quote = '') =>
  Array.from(
    { length: calls },
    (_, k) => `${indent}${quote}curl -X POST -H "Authorization: Token $DBT_CLOUD_TOKEN" ${API}/${k + 1}/jobs/${i}/run/${quote}`,
  );

/** A GitHub Actions workflow of `steps` run steps; every `every`th one makes `calls` dbt Cloud API calls. */
export function workflowWithSteps(steps, { every = 2, calls = 1 } = {}) {
  const out = [
    'name: deploy',
    'on: push',
    'jobs:',
    '  run:',
    '    runs-on: ubuntu-latest',
    '    env:',
    '      DBT_CLOUD_TOKEN: ${{ secrets.DBT_PAT }}',
    '    steps:',
  ];
  for (let i = 0; i < steps; i++) {
    out.push(`      - name: step ${i}`, '        env:', `          JOB_ID: "${i}"`, '        run: |', `          echo "step ${i}"`);
    if (i % every === 0) out.push(...curls('          ', calls, i));
  }
  return `${out.join('\n')}\n`;
}

/** A .gitlab-ci.yml of `jobs` jobs; every `every`th one makes `calls` dbt Cloud API calls. */
export function gitlabWithJobs(jobs, { every = 2, calls = 1 } = {}) {
  const out = ['variables:', '  DBT_CLOUD_TOKEN: $DBT_PAT', 'stages: [deploy]'];
  for (let i = 0; i < jobs; i++) {
    out.push(`job_${i}:`, '  stage: deploy', '  script:', `    - echo "job ${i}"`);
    if (i % every === 0) out.push(...curls('    - ', calls, i, "'"));
  }
  return `${out.join('\n')}\n`;
}

/** A Dockerfile of `runs` RUN instructions; every `every`th one makes `calls` dbt Cloud API calls. */
export function dockerfileWithRuns(runs, { every = 2, calls = 1 } = {}) {
  const out = ['FROM python:3.12', 'ARG DBT_CLOUD_TOKEN'];
  for (let i = 0; i < runs; i++) {
    if (i % every) out.push(`RUN echo "layer ${i}" && pip install pkg${i}`);
    else out.push(`RUN ${curls('', calls, i).join(' && \\\n    ')}`);
  }
  return `${out.join('\n')}\n`;
}

const MB = 1_000_000;
const URL = `${API}/1/jobs/2/run/`;
const fill = (unit, max) => unit.repeat(Math.floor(max / unit.length));
const linesUpTo = (max, line) => {
  const out = [];
  for (let i = 0, n = 0; n < max; i++) {
    const l = line(i);
    out.push(l);
    n += l.length + 1;
  }
  return out.join('\n');
};

/**
 * Files of at most 1 MB (`scale` 1) in every language the scan parses, each written to be slow:
 * deep nesting, one huge line, tens of thousands of calls, literals, steps or concatenations.
 * Repository path -> text.
 */
export function pathologicalFiles(scale = 1) {
  const size = Math.floor(MB * scale) - 300;
  const calls = (line) => linesUpTo(size, line);
  return {
    'js/calls.js': `const t = process.env.DBT_TOKEN;\n${calls((i) => `fetch("${URL}${i}", { headers: { Authorization: \`Token \${t}\` } });`)}\n`,
    'js/minified.js': `const t=process.env.DBT_TOKEN;${fill(`fetch("${URL}",{headers:{Authorization:"Token "+t}});`, size)}\n`,
    'js/chain.js': `const t = process.env.DBT_TOKEN;\nlet u0 = "${URL}";\n${calls((i) => `const u${i + 1} = u${i} + "x";`)}\n`,
    'js/nested.js': `const u = "${URL}";\nconst x = ${'['.repeat(size / 2)}fetch(u)${']'.repeat(size / 2)};\n`,
    'py/calls.py': `import os, requests\nt = os.environ["DBT_TOKEN"]\n${calls((i) => `requests.post(f"${URL}{${i}}", headers={"Authorization": f"Token {t}"})`)}\n`,
    'py/funcs.py': `import os, requests\nt = os.environ["DBT_TOKEN"]\ndef f0(x):\n    return requests.get("${URL}", headers={"Authorization": "Token " + x})\n${calls((i) => `def f${i + 1}(x):\n    return f${i}(x)`)}\n`,
    'py/strings.py': `import requests\n${calls((i) => `s${i} = "${URL}" + "${i}"`)}\n`,
    'sh/calls.sh': `#!/bin/bash\n${calls((i) => `curl -H "Authorization: Token $DBT_TOKEN" ${URL}${i}`)}\n`,
    'sh/vars.sh': `#!/bin/bash\nA0=https://cloud.getdbt.com/api/v2\n${calls((i) => `A${i + 1}="$A${i}"`)}\n`,
    '.github/workflows/steps.yml': workflowWithSteps(Math.floor(size / 200)),
    '.gitlab-ci.yml': gitlabWithJobs(Math.floor(size / 150)),
    'deploy/Dockerfile': dockerfileWithRuns(Math.floor(size / 90)),
    'ci/Jenkinsfile': `pipeline {\n agent any\n stages {\n${calls((i) => `  stage('s${i}') { steps { sh "curl -H 'Authorization: Token \${DBT_TOKEN}' ${URL}${i}" } }`)}\n }\n}\n`,
    'infra/templates.tf': `provider "dbtcloud" {\n  token = var.dbt_token\n}\nlocals {\n  s = "${'${'.repeat(size / 20)}1${'}'.repeat(size / 20)}"\n}\n`,
    'k8s/deploy.yaml': `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n${calls((i) => `    - name: c${i}\n      command: ["sh", "-c", "curl -H 'Authorization: Token $DBT_TOKEN' ${URL}${i}"]`)}\n`,
    'postman/api.postman_collection.json': JSON.stringify({
      info: { name: 'dbt' },
      item: Array.from({ length: Math.floor(size / 220) }, (_, i) => ({
        name: `r${i}`,
        request: { method: 'GET', header: [{ key: 'Authorization', value: 'Token {{dbt_token}}' }], url: { raw: `${URL}${i}` } },
      })),
    }),
    'config/.env': calls((i) => `DBT_CLOUD_TOKEN_${i}=${fakeToken('service', i)}`),
    'sql/calls.sql': calls((i) => `select http_get('${URL}${i}', 'Token ' || $DBT_TOKEN);`),
    'go/calls.go': `package main\n${calls((i) => `var u${i} = "${URL}" + "${i}"`)}\n`,
  };
}

/** Writes files given as repository path -> text under `dir`. */
export function writeFiles(dir, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}
