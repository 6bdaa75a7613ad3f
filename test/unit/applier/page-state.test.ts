import { describe, expect, it } from 'vitest';
import { blockedBy, confirmationIn } from '../../../shared/applier/page-state';

const view = (over: Partial<Parameters<typeof blockedBy>[0]>) => ({ status: 200, text: 'Apply for this job First name', captcha: false, password: false, ...over });

describe('what stops an attempt', () => {
  it('a gone or closed posting is expired, not retryable', () => {
    expect(blockedBy(view({ status: 404 }))).toEqual({ reason: 'expired posting: the page is gone (HTTP 404)', retryable: false });
    expect(blockedBy(view({ text: 'Sorry, this job is no longer accepting applications' }))?.reason).toMatch(/^expired posting/);
    expect(blockedBy(view({ text: 'The position has been filled.' }))?.reason).toMatch(/^expired posting/);
  });

  it('captcha and login walls fail with their own reason', () => {
    expect(blockedBy(view({ captcha: true }))?.reason).toMatch(/^captcha/);
    expect(blockedBy(view({ password: true }))?.reason).toMatch(/^login wall/);
  });

  it('a busy site may be retried; a refusing one may not', () => {
    expect(blockedBy(view({ status: 503 }))?.retryable).toBe(true);
    expect(blockedBy(view({ status: 429 }))?.retryable).toBe(true);
    expect(blockedBy(view({ status: 403 }))?.retryable).toBe(false);
  });

  it('an ordinary form page is not blocked', () => {
    expect(blockedBy(view({}))).toBeNull();
  });
});

describe('confirmation', () => {
  it('counts wording that appeared after the submit', () => {
    expect(confirmationIn('Application submitted! Thanks', 'Submit application')).toBe('Application submitted');
    expect(confirmationIn('Thank you for applying.', 'Apply for this job')).toBe('Thank you for applying');
    expect(confirmationIn("We've received your application", '')).toBe("We've received your application");
    // Webflow's form success message.
    expect(confirmationIn('Thank you! Your submission has been received!', 'Apply for this role')).toBe('Your submission has been received');
  });

  it('ignores wording the page already showed, and polite text that confirms nothing', () => {
    expect(confirmationIn('Thank you for applying. Please fill the form.', 'Thank you for applying. Please fill the form.')).toBeNull();
    expect(confirmationIn('Thank you for your interest in Acme', 'Apply')).toBeNull();
    expect(confirmationIn('Submit application', 'Submit application')).toBeNull();
  });
});
