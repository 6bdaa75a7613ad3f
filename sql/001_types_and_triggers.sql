-- The seed's enums (stored lowercase), the crawl lifecycle, and the trigger that keeps updated_at
-- current on every table that has one.
--
-- Conventions for every table that follows:
--   * ids are bigint identity columns (GENERATED ALWAYS: ids come from the database, never the caller);
--   * timestamps are timestamptz: they are instants. The Data API sends TIMESTAMP values as UTC
--     strings and sessions run in UTC (Aurora's default; the local endpoint sets it);
--   * the seed's JSON columns are jsonb (indexable, compact, and equal to json for the caller).

create type job_source as enum ('linkedin', 'indeed', 'glassdoor', 'ziprecruiter', 'monster', 'custom');

create type application_status as enum ('pending', 'in_progress', 'applied', 'failed', 'rejected', 'interview', 'accepted');

-- The seed's crawler_jobs.status ("queued, running, etc.") as a closed set: a worker that writes a
-- misspelt status is refused instead of leaving a crawl no sweeper will ever find.
create type crawl_status as enum ('queued', 'running', 'completed', 'failed');

-- updated_at is the database's business: whatever an UPDATE sets, the row records when it changed.
create function set_updated_at() returns trigger
language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end;
$$;
