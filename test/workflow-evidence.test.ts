import { describe, expect, it } from 'vitest';
import { commandLinesOf } from '../src/adapters/shared/ci-yaml/command-lines.js';
import { deployedEntryOf, dotenvUseOf, mayBeWebRouteModule } from '../src/classify/entry-points.js';
import { buildRepoLayout, fileWorkflow } from '../src/classify/workflow.js';
import { importedFiles } from '../src/scan/code-imports.js';
import { commandTargets } from '../src/scan/entry-reach.js';
import { taskScriptPaths } from '../src/scan/task-runners.js';

// The pieces behind the workflow fixtures (fixtures/workflow/): what a file's text says about
// how it is started, which files it brings in, and the order in which evidence is weighed.

const none = (): boolean => false;
const siblings =
  (...names: string[]) =>
  (name: string): boolean =>
    names.includes(name);

describe('deployedEntryOf', () => {
  it('knows serverless handlers by signature or framework', () => {
    expect(deployedEntryOf('fn/app.py', 'import json\n\ndef on_event(event, context):\n    return 1\n', none)).toBe('serverless-function');
    expect(deployedEntryOf('fn/handler.py', 'def lambda_handler(request, ctx):\n    pass\n', none)).toBe('serverless-function');
    expect(deployedEntryOf('fn/main.py', 'import functions_framework\n\n@functions_framework.http\ndef go(req):\n    pass\n', none)).toBe(
      'serverless-function',
    );
    expect(deployedEntryOf('fn/index.js', 'exports.handler = async (event) => ({ statusCode: 200 });\n', none)).toBe('serverless-function');
    expect(
      deployedEntryOf(
        'worker/src/index.ts',
        'export default {\n  async fetch(request, env) {\n    return new Response("ok");\n  },\n};\n',
        none,
      ),
    ).toBe('serverless-function');
  });

  it('takes `def f(request)` for a Cloud Function only in a main.py shipped with requirements.txt', () => {
    const text = 'import requests\n\ndef refresh(request):\n    return "ok"\n';
    expect(deployedEntryOf('fn/main.py', text, siblings('requirements.txt'))).toBe('serverless-function');
    expect(deployedEntryOf('fn/main.py', text, none)).toBeUndefined();
    expect(deployedEntryOf('fn/refresh.py', text, siblings('requirements.txt'))).toBeUndefined();
    // A method or nested function is not the module's entry.
    expect(
      deployedEntryOf('fn/main.py', 'class A:\n    def refresh(request):\n        pass\n', siblings('requirements.txt')),
    ).toBeUndefined();
  });

  it('knows web servers and Modal apps', () => {
    expect(deployedEntryOf('web/app.py', 'from flask import Flask\napp = Flask(__name__)\n', none)).toBe('web-server');
    expect(deployedEntryOf('api/main.py', 'from fastapi import FastAPI\napp = FastAPI()\n', none)).toBe('web-server');
    expect(
      deployedEntryOf(
        'srv/index.js',
        "const app = require('express')();\nconst express = require('express');\nconst a = express();\na.listen(3000);\n",
        none,
      ),
    ).toBe('web-server');
    expect(
      deployedEntryOf(
        'jobs/nightly.py',
        'import modal\n\napp = modal.App("nightly")\n\n@app.function(schedule=modal.Cron("0 5 * * *"))\ndef run():\n    pass\n',
        none,
      ),
    ).toBe('modal-app');
  });

  it("knows web frameworks' server-side modules and chat bots as deployed servers", () => {
    const web = (path: string, text: string) => deployedEntryOf(path, text, none);
    expect(web('app/api/trigger/route.ts', 'export async function POST(req: Request) {\n  return Response.json({});\n}\n')).toBe(
      'web-server',
    );
    expect(web('src/pages/api/save.ts', 'export const POST: APIRoute = async ({ request }) => new Response();\n')).toBe('web-server');
    expect(web('src/routes/runs/+server.ts', 'export const GET = async () => json([]);\n')).toBe('web-server');
    expect(web('src/routes/jobs/+page.server.ts', 'export const load = async () => ({ jobs: [] });\n')).toBe('web-server');
    expect(web('app/routes/jobs.$id.tsx', 'export async function loader({ params }) {\n  return null;\n}\n')).toBe('web-server');
    expect(web('server/api/runs.get.ts', 'export default defineEventHandler(async () => []);\n')).toBe('web-server');
    expect(web('app/actions.ts', "'use server';\n\nexport async function rerun(id: number) {}\n")).toBe('web-server');
    expect(web('pages/api/refresh.js', 'export default async function handler(req, res) {\n  res.end();\n}\n')).toBe('web-server');
    expect(
      web(
        'bot/main.py',
        'from slack_bolt import App\nfrom slack_bolt.adapter.socket_mode import SocketModeHandler\napp = App(token=t)\nSocketModeHandler(app, a).start()\n',
      ),
    ).toBe('web-server');
    expect(
      web('bot/app.py', 'from slack_bolt import App\napp = App(token=t)\n\nif __name__ == "__main__":\n    app.start(port=3000)\n'),
    ).toBe('web-server');
  });

  it('knows a Streamlit app set up to be served, not a script that only imports streamlit', () => {
    const app = (text: string) => deployedEntryOf('dashboards/runs.py', text, none);
    expect(app('import streamlit as st\n\ntoken = st.secrets["DBT_CLOUD_TOKEN"]\nst.title("Runs")\n')).toBe('web-server');
    // A page layout is how a dashboard run locally with `streamlit run` starts too: no sign of a deployment.
    expect(app('import streamlit as st\nst.set_page_config(page_title="Runs", layout="wide")\n')).toBeUndefined();
    expect(app('import streamlit as st\nimport os\nst.write(os.environ["DBT_CLOUD_TOKEN"])\n')).toBeUndefined();
  });

  it('names the paths where web frameworks keep server-side modules, to be looked at wherever they sit', () => {
    for (const p of [
      'src/app/api/models/route.ts',
      'app/route.js',
      'pages/api/run.js',
      'web/src/pages/api/save.ts',
      'src/routes/runs/+server.ts',
      'server/api/runs.get.ts',
      'src/app/actions.ts',
      // Pages the server may render: their text decides (an async Server Component, `getServerSideProps`).
      'src/app/page.tsx',
      'app/(dashboard)/runs/layout.tsx',
      'pages/freshness.jsx',
    ])
      expect(mayBeWebRouteModule(p), p).toBe(true);
    for (const p of ['src/lib/dbt.ts', 'src/app/utils.tsx', 'types/route.d.ts', 'scripts/run.py', 'src/components/Route.tsx'])
      expect(mayBeWebRouteModule(p), p).toBe(false);
  });

  it('does not take a framework word for a server-side module', () => {
    const web = (path: string, text: string) => deployedEntryOf(path, text, none);
    expect(web('src/lib/http.ts', 'export const methods = { GETTER: 1 };\nexport function post(url: string) {}\n')).toBeUndefined();
    expect(web('src/components/Jobs.tsx', 'export function loader() {}\n')).toBeUndefined();
    expect(web('src/pages/jobs.tsx', 'export default function Jobs() { return null; }\n')).toBeUndefined();
    expect(web('src/actions.ts', "const mode = 'use server';\nexport const run = () => mode;\n")).toBeUndefined();
    expect(
      web('tools/notify.py', 'from slack_sdk import WebClient\nWebClient(token=t).chat_postMessage(channel="x", text="done")\n'),
    ).toBeUndefined();
  });

  it('says nothing of scripts, libraries and notebooks', () => {
    expect(deployedEntryOf('tools/report.py', 'import requests\n\ndef main():\n    pass\n', none)).toBeUndefined();
    expect(deployedEntryOf('lib/client.ts', 'export class Client { handler = 1 }\n', none)).toBeUndefined();
    expect(deployedEntryOf('srv/express-note.js', '// uses express() in production; see server.js\n', none)).toBeUndefined();
    expect(deployedEntryOf('types/index.d.ts', 'export declare const handler: () => void;\n', none)).toBeUndefined();
    expect(deployedEntryOf('nb/x.ipynb', '{"cells": [{"source": ["def f(event, context):"]}]}', none)).toBeUndefined();
  });
});

