// dbt Labs' web sites on its API domains (getdbt.com, dbt.com): docs.getdbt.com, www.getdbt.com,
// schemas.getdbt.com, public.cdn.getdbt.com, state.dbt.com. A link to one is no API call, and a
// file that mentions dbt only through such links is no dbt Cloud client.

/** Subdomain labels of getdbt.com / dbt.com that are web sites, never the API. */
export const DBT_SITE_LABELS: ReadonlySet<string> = new Set([
  'www',
  'docs',
  'hub',
  'discourse',
  'community',
  'blog',
  'learn',
  'courses',
  'support',
  'status',
  'schemas',
  'help',
  'info',
  'go',
  'events',
  'roadmap',
  'slack',
  'next',
  'getdbt',
  'trust',
  'careers',
  'coalesce',
  'public',
  'cdn',
  'static',
  'assets',
  'marketplace',
  'developer',
  'partners',
  'handbook',
  // dbt State's product pages (state-aware orchestration), linked from dbt's own apps.
  'state',
]);
