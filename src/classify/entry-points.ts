// What a file's own text says about how it is started: the function a serverless platform calls,
// a web server, a Modal app, a DAG; and whether it loads a `.env`. Cheap regular expressions on
// the text: these only decide which workflow a file's calls run in, never what the calls are.

/** How a deployment platform starts a file, when the text says so. */
export type DeployedEntry = 'serverless-function' | 'web-server' | 'modal-app';

const PY_EXT = /\.pyw?$/i;

/** A Kestra flow's task, an Argo workflow: the commands and requests they hold run on the scheduler. */
const SCHEDULER_FLOW =
  /^[ \t-]*type:[ \t]*["']?io\.kestra\.|^apiVersion:[ \t]*["']?argoproj\.io\/[\s\S]{0,2000}^kind:[ \t]*["']?(?:Workflow|CronWorkflow|WorkflowTemplate|ClusterWorkflowTemplate)\b/m;
/**
 * A Databricks asset bundle's job (`resources:` / `jobs:` with tasks, in `databricks.yml` or a
 * `resources/*.yml` it includes): its tasks' settings (a cluster's `spark_env_vars`) are the job's.
 */
const DATABRICKS_BUNDLE_JOB = /^resources:[ \t]*(?:#.*)?\r?\n(?:[ \t]+\S.*\r?\n|[ \t]*\r?\n){0,20}?[ \t]+jobs:/m;
const DATABRICKS_TASK_KIND =
  /^[ \t-]*(?:notebook_task|spark_python_task|python_wheel_task|dbt_task|sql_task|spark_jar_task|run_job_task):/m;

export const isSchedulerFlow = (text: string): boolean =>
  SCHEDULER_FLOW.test(text) || (DATABRICKS_BUNDLE_JOB.test(text) && DATABRICKS_TASK_KIND.test(text));
/** JavaScript and TypeScript sources (not Apps Script, which has no entry-point conventions). */
export const JS_EXT = /\.(?:[cm]?[jt]s|[jt]sx)$/i;

/** `def lambda_handler(…)`, or any top-level `def f(event, context)`: AWS Lambda's and Cloud Functions' background signature. */
const PY_EVENT_HANDLER =
  /^(?:async[ \t]+)?def[ \t]+(?:lambda_handler[ \t]*\(|[A-Za-z_]\w*[ \t]*\([ \t]*event[ \t]*(?::[^,)]*)?,[ \t]*context[ \t]*(?::[^,)]*)?\))/m;
