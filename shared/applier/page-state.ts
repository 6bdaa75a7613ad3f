/**
 * What a page says about the attempt: a captcha, a login wall, a posting that is gone, or a
 * confirmation of the submission. Pure functions over what the page shows, so they are testable
 * without a browser.
 */
export interface Blocked {
  reason: string;
  retryable: boolean;
}

export interface PageView {
  status: number | null;
  text: string;
  captcha: boolean;
  password: boolean;
}

const EXPIRED = /no longer accepting applications|no longer (available|open|active)|position has been filled|(job|posting|position|vacancy) (has )?(expired|closed|been removed)|this job is (closed|expired)|applications? (are|is) (now )?closed|job not found/i;

/** Why the page stops the attempt, or null when it does not. */
export function blockedBy(view: PageView): Blocked | null {
  if (view.status === 404 || view.status === 410) return { reason: `expired posting: the page is gone (HTTP ${view.status})`, retryable: false };
  const expired = EXPIRED.exec(view.text);
  if (expired) return { reason: `expired posting: the page says "${expired[0]}"`, retryable: false };
  if (view.captcha) return { reason: 'captcha: the site asks to prove a human is applying', retryable: false };
  if (view.password) return { reason: 'login wall: the site requires signing in to an account to apply', retryable: false };
  if (view.status === 429 || (view.status !== null && view.status >= 500)) return { reason: `the site did not answer (HTTP ${view.status})`, retryable: true };
  if (view.status !== null && view.status >= 400) return { reason: `the site refused the page (HTTP ${view.status})`, retryable: false };
  return null;
}

const CONFIRMATION = /thanks? (you )?for (applying|your application|submitting|your interest.{0,40}we.{0,20}received)|application (has been |was )?(successfully )?(submitted|received|sent)|we('ve| have) received your application|your application (is|has been) (complete|in)|your submission (has been|was) (successfully )?received/i;

/** The confirmation wording the page shows now and did not show before the submit, or null. */
export function confirmationIn(text: string, before: string): string | null {
  const now = CONFIRMATION.exec(text);
  if (!now) return null;
  return CONFIRMATION.test(before) && before.includes(now[0]) ? null : now[0];
}
