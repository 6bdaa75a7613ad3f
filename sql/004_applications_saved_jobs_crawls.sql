-- job_applications, saved_jobs and crawler_jobs. Jobs are referenced through job_keys(id), the
-- job's unpartitioned identity (see 003_jobs.sql for why).

create table job_applications (
  id bigint generated always as identity primary key,
  -- Deleting a user deletes its applications (the seed's cascade).
  user_id bigint not null references users (id) on delete cascade,
  -- Deleting a job with applications is refused (the seed allows "set null or restrict"): an
  -- application is the record of what was sent in the user's name, and it must keep saying where.
  job_id bigint not null references job_keys (id) on delete restrict,
  -- The profile the application was made from (its resume, its answers). Deleting the profile keeps
  -- the application and forgets the link; the composite key keeps it to the user's own profiles.
  profile_id bigint,
  status application_status not null default 'pending',
  -- A dry run fills the form and stops before submitting.
  dry_run boolean not null default false,
  resume_used varchar(2048),
  cover_letter_used text,
  applied_at timestamptz,
  error_message text,
  automation_log jsonb,
  -- At-least-once processing: a worker claims the row with a lease; a sweeper re-enqueues rows whose
  -- lease ran out. enqueued_at is the outbox mark: the row is committed first, then the message
  -- sent and the time recorded; a row left unsent is re-sent by the sweeper.
  attempts integer not null default 0,
  lease_expires_at timestamptz,
  enqueued_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- One application per user and job: the applier dedupes before a browser ever opens.
  constraint job_applications_user_job_key unique (user_id, job_id),
  constraint job_applications_profile_fkey foreign key (profile_id, user_id)
    references user_profiles (id, user_id) on delete set null (profile_id),
  constraint job_applications_attempts_nonnegative check (attempts >= 0)
);

-- The seed's indexes, by its names.
create index idx_applications_user_id on job_applications (user_id);
create index idx_applications_job_id on job_applications (job_id);
create index idx_applications_status on job_applications (status);
create index idx_applications_created_at on job_applications (created_at);
create index idx_applications_user_status on job_applications (user_id, status);
-- Sweepers: work never sent, and work whose worker vanished.
create index idx_applications_unsent on job_applications (created_at) where status = 'pending' and enqueued_at is null;
create index idx_applications_leased on job_applications (lease_expires_at) where status = 'in_progress';
create index idx_applications_profile_id on job_applications (profile_id);

create trigger job_applications_set_updated_at before update on job_applications
  for each row execute function set_updated_at();


create table saved_jobs (
  id bigint generated always as identity primary key,
  -- Deleting a user deletes its saved jobs (the seed's cascade); deleting a job un-saves it.
  user_id bigint not null references users (id) on delete cascade,
  job_id bigint not null references job_keys (id) on delete cascade,
  notes text,
  created_at timestamptz not null default now()
);

-- The seed's indexes, by its names; idx_saved_jobs_unique refuses a second save of the same job.
create index idx_saved_jobs_user_id on saved_jobs (user_id);
create index idx_saved_jobs_job_id on saved_jobs (job_id);
create unique index idx_saved_jobs_unique on saved_jobs (user_id, job_id);


create table crawler_jobs (
  id bigint generated always as identity primary key,
  -- A crawl a user asked for is theirs: deleting the user deletes it. System crawls have no user.
  user_id bigint references users (id) on delete cascade,
  -- The profile whose saved search this crawl runs, if any.
  profile_id bigint,
  search_query varchar(500) not null,
  location varchar(200),
  source job_source not null,
  -- Where to crawl when it is not a board search: a career site or an ATS board, e.g.
  -- {"kind": "greenhouse", "board": "acme"} or {"kind": "site", "url": "https://careers.example.com/jobs"}.
  target jsonb,
  status crawl_status not null default 'queued',
  jobs_found integer not null default 0,
  started_at timestamptz,
  completed_at timestamptz,
  error_message text,
  -- At-least-once processing, as on job_applications.
  attempts integer not null default 0,
  lease_expires_at timestamptz,
  enqueued_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint crawler_jobs_profile_fkey foreign key (profile_id, user_id)
    references user_profiles (id, user_id) on delete set null (profile_id),
  -- Without a user the composite key above would not be checked.
  constraint crawler_jobs_profile_needs_user check (profile_id is null or user_id is not null),
  constraint crawler_jobs_target_object check (target is null or jsonb_typeof(target) = 'object'),
  constraint crawler_jobs_jobs_found_nonnegative check (jobs_found >= 0),
  constraint crawler_jobs_attempts_nonnegative check (attempts >= 0)
);

create index idx_crawler_jobs_user_id on crawler_jobs (user_id, created_at);
create index idx_crawler_jobs_profile_id on crawler_jobs (profile_id);
create index idx_crawler_jobs_unsent on crawler_jobs (created_at) where status = 'queued' and enqueued_at is null;
create index idx_crawler_jobs_leased on crawler_jobs (lease_expires_at) where status = 'running';

create trigger crawler_jobs_set_updated_at before update on crawler_jobs
  for each row execute function set_updated_at();
