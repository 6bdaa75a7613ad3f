-- What a completed crawl has to tell its user beyond the jobs it found: a result cap the board put on
-- the search (Workday serves at most 2,000 results of one search), postings that did not match the
-- query, postings skipped as incomplete, a deadline reached. A failed crawl says why in error_message.
alter table crawler_jobs add column note text;
