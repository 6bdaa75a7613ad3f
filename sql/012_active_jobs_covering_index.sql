-- Newest-first lists that filter on a job's cheap columns (sample query 1, recommendations, job
-- search) walk
-- idx_jobs_active_newest and fetch every job they pass over from the heap, one random page each, to
-- test its location, pay, company, source, type, title or posting date: at 1,000,000 jobs a
-- recommendation page passed over thousands. This index carries those columns, so the walk tests them in the index
-- (an index-only scan) and fetches from the heap only the jobs it returns, or whose search vector
-- it must still check.
create index idx_jobs_active_newest_covering on jobs (created_at, id)
  include (remote, location, salary_min, salary_max, company, source, job_type, title, posted_date)
  where is_active;

-- Recommendations rank a job with one of the profile's keywords in its title first. When such jobs
-- are rare among the newest, they are found by their title (matched anywhere, as the location is
-- by idx_jobs_location_trgm) rather than among every job whose text has the keyword.
create index idx_jobs_title_trgm on jobs using gin (title gin_trgm_ops);
