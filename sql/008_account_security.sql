-- Account security the seed does not draw: email verification tokens and the failed-login count
-- that slows down password guessing against one account.

-- A verification token is single use and expires. Only its SHA-256 is stored, so a database read
-- never yields a usable token. It verifies the address it was sent to: after an email change it no
-- longer matches and is refused. Sending a new one deletes the earlier ones.
create table email_verification_tokens (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id) on delete cascade,
  email varchar(320) not null,
  token_hash char(64) not null,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  constraint email_verification_tokens_token_hash_key unique (token_hash)
);

create index idx_email_verification_tokens_user_id on email_verification_tokens (user_id);

-- Consecutive failed logins per account, cleared by a successful one. The API makes the next attempt
-- wait longer after each failure past a threshold (shared/accounts/login.ts).
create table login_failures (
  user_id bigint primary key references users (id) on delete cascade,
  failures integer not null default 0,
  last_failed_at timestamptz not null default now(),
  constraint login_failures_failures_nonnegative check (failures >= 0)
);