describe('dotenvUseOf', () => {
  it('finds the loaders and the paths they name', () => {
    expect(dotenvUseOf('from dotenv import load_dotenv\nload_dotenv()\n')).toEqual({ paths: [] });
    expect(dotenvUseOf('load_dotenv(dotenv_path="conf/prod.env")\n')).toEqual({ paths: ['conf/prod.env'] });
    expect(dotenvUseOf("require('dotenv').config({ path: './deploy/.env.production' });\n")).toEqual({
      paths: ['./deploy/.env.production'],
    });
    expect(dotenvUseOf("import 'dotenv/config';\n")).toEqual({ paths: [] });
  });

  it('ignores code that only mentions dotenv', () => {
    expect(dotenvUseOf('# run `pip install python-dotenv` first\nimport os\n')).toBeUndefined();
    expect(dotenvUseOf('const env = process.env.DOTENV_KEY;\n')).toBeUndefined();
  });
});

describe('commandLinesOf', () => {
  it('reads commands from run/script/command keys, block scalars, lists and flow sequences', () => {
    const text = [
      'steps:',
      '  - run: python tools/a.py --x 1  # nightly',
      '  - run: |',
      '      set -e',
      '      bash ci/b.sh',
      '  - name: x',
      'deploy:',
      '  script:',
      '    - ./deploy.sh',
      '    - "python -m ops.sync"',
      'services:',
      '  worker:',
      '    command: ["python", "worker/main.py"]',
    ].join('\n');
    expect(commandLinesOf(text)).toEqual([
      'python tools/a.py --x 1',
      'set -e\nbash ci/b.sh',
      './deploy.sh\npython -m ops.sync',
      'python worker/main.py',
    ]);
  });

  it('keeps list items after a folded or literal item and joins an item continued on deeper lines', () => {
    const text = [
      'phases:',
      '  build:',
      '    commands:',
      '      - >-',
      '        curl -fsS -X POST',
      '        "https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/"',
      '      - |',
      '        cd tools',
      '        python sync.py',
      '      - python scripts/nightly.py',
      '        --wait',
    ].join('\n');
    expect(commandLinesOf(text)).toEqual([
      'curl -fsS -X POST "https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/"\ncd tools\npython sync.py\npython scripts/nightly.py --wait',
    ]);
  });

  it('reads a list as one shell, a GitLab job before_script first', () => {
    const text = [
      'deploy:',
      '  before_script:',
      '    - cd tools',
      '  script:',
      '    - python run.py',
      'other:',
      '  script:',
      '    - python x.py',
    ].join('\n');
    expect(commandLinesOf(text)).toEqual(['cd tools', 'cd tools\npython run.py', 'python x.py']);
  });

  it('reads nothing from keys that are not commands', () => {
    expect(commandLinesOf('name: python tools/a.py\nimage: python:3.12\n')).toEqual([]);
  });
});

