-- The seed's materialized view of per-user application stats, exactly as it defines it (statuses in
-- the stored lowercase), refreshed concurrently so readers are never blocked.

create materialized view user_application_stats as
select
    user_id,
    count(*) as total_applications,
    count(case when status = 'applied' then 1 end) as applied_count,
    count(case when status = 'interview' then 1 end) as interview_count
from job_applications
group by user_id;

-- REFRESH ... CONCURRENTLY needs a unique index on plain columns, without a WHERE clause.
create unique index idx_user_application_stats_user_id on user_application_stats (user_id);

-- When each materialized view was last refreshed, so a reader can say "as of".
create table materialized_view_refreshes (
  view_name varchar(63) primary key,
  refreshed_at timestamptz not null,
  duration_ms integer not null
);

insert into materialized_view_refreshes (view_name, refreshed_at, duration_ms)
values ('user_application_stats', now(), 0);

-- Refreshes the view without blocking readers and records when; returns the refresh time. Two
-- refreshes at once take turns (the second one waits, then refreshes again).
create function refresh_user_application_stats() returns timestamptz
language plpgsql as $$
declare
  started timestamptz := clock_timestamp();
begin
  refresh materialized view concurrently user_application_stats;
  insert into materialized_view_refreshes (view_name, refreshed_at, duration_ms)
  values ('user_application_stats', started, round(extract(epoch from clock_timestamp() - started) * 1000))
  on conflict (view_name) do update set refreshed_at = excluded.refreshed_at, duration_ms = excluded.duration_ms;
  return started;
end;
$$;
