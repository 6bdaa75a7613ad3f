-- Every attempt of an application, kept: its outcome, its reason and its automation log (the steps
-- and the screenshots it stored). The seed keeps one automation_log on job_applications, so a retry
-- overwrote what the attempt before it did; every attempt's log piled into that one column instead
-- would soon pass the 64 KB the Data API returns of a row. So each attempt is its own row here (its
-- log kept under 48 KB by shared/applications/attempts.ts), and the column moves out.
create table application_attempts (
  application_id bigint not null references job_applications (id) on delete cascade,
  -- The claim's number (job_applications.attempts once the worker took the row): each claim has its
  -- own, so a retry never overwrites an earlier attempt. A claim whose worker vanished (its lease ran
  -- out) leaves no row: its number is missing from the history.
  attempt integer not null,
  -- The attempt's outcome: applied, filled, unconfirmed or failed. Null only for an attempt carried
  -- over below whose outcome the application no longer shows.
  status application_status,
  reason text,
  -- A failure that running again could help (a timeout): the worker queues it again by itself,
  -- until the queue's receives run out; any other ending waits for the user.
  retryable boolean not null default false,
  -- Null when the applier never ran (the job had expired, the profile was deleted).
  log jsonb,
  finished_at timestamptz not null default now(),
  primary key (application_id, attempt),
  constraint application_attempts_attempt_positive check (attempt > 0),
  constraint application_attempts_outcome check (status in ('applied', 'filled', 'unconfirmed', 'failed')),
  constraint application_attempts_log_object check (log is null or jsonb_typeof(log) = 'object')
);

-- The one log each application kept becomes the attempt it came from. A pending row with a log was
-- handed back after a retryable failure of its last claim; an in_progress one is on its next claim,
-- so its log is the claim before. From applied, filled, unconfirmed or failed the status is the
-- attempt's; once the user has moved it on (interview, rejected, accepted) the outcome is not known.
insert into application_attempts (application_id, attempt, status, reason, retryable, log, finished_at)
select id,
       greatest(case when status = 'in_progress' then attempts - 1 else attempts end, 1),
       case when status in ('applied', 'filled', 'unconfirmed', 'failed') then status
            when status in ('pending', 'in_progress') then 'failed'::application_status end,
       case when status in ('pending', 'in_progress', 'filled', 'unconfirmed', 'failed') then error_message end,
       status in ('pending', 'in_progress'),
       automation_log,
       updated_at
  from job_applications
 where automation_log is not null and jsonb_typeof(automation_log) = 'object';

alter table job_applications drop column automation_log;


-- The jobs whose application their owner deleted. An application that was submitted, or may have
-- been (applied, unconfirmed, or an attempt that stopped after the click), is a record the employer
-- keeps whatever we delete; and a withdrawn one says "not this job". Either way auto-apply must not
-- pick the job again by itself: it skips the jobs listed here. The user may still apply by hand.
create table deleted_applications (
  user_id bigint not null references users (id) on delete cascade,
  job_id bigint not null references job_keys (id) on delete cascade,
  -- The status the application had when it was deleted: the user's own record of what it was.
  status application_status not null,
  deleted_at timestamptz not null default now(),
  primary key (user_id, job_id)
);
