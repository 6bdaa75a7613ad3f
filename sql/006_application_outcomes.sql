-- Two outcomes of an automated application the seed's statuses cannot tell apart from the others:
-- filled: a dry run filled every field and stopped before submitting (nothing was sent);
-- unconfirmed: the form was submitted but the page gave no confirmation. It is never retried
-- automatically, so nothing is sent twice in the user's name; the user checks and sets the status.
alter type application_status add value if not exists 'filled' after 'in_progress';
alter type application_status add value if not exists 'unconfirmed' after 'applied';
