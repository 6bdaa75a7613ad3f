-- What each auto-apply run did for each profile, and why it created nothing when it created nothing:
-- the user reads it at GET /profiles/{id}/auto-apply (shared/applications/auto-apply-runs.ts). A run
-- records one row per profile with auto-apply on, and one when it first finds auto-apply off on a
-- profile whose last row said otherwise (not a row an hour for every profile that never used it).
-- Only a profile's newest rows are kept (AUTO_APPLY_RUNS_KEPT), pruned as each new one is written.
create table auto_apply_runs (
  id bigint generated always as identity primary key,
  profile_id bigint not null,
  user_id bigint not null,
  ran_at timestamptz not null,
  outcome text not null,
  -- Applications this run created for the profile, and their ids.
  created integer not null default 0,
  application_ids jsonb not null default '[]'::jsonb,
  -- The settings and the day's count the run went by; null where the outcome had none.
  daily_limit integer,
  dry_run boolean,
  applied_today integer,
  -- The record is about the profile: it goes with the profile (and the profile with its user).
  constraint auto_apply_runs_profile_fkey foreign key (profile_id, user_id)
    references user_profiles (id, user_id) on delete cascade,
  constraint auto_apply_runs_outcome check (outcome in (
    'created', 'daily_limit_reached', 'no_matching_job', 'matches_applied_meanwhile', 'invalid_settings', 'turned_off')),
  constraint auto_apply_runs_created_nonnegative check (created >= 0),
  constraint auto_apply_runs_application_ids_array check (jsonb_typeof(application_ids) = 'array')
);

create index idx_auto_apply_runs_profile_newest on auto_apply_runs (profile_id, ran_at desc, id desc);
