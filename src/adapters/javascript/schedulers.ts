// JavaScript's in-process schedulers and job queues: a module built on one runs its work on a
// schedule or from a queue in a long-lived process, as Python's APScheduler or Celery do, so its
// calls are scheduled production work (`orchestrator`), not a script someone runs by hand.

/** node-cron, cron, node-schedule, BullMQ and Bull, Agenda, Bree, toad-scheduler, graphile-worker, pg-boss, Temporal workers, Inngest, Trigger.dev. */
const PACKAGES =
  'node-cron|cron|node-schedule|bullmq|bull|bee-queue|agenda|@hokify/agenda|bree|toad-scheduler|graphile-worker|pg-boss|@temporalio/(?:worker|workflow|activity)|inngest|@trigger\\.dev/sdk(?:/v3)?';

const SCHEDULER_PACKAGE = new RegExp(`^(?:${PACKAGES})$`);

/** Whether a module importing `sources` is scheduled work. */
export const importsScheduler = (sources: readonly string[]): boolean => sources.some((s) => SCHEDULER_PACKAGE.test(s));

/** An import or require of a scheduler package, or Deno Deploy's `Deno.cron(…)`, anywhere in a module's text. */
export const SCHEDULER_TEXT = new RegExp(
  `\\bDeno\\.cron\\s*\\(|(?:\\bfrom\\s+|\\brequire\\s*\\(\\s*|\\bimport\\s*\\(\\s*)["'](?:${PACKAGES})["']`,
);
