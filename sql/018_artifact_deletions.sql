-- The captures (screenshots) of deleted applications still to be deleted from the artifacts bucket.
-- Deleting an application deletes its row and adds one here in one transaction, so its owner sees it
-- gone at once; its captures are deleted right after, and then this row. A deletion that failed, or
-- half succeeded (S3's DeleteObjects answers per key), stays here, and the sweep-queues schedule tries
-- it again until nothing is left under the application's prefix (shared/applications/artifact-deletions.ts).
-- No foreign key: the application's row is gone by then; application ids are never reused.
create table artifact_deletions (
  application_id bigint primary key,
  requested_at timestamptz not null default now(),
  attempts integer not null default 0,
  -- The last failure, clipped as error messages are (sql/016).
  last_error text
);
