-- Searches the operator schedules for everyone (no user): a board search, or an ATS board or careers
-- site (target, as on crawler_jobs). The enqueue-due-crawls schedule queues a crawl of each enabled
-- search whose interval has passed since its last crawl; crawler_jobs.scheduled_search_id says which
-- crawl ran which search, so "its last crawl" is one indexed lookup.

create table scheduled_searches (
  id bigint generated always as identity primary key,
  search_query varchar(500) not null,
  location varchar(200),
  source job_source not null,
  target jsonb,
  interval_hours integer not null default 24,
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint scheduled_searches_interval_range check (interval_hours between 1 and 720),
  constraint scheduled_searches_target_object check (target is null or jsonb_typeof(target) = 'object'),
  -- A custom crawl goes somewhere only through its target.
  constraint scheduled_searches_custom_needs_target check (source <> 'custom' or target is not null)
);

-- The same search twice would be crawled twice as often as asked.
create unique index idx_scheduled_searches_unique
  on scheduled_searches (source, search_query, coalesce(location, ''), coalesce(target, '{}'::jsonb));

create trigger scheduled_searches_set_updated_at before update on scheduled_searches
  for each row execute function set_updated_at();

alter table crawler_jobs
  add column scheduled_search_id bigint references scheduled_searches (id) on delete set null;

create index idx_crawler_jobs_scheduled_search on crawler_jobs (scheduled_search_id, created_at) where scheduled_search_id is not null;
-- A profile's last crawl of one of its saved searches.
create index idx_crawler_jobs_profile_search on crawler_jobs (profile_id, source, search_query, created_at) where profile_id is not null;