describe('commandTargets', () => {
  it('finds scripts and modules a container command starts', () => {
    expect(commandTargets('python /app/main.py --port 8080')).toEqual({ paths: ['/app/main.py'], modules: [] });
    expect(commandTargets('gunicorn -w 2 -b :8080 service.wsgi:app')).toEqual({ paths: [], modules: ['service.wsgi'] });
    expect(commandTargets('python -m jobs.poll')).toEqual({ paths: [], modules: ['jobs.poll'] });
    expect(commandTargets('functions-framework --target=refresh')).toEqual({ paths: ['main.py'], modules: [] });
    expect(commandTargets('/entrypoint.sh')).toEqual({ paths: ['/entrypoint.sh'], modules: [] });
    expect(commandTargets('dbt build --target prod')).toEqual({ paths: [], modules: [] });
  });
});

describe('importedFiles', () => {
  const files = new Set([
    'etl/run.py',
    'etl/helpers.py',
    'etl/pkg/__init__.py',
    'etl/pkg/api.py',
    'shared/auth.py',
    'web/server.ts',
    'web/lib/client.ts',
    'web/lib/index.ts',
    'ci/go.sh',
    'ci/trigger.py',
  ]);
  const exists = (p: string): boolean => files.has(p);

  it('follows Python imports: plain, from, relative and submodules named in from-imports', () => {
    const text = 'import os, helpers\nfrom pkg import api\nfrom shared.auth import token\nfrom . import missing\nimport requests\n';
    expect(importedFiles('etl/run.py', text, exists).sort()).toEqual([
      'etl/helpers.py',
      'etl/pkg/__init__.py',
      'etl/pkg/api.py',
      'shared/auth.py',
    ]);
    expect(importedFiles('etl/pkg/api.py', 'from ..helpers import x\n', exists)).toEqual(['etl/helpers.py']);
    expect(importedFiles('etl/run.py', 'from pkg import (\n    api,\n    other,\n)\n', exists).sort()).toEqual([
      'etl/pkg/__init__.py',
      'etl/pkg/api.py',
    ]);
  });

  it("follows the repository scripts a Python file's command strings run (a DAG's pod or bash task)", () => {
    const files = new Set(['airflow/dags/nightly.py', 'utils/run_job.py', 'utils/__init__.py', 'scripts/refresh.sh']);
    const has = (p: string): boolean => files.has(p);
    const dag = [
      'KubernetesPodOperator(task_id="run", arguments=["python -m  utils.run_job 19444 \\"nightly\\""])',
      "BashOperator(task_id='refresh', bash_command='bash scripts/refresh.sh ')",
      'BashOperator(task_id="core", bash_command="dbt build --target prod")',
    ].join('\n');
    expect(importedFiles('airflow/dags/nightly.py', dag, has).sort()).toEqual(['scripts/refresh.sh', 'utils/run_job.py']);
  });

  it('follows relative JavaScript imports only', () => {
    const text = "import { Client } from './lib/client';\nimport axios from 'axios';\nconst x = require('./lib');\n";
    expect(importedFiles('web/server.ts', text, exists).sort()).toEqual(['web/lib/client.ts', 'web/lib/index.ts']);
  });

  it("follows a project's @/ alias by its tsconfig paths, or to src/ and the project folder", () => {
    const files = new Map([
      ['app/tsconfig.json', '{\n  "compilerOptions": {\n    // aliases\n    "paths": { "@/*": ["./src/*"] }\n  }\n}\n'],
      ['app/src/lib/dbt-api.ts', ''],
      ['site/jsconfig.json', '{ "compilerOptions": { "baseUrl": "." } }'],
      ['site/lib/jobs.js', ''],
      ['site/src/lib/jobs.js', ''],
    ]);
    const has = (p: string): boolean => files.has(p);
    const read = (p: string): string | undefined => files.get(p);
    const route = "import { getMetrics } from '@/lib/dbt-api';\nimport { z } from 'zod';\n";
    expect(importedFiles('app/src/app/api/metrics/route.ts', route, has, read)).toEqual(['app/src/lib/dbt-api.ts']);
    expect(importedFiles('site/pages/api/run.js', "import { run } from '~/lib/jobs';\n", has, read).sort()).toEqual([
      'site/lib/jobs.js',
      'site/src/lib/jobs.js',
    ]);
    // Without a way to read the config, an alias is not followed.
    expect(importedFiles('app/src/app/api/metrics/route.ts', route, has)).toEqual([]);
  });

  it('follows the scripts a shell script runs', () => {
    expect(importedFiles('ci/go.sh', 'set -e\npython3 ci/trigger.py\n', exists)).toEqual(['ci/trigger.py']);
  });
});