/** Google Cloud Functions' framework, Azure Functions' binding module, AWS's ASGI adapter. */
const PY_FUNCTION_FRAMEWORK =
  /^[ \t]*(?:import[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*(?:functions_framework|azure\.functions)\b|from[ \t]+(?:functions_framework|azure\.functions|mangum)[ \t]+import\b|@functions_framework\.(?:http|cloud_event|typed)\b)/m;
/** A Cloud Function's HTTP entry: a top-level `def f(request)` in the `main.py` the platform loads. */
const PY_HTTP_FUNCTION = /^def[ \t]+[A-Za-z_]\w*[ \t]*\([ \t]*request[ \t]*(?::[^,)]*)?\)/m;
const PY_WEB_APP =
  /\b(?:Flask|FastAPI|Starlette|Quart|Sanic|Litestar)[ \t]*\(|\bweb\.Application[ \t]*\(|^[ \t]*from[ \t]+django\.core\.[aw]sgi[ \t]+import\b|\b(?:Threading)?HTTPServer[ \t]*\([^\n]*\)[\s\S]{0,2000}?\.serve_forever[ \t]*\(/m;
/**
 * A Django view module (`from django.http import JsonResponse`, Django REST framework, Django
 * Ninja): the project's URL configuration routes requests to it in the deployed server.
 */
const PY_DJANGO_VIEW =
  /^[ \t]*(?:from[ \t]+(?:django\.(?:http|shortcuts|views)|rest_framework|ninja)\b[\w.]*[ \t]+import\b|import[ \t]+rest_framework\b)/m;
/** A Dash app handing its Flask server to a WSGI host (`server = app.server`): served, not run by hand. */
const PY_DASH_APP = /\bDash[ \t]*\(/;
const PY_DASH_SERVER = /^[ \t]*\w+[ \t]*=[ \t]*\w+\.server[ \t]*(?:#.*)?$/m;
/** A Streamlit app set up to be served: it reads the platform's secrets (a page layout alone is how local tools start too). */
const PY_STREAMLIT = /^[ \t]*(?:import[ \t]+streamlit\b|from[ \t]+streamlit\b)/m;
const PY_STREAMLIT_APP = /\b(?:st|streamlit)\.secrets\b/;
/**
 * A Streamlit page asking whoever uses it for a secret (`st.text_input("dbt Cloud token",
 * type="password")`): a tool, whose users each supply their own token.
 */
const PY_STREAMLIT_SECRET_INPUT =
  /\.text_input[ \t]*\((?:[ \t\r\n]*(?:label[ \t]*=[ \t]*)?[rf]?["'][^"'\n]{0,120}?\b(?:token|api[ _-]?key|pat)\b|(?:[^()]|\([^()]*\)){0,400}?\btype[ \t]*=[ \t]*["']password["'])/i;
const PY_MODAL = /^[ \t]*(?:import[ \t]+modal\b|from[ \t]+modal[ \t]+import\b)/m;
const PY_MODAL_APP =
  /\bmodal\.(?:App|Stub)[ \t]*\(|@[A-Za-z_]\w*\.(?:function|cls|asgi_app|web_endpoint|fastapi_endpoint)\b|\b(?:App|Stub)[ \t]*\(/;

/**
 * `exports.handler =`, `export const handler =`, `export async function handler(`; a Google Cloud
 * Function's (or an Express controller's) `exports.onRunDone = async (req, res) =>`.
 */
const JS_HANDLER_EXPORT =
  /\b(?:module\.)?exports\.handler[ \t]*=|\bexport[ \t]+(?:const|let|var)[ \t]+handler\b|\bexport[ \t]+(?:async[ \t]+)?function[ \t]+handler[ \t]*\(|\bexports\.[A-Za-z_$][\w$]*[ \t]*=[ \t]*(?:async[ \t]+)?(?:function[ \t]*[\w$]*[ \t]*)?\([ \t]*(?:req|request)[ \t]*,[ \t]*(?:res|response)[ \t]*\)/;
const JS_FUNCTION_FRAMEWORK =
  /['"]@google-cloud\/functions-framework['"]|['"]@azure\/functions['"]|['"]firebase-functions(?:\/[^'"]*)?['"]|['"]@vercel\/node['"]|['"]@netlify\/functions['"]|['"]@pipedream\/platform['"]/;
/** A Pipedream step or component: `export default defineComponent({ … async run({ steps, $ }) …`, run on Pipedream's servers. */
const JS_PIPEDREAM_STEP = /\bexport[ \t]+default[ \t]+defineComponent[ \t]*\([\s\S]{0,4000}?\basync[ \t]+run[ \t]*\([ \t]*\{[^}]{0,80}\$/;
/** A server that listens: Express, Koa, Fastify, Hono, node:http. */
const JS_SERVER =
  /\b(?:express|[Ff]astify|Koa|Hono)[ \t]*\([^)]*\)|\bnew[ \t]+(?:Koa|Hono)[ \t]*(?:<[^>()]{0,200}>[ \t]*)?\(|\bhttps?\.createServer[ \t]*\(|\bcreate(?:HTTP)?Server[ \t]*\(|\bNestFactory\.create(?:Microservice)?[ \t]*(?:<[^>()]{0,200}>[ \t]*)?\(/;
const JS_LISTENS = /\.listen[ \t]*\(|\bserve[ \t]*\(|export[ \t]+default[ \t]+(?:app|server)\b/;
/** A Cloudflare Worker / Deno / Bun handler: `export default { async fetch(request …`, a Worker's cron `scheduled(event, env)`. */
const JS_FETCH_HANDLER =
  /\bexport[ \t]+default[ \t]*\{[\s\S]{0,200}?\b(?:async[ \t]+)?(?:fetch[ \t]*\([ \t]*(?:request|req)\b|scheduled[ \t]*\([ \t]*\w+[ \t]*(?::[^,)]{1,80})?,[ \t]*env\b)/;
/**
 * A web framework's server-side module, which the framework runs on the deployed server: a route
 * handler exporting HTTP verbs (Next.js `app/<path>/route.ts`, Astro and SvelteKit endpoints), a
 * Remix or React Router `loader`/`action`, a SvelteKit `+page.server` / `+layout.server` module,
 * a Nuxt/h3 event handler, a Next.js server action module (`'use server'`).
 */
const JS_ROUTE_VERBS =
  /\bexport[ \t]+(?:(?:async[ \t]+)?function[ \t]*\*?[ \t]*|(?:const|let|var)[ \t]+)(?:GET|POST|PUT|PATCH|DELETE|ALL)\b/;
const JS_LOADER_ACTION = /\bexport[ \t]+(?:(?:async[ \t]+)?function[ \t]+|(?:const|let)[ \t]+)(?:loader|action|clientLoader)\b/;
const JS_ROUTES_FOLDER = /(?:^|\/)(?:app\/)?routes\//;
const SVELTEKIT_SERVER_MODULE = /(?:^|\/)\+(?:page|layout)\.server\.[jt]s$/;
const JS_EVENT_HANDLER = /\bexport[ \t]+default[ \t]+define(?:Event|Cached(?:Event)?)Handler[ \t]*\(/;
const USE_SERVER = /^(?:[ \t]*(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/[ \t]*)?\r?\n)*[ \t]*['"]use server['"]/;
/** Next.js pages-router API routes: every module under `pages/api/` is a server function. */
const PAGES_API = /(?:^|\/)pages\/api\//;
/**
 * Next.js pages rendered on the server: an App Router page or layout that is an async Server
 * Component (`export default async function RunsPage()`, not a `'use client'` module), and a
 * Pages Router page's `getServerSideProps` / `getStaticProps`.
 */
const NEXT_APP_PAGE = /(?:^|\/)app\/(?:[^/]+\/)*(?:page|layout)\.[jt]sx?$/;
const ASYNC_DEFAULT_COMPONENT = /\bexport[ \t]+default[ \t]+async[ \t]+function\b/;
const USE_CLIENT = /^(?:[ \t]*(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/[ \t]*)?\r?\n)*[ \t]*['"]use client['"]/;
const NEXT_PAGES_PAGE = /(?:^|\/)pages\/(?:[^/]+\/)*[^/]+\.[jt]sx?$/;
const NEXT_SERVER_DATA = /\bexport[ \t]+(?:async[ \t]+function[ \t]+|const[ \t]+)(?:getServerSideProps|getStaticProps)\b/;
/**
 * Where platforms find functions by folder, with no config file (Netlify's `netlify/functions/`,
 * Supabase's `supabase/functions/<name>/index.ts`, Vercel's root `api/`): a module there with a
 * default export or `Deno.serve` is the function the platform deploys.
 */
const FUNCTIONS_FOLDER = /(?:^|\/)(?:netlify\/(?:edge-)?functions|supabase\/functions)\/|^api\/[^/]+\.[cm]?[jt]s$/;
/** A function's entry: a default export, `exports.handler`, `Deno.serve(…)` or the older std `serve(…)` (`import { serve } from "https://deno.land/std/http/server.ts"`). */
const FUNCTION_EXPORT = /\bexport[ \t]+default\b|\bexports\.handler\b|\bDeno\.serve[ \t]*\(|^[ \t]*serve[ \t]*\(/m;
/** A Slack Bolt app that starts itself (`new App({ token … })` then `app.start(3000)`). */
const JS_SLACK_BOLT_APP = /['"]@slack\/bolt['"]/;
const JS_STARTS = /\.start[ \t]*\(/;
/** A chat bot that runs as a service: Slack Bolt's socket-mode handler or app server, a discord.py or python-telegram-bot client. */
const PY_BOT = /\bSocketModeHandler[ \t]*\(|\b(?:discord\.Client|commands\.Bot|Application\.builder)[ \t]*\(/;
/** A Slack Bolt app served over HTTP: `from slack_bolt import App` and `app.start(…)`. */
const PY_SLACK_BOLT_APP = /^[ \t]*from[ \t]+slack_bolt[\w.]*[ \t]+import\b[^\n]*\bApp\b/m;
const PY_STARTS = /\.start[ \t]*\(/;

/**
 * A word every Python pattern above needs (PY_HTTP_FUNCTION aside: it is tried only on a
 * `main.py`). Most modules hold none of them, and one pass for this word spares them the
 * patterns' several passes; a new pattern adds its word here.
 */
const PY_ENTRY_WORD =
  /\b(?:lambda_handler|context|functions_framework|azure|mangum|Flask|FastAPI|Starlette|Quart|Sanic|Litestar|Application|django|rest_framework|ninja|SocketModeHandler|discord|commands|slack_bolt|streamlit|modal|Dash|(?:Threading)?HTTPServer)/;

/**
 * The deployment platform entry that `text` is, if any. `hasSibling(name)` says whether the
 * file's folder holds `name` (a Cloud Function's `main.py` comes with its `requirements.txt`).
 */
export function deployedEntryOf(path: string, text: string, hasSibling: (name: string) => boolean): DeployedEntry | undefined {
  if (PY_EXT.test(path)) {
    if (!PY_ENTRY_WORD.test(text) && !/(^|\/)main\.py$/.test(path)) return undefined;
    if (PY_FUNCTION_FRAMEWORK.test(text) || PY_EVENT_HANDLER.test(text)) return 'serverless-function';
    if (/(^|\/)main\.py$/.test(path) && hasSibling('requirements.txt') && PY_HTTP_FUNCTION.test(text)) return 'serverless-function';
    if (
      PY_WEB_APP.test(text) ||
      PY_DJANGO_VIEW.test(text) ||
      (PY_DASH_APP.test(text) && PY_DASH_SERVER.test(text)) ||
      PY_BOT.test(text) ||
      (PY_SLACK_BOLT_APP.test(text) && PY_STARTS.test(text)) ||
      (PY_STREAMLIT.test(text) && PY_STREAMLIT_APP.test(text))
    )
      return 'web-server';
    if (PY_MODAL.test(text) && PY_MODAL_APP.test(text)) return 'modal-app';
    return undefined;
  }
  if (JS_EXT.test(path) && !/\.d\.[cm]?ts$/i.test(path)) {
    if (JS_FUNCTION_FRAMEWORK.test(text) || JS_HANDLER_EXPORT.test(text) || JS_FETCH_HANDLER.test(text) || JS_PIPEDREAM_STEP.test(text))
      return 'serverless-function';
    if (FUNCTIONS_FOLDER.test(path) && FUNCTION_EXPORT.test(text)) return 'serverless-function';
    if ((JS_SERVER.test(text) && JS_LISTENS.test(text)) || (JS_SLACK_BOLT_APP.test(text) && JS_STARTS.test(text))) return 'web-server';
    if (
      JS_ROUTE_VERBS.test(text) ||
      (JS_ROUTES_FOLDER.test(path) && JS_LOADER_ACTION.test(text)) ||
      SVELTEKIT_SERVER_MODULE.test(path) ||
      JS_EVENT_HANDLER.test(text) ||
      USE_SERVER.test(text) ||
      (PAGES_API.test(path) && /\bexport[ \t]+default\b/.test(text)) ||
      (NEXT_APP_PAGE.test(path) && ASYNC_DEFAULT_COMPONENT.test(text) && !USE_CLIENT.test(text)) ||
      (NEXT_PAGES_PAGE.test(path) && NEXT_SERVER_DATA.test(text))
    )
      return 'web-server';
  }
  return undefined;
}

/** A Streamlit page whose users type in their own token: the token of its calls is theirs (see PY_STREAMLIT_SECRET_INPUT). */
export const asksUserForToken = (path: string, text: string): boolean =>
  PY_EXT.test(path) && PY_STREAMLIT.test(text) && PY_STREAMLIT_SECRET_INPUT.test(text);

/**
 * Where web frameworks keep the server-side modules they run (Next.js `app/…/route.ts`, a
 * server-rendered `app/…/page.tsx` and `pages/`, Astro `src/pages/` endpoints, `.ts`/`.js` only: a `.tsx` page there is a React
 * component of a client app, SvelteKit and Remix `routes/`, Nuxt `server/`, server actions):
 * looked at wherever they sit, since they reach code that never names them. Their text decides
 * (deployedEntryOf).
 */
const WEB_ROUTE_PATH =
  /(?:^|\/)(?:(?:app\/(?:[^/]+\/)*(?:route|page|layout)|pages\/(?:[^/]+\/)*[^/]+|routes\/(?:[^/]+\/)*[^/]+|server\/(?:api|routes|middleware)\/(?:[^/]+\/)*[^/]+|(?:[^/]+\/)*actions?)\.[cm]?[jt]sx?|src\/pages\/(?:[^/]+\/)*[^/]+\.[cm]?[jt]s|(?:netlify\/(?:edge-)?functions|supabase\/functions)\/(?:[^/]+\/)*[^/]+\.[cm]?[jt]s)$|^api\/[^/]+\.[cm]?[jt]s$/i;

// The extension first: the route pattern is slow on a path that fails it, and most paths are not JavaScript.
export const mayBeWebRouteModule = (path: string): boolean =>
  JS_EXT.test(path) && WEB_ROUTE_PATH.test(path) && !/\.d\.[cm]?ts$/i.test(path);

/** Python and JavaScript `.env` loaders: python-dotenv, dotenv, `import 'dotenv/config'`. */
const DOTENV_LOAD =
  /\b(?:load_dotenv|dotenv_values)[ \t]*\(|\bdotenv\.config[ \t]*\(|['"]dotenv\/config['"]|\brequire[ \t]*\([ \t]*['"]dotenv['"][ \t]*\)[ \t]*\.config[ \t]*\(|\bimport[ \t]*\{[^}]*\bconfig\b[^}]*\}[ \t]*from[ \t]*['"]dotenv['"]/;
/** A path handed to the loader: `load_dotenv("conf/.env")`, `dotenv_path=…`, `config({ path: '…' })`. */
const DOTENV_PATH =
  /\b(?:load_dotenv|dotenv_values)[ \t]*\([ \t]*(?:dotenv_path[ \t]*=[ \t]*)?['"]([^'"\n]{1,200})['"]|\bpath[ \t]*:[ \t]*['"]([^'"\n]{1,200}\.env[^'"\n]{0,50})['"]/g;

export interface DotenvUse {
  /** The literal paths the code names, as written; empty when it loads the default `.env`. */
  paths: string[];
}

/** Whether `text` loads a `.env` file, and which, when it says so. */
export function dotenvUseOf(text: string): DotenvUse | undefined {
  if (!DOTENV_LOAD.test(text)) return undefined;
  const paths: string[] = [];
  for (const m of text.matchAll(DOTENV_PATH)) {
    const p = m[1] ?? m[2];
    if (p && !paths.includes(p) && paths.length < 20) paths.push(p);
  }
  return { paths };
}
