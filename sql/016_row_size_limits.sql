-- What a row may hold, so that every row the platform reads comes back through the Data API, which
-- returns at most 64 KB a row ("Packet for query is too large": Troubleshooting Amazon RDS Data API).
--
-- The stores keep to these limits before they write (shared/jobs/sizes.ts, shared/profiles/sizes.ts
-- hold the same numbers; test/integration/schema/row-size-limits.test.ts compares them); these checks
-- are the guarantee for any other writer. A job's description, requirements and plain-text
-- description are read in pieces, not in its row: their limits only keep one job reasonable.
--
-- NOT VALID: rows already stored are not scanned again (no long lock on a large jobs table); every
-- row inserted or changed from now on is checked.

alter table jobs add constraint jobs_description_size check (octet_length(description) <= 262144) not valid;
alter table jobs add constraint jobs_requirements_size check (octet_length(requirements) <= 65536) not valid;
alter table jobs add constraint jobs_description_text_size check (octet_length(metadata ->> 'descriptionText') <= 131072) not valid;
-- The rest of the metadata is read with the job's row.
alter table jobs add constraint jobs_other_metadata_size check (octet_length((metadata - 'descriptionText')::text) <= 8192) not valid;

alter table user_profiles add constraint user_profiles_cover_letter_template_size check (octet_length(cover_letter_template) <= 12000) not valid;
alter table user_profiles add constraint user_profiles_urls_size check (
  octet_length(linkedin_url) <= 2048 and octet_length(github_url) <= 2048 and octet_length(portfolio_url) <= 2048
) not valid;
alter table user_profiles add constraint user_profiles_skills_size check (octet_length(skills::text) <= 4000) not valid;
alter table user_profiles add constraint user_profiles_job_preferences_size check (octet_length(job_preferences::text) <= 8000) not valid;
alter table user_profiles add constraint user_profiles_answers_size check (octet_length(answers::text) <= 14000) not valid;

-- Error messages are the platform's own account of what went wrong, shown in every list of
-- applications and crawls: the first 2,000 characters are kept (8,000 bytes at most), whatever
-- a worker hands over.
create function clip_error_message() returns trigger
language plpgsql as $$
begin
  new.error_message := left(new.error_message, 2000);
  return new;
end;
$$;

create trigger job_applications_clip_error_message before insert or update of error_message on job_applications
  for each row execute function clip_error_message();
create trigger crawler_jobs_clip_error_message before insert or update of error_message on crawler_jobs
  for each row execute function clip_error_message();