describe('fileWorkflow: evidence over names', () => {
  const layout = (reached: Record<string, 'ci-cd' | 'application' | 'orchestrator' | 'script'> = {}, files: string[] = []) =>
    buildRepoLayout(files, [], new Map(Object.entries(reached)));

  it('lets a DAG folder or content outweigh a test file name, not a test folder', () => {
    expect(fileWorkflow('dags/nightly_test.py', undefined, layout())).toBe('orchestrator');
    expect(fileWorkflow('pipelines/test_marts.py', 'orchestrator', layout())).toBe('orchestrator');
    expect(fileWorkflow('tests/test_dag.py', 'orchestrator', layout())).toBe('test');
    expect(fileWorkflow('lib/smoke_test.py', undefined, layout())).toBe('test');
  });

  it('lets an entry point that reaches a file outweigh folder names and deployment files nearby', () => {
    expect(fileWorkflow('tools/client.py', undefined, layout({ 'tools/client.py': 'ci-cd' }))).toBe('ci-cd');
    expect(fileWorkflow('setup_env.sh', undefined, layout({ 'setup_env.sh': 'script' }, ['Dockerfile', 'setup_env.sh']))).toBe('script');
    expect(fileWorkflow('setup_env.sh', undefined, layout({}, ['Dockerfile', 'setup_env.sh']))).toBe('application');
  });

  it('takes a dev container for development, and its Dockerfile for no service', () => {
    expect(fileWorkflow('.devcontainer/start.sh', undefined, layout({}, ['.devcontainer/Dockerfile', '.devcontainer/start.sh']))).toBe(
      'script',
    );
    expect(fileWorkflow('cli/run.py', undefined, layout({}, ['.devcontainer/Dockerfile']))).toBe('script');
  });

  it('takes code kept beside CI configuration for CI', () => {
    expect(fileWorkflow('.github/scripts/notify.py', undefined, layout())).toBe('ci-cd');
    expect(fileWorkflow('.circleci/src/api.py', undefined, layout())).toBe('ci-cd');
  });
});

