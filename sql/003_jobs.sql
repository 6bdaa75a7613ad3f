-- Jobs: partitioned by month, deduplicated by external id, safe to reference.
--
-- THE CONTRADICTION IN THE SEED. The seed partitions jobs by date and also draws `external_id UNIQUE`
-- and foreign keys to `jobs.id`. On a partitioned table every primary key and unique constraint must
-- contain the partition key, so neither can be written as drawn: a unique (external_id, created_at)
-- would let a job re-crawled next month become a second row, and a foreign key would have to carry
-- created_at in every referencing row.
--
-- THE DESIGN. A job is split in two:
--   job_keys  a small, unpartitioned table that owns the job's identity: id (the identity every other
--             table references), external_id (UNIQUE across all sources and all months), source, and
--             created_at, the month the job was first seen, which never changes.
--   jobs      the partitioned table of details, PRIMARY KEY (id, created_at), with a foreign key
--             (id, created_at, source, external_id) -> job_keys ON DELETE CASCADE.
-- Why this holds:
--   * one row per job: job_keys.id is unique, so (id, created_at) has exactly one created_at per id,
--     and the composite foreign key plus the primary key admit at most one jobs row per key. A
--     re-crawl finds the key by external_id and updates the row in the key's own month.
--   * no dangling references: job_applications and saved_jobs reference job_keys(id), an ordinary
--     foreign key. Detaching a month for archiving never orphans an application: its key stays.
--   * no collisions across sources: external ids are namespaced, `linkedin:4012345678`,
--     `greenhouse:acme:4567`; a CHECK ties the namespace to the source (a board's jobs carry the
--     board's name, a custom source may not borrow one).
--   * jobs keeps copies of external_id and source (the seed's columns and indexes), and the foreign key
--     makes them equal to the key's.
-- Deleting a job: deleting its key cascades to the jobs row and to saved jobs, and is refused while
-- applications point at it (ON DELETE RESTRICT on job_applications.job_id: an application is the
-- user's record of what was sent in their name, and a job row is cheap to keep). Deleting the jobs
-- row directly is the same operation: a trigger deletes the key, with the same refusal.
-- Rejected alternatives: a global unique index (PostgreSQL has none for partitioned tables);
-- partitioning by hash of external_id (loses the seed's monthly archiving); moving a row to the
-- current month on each re-crawl (changes its identity under every reference).
--
-- PARTITIONS. One per calendar month in UTC (jobs_YYYY_MM) and a DEFAULT partition, so an insert
-- never fails for want of a month. create_job_partitions() makes months ahead (a schedule calls it);
-- detach_job_partitions() detaches months past a retention into the job_archive schema, where an
-- operator can dump and drop them.

create extension if not exists pg_trgm;

create schema if not exists job_archive;

create table job_keys (
  id bigint generated always as identity primary key,
  source job_source not null,
  external_id varchar(512) not null,
  -- The partition key of the job's one jobs row. Set once; moved only when the row was archived and
  -- the job is seen again (see archived_at).
  created_at timestamptz not null default now(),
  -- Set when the job's month was detached while applications kept the key alive. A later re-crawl
  -- clears it and files the job under the current month.
  archived_at timestamptz,
  constraint job_keys_external_id_key unique (external_id),
  constraint job_keys_identity_key unique (id, created_at, source, external_id),
  constraint job_keys_external_id_namespaced check (external_id ~ '^[a-z0-9][a-z0-9._-]*:.'),
  constraint job_keys_external_id_matches_source check (
    case source
      when 'custom' then split_part(external_id, ':', 1) not in ('linkedin', 'indeed', 'glassdoor', 'ziprecruiter', 'monster')
      else split_part(external_id, ':', 1) = source::text
    end
  )
);

create table jobs (
  id bigint not null,
  external_id varchar(512) not null,
  title varchar(500) not null,
  company varchar(300) not null,
  location varchar(500),
  -- Sanitized HTML; the plain text is metadata.descriptionText.
  description text,
  requirements text,
  -- Annual figures; the salary as posted is metadata.salary.
  salary_min integer,
  salary_max integer,
  job_type varchar(20),
  remote boolean not null default false,
  source job_source not null,
  source_url varchar(2048) not null,
  posted_date timestamptz,
  expires_date timestamptz,
  metadata jsonb not null default '{}',
  is_active boolean not null default true,
  -- When a crawl last delivered this job: what expiry of vanished postings goes by.
  last_seen_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Keyword search: title, then company, then the text of the description and requirements. The
  -- default parser reads HTML tags as tag tokens, which the english configuration drops.
  search_vector tsvector generated always as (
    setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(company, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce(metadata ->> 'descriptionText', description, '')), 'C')
    || setweight(to_tsvector('english'::regconfig, coalesce(requirements, '')), 'D')
  ) stored,
  constraint jobs_pkey primary key (id, created_at),
  constraint jobs_key_fkey foreign key (id, created_at, source, external_id)
    references job_keys (id, created_at, source, external_id) on delete cascade,
  constraint jobs_job_type_known check (job_type in ('full-time', 'part-time', 'contract', 'temporary', 'internship', 'volunteer', 'other')),
  constraint jobs_salary_min_nonnegative check (salary_min >= 0),
  constraint jobs_salary_range check (salary_max >= salary_min),
  constraint jobs_metadata_object check (jsonb_typeof(metadata) = 'object')
) partition by range (created_at);

create table jobs_default partition of jobs default;

-- The seed's indexes, by its names (partitioned indexes: each month gets its own).
create index idx_jobs_title on jobs (title);
create index idx_jobs_company on jobs (company);
create index idx_jobs_source on jobs (source);
create index idx_jobs_location on jobs (location);
create index idx_jobs_external_id on jobs (external_id);
create index idx_jobs_created_at on jobs (created_at);
create index idx_jobs_is_active on jobs (is_active);
create index idx_jobs_remote on jobs (remote);
create index idx_jobs_source_active on jobs (source, is_active);
create index idx_jobs_location_active on jobs (location, is_active);
-- Searches: keywords, and locations matched anywhere in the text ("Berlin" in "Berlin, Germany").
create index idx_jobs_search on jobs using gin (search_vector);
create index idx_jobs_location_trgm on jobs using gin (location gin_trgm_ops);

create trigger jobs_set_updated_at before update on jobs
  for each row execute function set_updated_at();

-- Deleting a jobs row deletes the job (its key), so that it cascades to saved jobs and is refused
-- while applications point at it. Partition maintenance moves rows between partitions with the
-- transaction-local setting jobs.moving_rows = 'on', which this trigger leaves alone.
create function delete_job_key() returns trigger
language plpgsql as $$
begin
  if coalesce(current_setting('jobs.moving_rows', true), '') <> 'on' then
    delete from job_keys where id = old.id;
  end if;
  return null;
end;
$$;

create trigger jobs_delete_key after delete on jobs
  for each row execute function delete_job_key();


-- Creates the monthly partitions from the month of `since` up to `months_ahead` months after the
-- current one, and returns the names of those it created. Idempotent; safe to run from two sessions
-- at once (they take turns on an advisory lock, and the second finds the work done). If rows for a
-- missing month already sit in the DEFAULT partition (the schedule did not run in time), they are
-- moved into the new month rather than blocking its creation.
create function create_job_partitions(months_ahead integer default 2, since timestamptz default now())
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
      return next part;
    end if;
    month := month + interval '1 month';
  end loop;
end;
$$;


-- Detaches the monthly partitions whose every row is older than `retention`, moves each into the
-- job_archive schema as a standalone table (no foreign key: an archive must not change when live
-- rows do), and returns their archived names. The keys of archived jobs go too, with their saved
-- jobs, unless an application still references them: those keys stay (the application keeps its
-- job reference) and are marked archived_at; the details are in the archive table.
create function detach_job_partitions(retention interval default interval '12 months')
returns setof text
language plpgsql as $$
declare
  cutoff timestamptz := now() - retention;
  part record;
  fk record;
begin
  if retention < interval '1 month' then
    raise exception 'retention must be at least one month, not %', retention using errcode = '22023';
  end if;
  perform pg_advisory_xact_lock(hashtext('jobs partition maintenance'));
  for part in
    select c.oid::regclass as relation, c.relname as name, bounds[1]::timestamptz as lower_bound, bounds[2]::timestamptz as upper_bound
      from pg_inherits i
      join pg_class c on c.oid = i.inhrelid
      cross join lateral regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\) TO \(''([^'']+)''\)') as bounds
     where i.inhparent = 'jobs'::regclass
       and bounds is not null -- not the DEFAULT partition
     order by 3
  loop
    continue when part.upper_bound > cutoff;
    execute format('alter table jobs detach partition %s', part.relation);
    for fk in select conname from pg_constraint where conrelid = part.relation and contype = 'f' loop
      execute format('alter table %s drop constraint %I', part.relation, fk.conname);
    end loop;
    if to_regclass(format('job_archive.%I', part.name)) is not null then
      raise exception 'job_archive.% already exists: dump and drop it first', part.name using errcode = '42P07';
    end if;
    execute format('alter table %s set schema job_archive', part.relation);
    delete from job_keys k
     where k.created_at >= part.lower_bound and k.created_at < part.upper_bound
       and not exists (select 1 from job_applications a where a.job_id = k.id);
    update job_keys set archived_at = now()
     where created_at >= part.lower_bound and created_at < part.upper_bound and archived_at is null;
    return next 'job_archive.' || part.name;
  end loop;
end;
$$;

-- The current month and the next two exist from the start.
select count(*) from create_job_partitions(2);
