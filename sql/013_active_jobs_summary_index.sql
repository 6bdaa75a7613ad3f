-- Newest-first lists of active jobs (sample query 1, jobs not applied to, recommendations without
-- keywords, job search without keywords) show each job's summary (shared/jobs/summary.ts). 012's
-- index held the columns they filter on but not source_url and expires_date, so sample query 1 read
-- its page a second time from the table, by key, across every partition: at 1,000,000 jobs in
-- nine partitions that second read and its planning were a third of the query's time. This index
-- holds the whole summary (is_active is its predicate), so such a list is one index-only walk.
create index idx_jobs_active_newest_summary on jobs (created_at, id)
  include (remote, location, salary_min, salary_max, company, source, job_type, title, posted_date, source_url, expires_date)
  where is_active;
-- Both are prefixes of the new index (same key, same predicate): they only cost writes and planning.
drop index idx_jobs_active_newest_covering;
drop index idx_jobs_active_newest;

-- An index-only walk still reads the table for every page not yet marked all-visible, and the
-- newest pages, which every newest-first list walks first, are the ones a crawl has just filled.
-- By default autovacuum waits for inserts worth 20% of a partition (over 20,000 rows a month at the
-- seed's volume) before it marks them; each month's partition here has it vacuum after 1% (plus
-- 1,000 rows), and after updates (re-crawls) of 5%. Storage parameters belong to each partition,
-- not to the partitioned table, so new months get them where they are created.
create function tune_job_partition(part regclass) returns void
language plpgsql as $$
begin
  execute format('alter table %s set (autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_vacuum_scale_factor = 0.05)', part);
end;
$$;

select tune_job_partition(inhrelid::regclass) from pg_inherits where inhparent = 'jobs'::regclass;

-- 003's create_job_partitions, tuning each partition it creates.
create or replace function create_job_partitions(months_ahead integer default 2, since timestamptz default now())
returns setof text
language plpgsql as $$
declare
  month timestamp := date_trunc('month', least(since, now()) at time zone 'UTC');
  last_month timestamp := date_trunc('month', now() at time zone 'UTC') + make_interval(months => months_ahead);
  part text;
  lower_bound timestamptz;
  upper_bound timestamptz;
  columns text;
begin
  if months_ahead < 0 or months_ahead > 120 then
    raise exception 'months_ahead must be between 0 and 120, not %', months_ahead using errcode = '22023';
  end if;
  perform pg_advisory_xact_lock(hashtext('jobs partition maintenance'));
  while month <= last_month loop
    part := 'jobs_' || to_char(month, 'YYYY_MM');
    lower_bound := month at time zone 'UTC';
    upper_bound := (month + interval '1 month') at time zone 'UTC';
    if to_regclass(quote_ident(part)) is null then
      if exists (select 1 from jobs_default where created_at >= lower_bound and created_at < upper_bound) then
        -- Build the month beside the table, move its rows out of DEFAULT, then attach it.
        execute format('create table %I (like jobs including defaults including constraints including generated)', part);
        select string_agg(quote_ident(attname), ', ' order by attnum) into columns
          from pg_attribute
         where attrelid = 'jobs'::regclass and attnum > 0 and not attisdropped and attgenerated = '';
        perform set_config('jobs.moving_rows', 'on', true);
        execute format(
          'with moved as (delete from jobs_default where created_at >= %L and created_at < %L returning %s) '
          'insert into %I (%s) select %s from moved',
          lower_bound, upper_bound, columns, part, columns, columns);
        perform set_config('jobs.moving_rows', '', true);
        execute format('alter table jobs attach partition %I for values from (%L) to (%L)', part, lower_bound, upper_bound);
      else
        execute format('create table %I partition of jobs for values from (%L) to (%L)', part, lower_bound, upper_bound);
      end if;
      perform tune_job_partition(quote_ident(part)::regclass);
      return next part;
    end if;
    month := month + interval '1 month';
  end loop;
end;
$$;
