-- Job search matches a company anywhere in its name (company ilike '%acme%'), as it does a location.
-- The location has a trigram index (idx_jobs_location_trgm); the company had none, so a search by
-- company and keywords could intersect nothing with the full-text index and read every job the
-- keywords match to find the few at that company. With this index the two intersect.
create index idx_jobs_company_trgm on jobs using gin (company gin_trgm_ops);
