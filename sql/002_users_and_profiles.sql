-- users and user_profiles, as the seed draws them, with the constraints a sign-up needs.

create table users (
  id bigint generated always as identity primary key,
  email varchar(320) not null,
  username varchar(50) not null,
  hashed_password varchar(255) not null,
  full_name varchar(200),
  is_active boolean not null default true,
  is_verified boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint users_email_format check (email ~ '^[^@\s]+@[^@\s]+$'),
  -- No spaces, no @: a sign-in name is never mistaken for an email address.
  constraint users_username_format check (username ~ '^[^\s@]+$')
);

-- The seed's UNIQUE email and username, made case-insensitive: Alice@Example.com and
-- alice@example.com are one mailbox, and "Alice" and "alice" one name to a reader. Sign-in looks
-- users up by lower(email), which these indexes serve.
create unique index users_email_lower_key on users (lower(email));
create unique index users_username_lower_key on users (lower(username));

-- The seed's indexes, by its names.
create index idx_users_email on users (email);
create index idx_users_username on users (username);
create index idx_users_created_at on users (created_at);

create trigger users_set_updated_at before update on users
  for each row execute function set_updated_at();


create table user_profiles (
  id bigint generated always as identity primary key,
  -- Deleting a user deletes its profiles (the seed's cascade).
  user_id bigint not null references users (id) on delete cascade,
  resume_url varchar(2048),
  cover_letter_template text,
  skills jsonb not null default '[]',
  experience_years integer,
  linkedin_url varchar(2048),
  github_url varchar(2048),
  portfolio_url varchar(2048),
  phone varchar(32),
  location varchar(200),
  job_preferences jsonb not null default '{}',
  -- The answer bank the applier may use (shared/profiles/schema.ts): absent means "do not answer".
  answers jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Lets applications and crawls reference a profile *of the same user* (composite foreign keys).
  constraint user_profiles_id_user_id_key unique (id, user_id),
  constraint user_profiles_skills_array check (jsonb_typeof(skills) = 'array'),
  constraint user_profiles_job_preferences_object check (jsonb_typeof(job_preferences) = 'object'),
  constraint user_profiles_answers_object check (jsonb_typeof(answers) = 'object'),
  constraint user_profiles_experience_years_range check (experience_years between 0 and 70)
);

create index idx_user_profiles_user_id on user_profiles (user_id);

create trigger user_profiles_set_updated_at before update on user_profiles
  for each row execute function set_updated_at();
