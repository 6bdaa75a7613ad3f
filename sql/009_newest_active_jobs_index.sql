-- Newest-first lists of active jobs (search, jobs not applied to, sample query 1, recommendations
-- without keywords) order by (created_at desc, id desc) and page by a keyset on the same pair. The
-- seed's idx_jobs_created_at covers created_at alone: each page then sorts the rows that share a
-- created_at (a crawl's upsert stamps up to a thousand rows with one instant) and checks the cursor's
-- id row by row, and every inactive row is read only to be skipped. This index gives the exact order,
-- takes the keyset (created_at, id) < (...) as an index condition, and holds active jobs only.
create index idx_jobs_active_newest on jobs (created_at, id) where is_active;