describe('taskScriptPaths', () => {
  const repo: Record<string, string> = {
    Makefile: '.PHONY: all\nall: build\n\nbuild: gen\n\t@python tools/build.py\n\ngen:\n\t-bash tools/gen.sh\n\nclean:\n\trm -rf out\n',
    'web/package.json': '{"scripts": {"presync": "node bin/check.js", "sync": "ts-node src/sync.ts", "start": "node server.js"}}',
    'tox.ini':
      '[tox]\nenvlist = py312\n\n[testenv:refresh]\ncommands =\n    python ops/refresh.py --all\n    python -m ops.report\n\n[testenv:lint]\ncommands = ruff check .\n',
    'noxfile.py':
      'import nox\n\n@nox.session\ndef refresh(session):\n    session.install("requests")\n    session.run("python", "ops/refresh.py")\n\n@nox.session\ndef lint(session):\n    session.run("ruff", "check")\n',
  };
  const files = { read: (p: string): string | undefined => repo[p] };
  const paths = (command: string, root = ''): string[] =>
    taskScriptPaths(command, root, files).map((t) => (t.dir ? `${t.dir}: ${t.path}` : t.path));

  it('follows make targets through their prerequisites; no target is the first rule', () => {
    expect(paths('make build')).toEqual(['tools/gen.sh', 'tools/build.py']);
    expect(paths('make -j4 VERBOSE=1')).toEqual(['tools/gen.sh', 'tools/build.py']);
    expect(paths('make clean')).toEqual([]);
  });

  it('follows npm, pnpm and yarn scripts with their pre- and post- scripts', () => {
    expect(paths('npm --prefix web run sync')).toEqual(['web: bin/check.js', 'web: src/sync.ts']);
    expect(paths('yarn --cwd web start')).toEqual(['web: server.js']);
    expect(paths('npm ci')).toEqual([]);
    // a package.json that is valid JSON but no manifest runs nothing
    for (const text of ['null', '"x"', '[1]']) {
      expect(taskScriptPaths('npm run sync', '', { read: (p) => (p === 'package.json' ? text : undefined) }), text).toEqual([]);
    }
  });

  it('follows tox environments and nox sessions', () => {
    expect(paths('tox -e refresh')).toEqual(['ops/refresh.py', '@pymodule@/ops/report']);
    expect(paths('nox -s refresh')).toEqual(['ops/refresh.py']);
    expect(paths('nox -s lint')).toEqual([]);
  });
});
