-- Per-site pacing of application submissions, shared by every apply worker (shared/applier/pacing.ts).
-- One row per host: the earliest moment the next submission to it may go out. A worker claims a slot
-- with one upsert that moves next_free_at on by the interval, so two workers never get the same slot
-- (the row lock serialises them) and pacing holds however many Lambdas run at once.
create table site_submission_slots (
  host text primary key,
  next_free_at timestamptz not null
);
