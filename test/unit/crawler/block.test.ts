import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectBlock } from '../../../shared/crawler/http/block';
import { REAL_CAPTURES } from './real-captures';

describe('detectBlock', () => {
  it.each([
    ['a Cloudflare challenge', 403, '<html><head><title>Just a moment...</title></head><body><script>window._cf_chl_opt={cvId:"3"}</script></body></html>', 'challenge page'],
    ['a reCAPTCHA page', 200, '<html><head><title>Security Verification</title><script src="https://www.google.com/recaptcha/api.js"></script></head><body><div class="g-recaptcha"></div></body></html>', 'captcha'],
    ['an hCaptcha page', 200, '<html><body><div class="h-captcha" data-sitekey="x"></div></body></html>', 'captcha'],
    ['a PerimeterX block', 403, '<html><body><div id="px-captcha"></div></body></html>', 'challenge page'],
    ['a captcha page known by its title', 200, '<html><head><title>Security Check | Indeed</title></head><body><form></form></body></html>', 'captcha'],
    ['a robot check known by its title', 200, '<html><head><title>Are you a robot?</title></head><body></body></html>', 'captcha'],
    ['a plain 403', 403, '<html><head><title>Access Denied</title></head><body>nope</body></html>', 'forbidden'],
    ['a 401', 401, '', 'login wall'],
    ["LinkedIn's 999", 999, '', 'forbidden'],
  ])('recognizes %s', (_name, status, body, kind) => {
    expect(detectBlock(status, 'https://board.example/jobs?q=x', body)?.kind).toBe(kind);
  });

  it('recognizes a redirect that ended on a login wall', () => {
    expect(detectBlock(200, 'https://www.linkedin.com/authwall?trk=x', '<html><title>Sign Up | LinkedIn</title></html>')?.kind).toBe('login wall');
    expect(detectBlock(200, 'https://www.indeed.com/account/login?dest=%2Fjobs', '<html></html>')?.kind).toBe('login wall');
  });

  it('does not mistake an ordinary results page or a posting that mentions captchas for a block', () => {
    expect(detectBlock(200, 'https://board.example/jobs', '<html><head><title>Engineer jobs</title></head><body><li>Build our captcha-free sign in flow</li></body></html>')).toBeNull();
    expect(detectBlock(404, 'https://board.example/viewjob?jk=1', '<h1>This job has expired</h1>')).toBeNull();
    // Boards echo the search in the title of its results.
    expect(detectBlock(200, 'https://board.example/jobs-search?search=captcha', '<html><head><title>20 captcha Jobs (NOW HIRING) | ZipRecruiter</title></head></html>')).toBeNull();
    expect(detectBlock(200, 'https://board.example/jobs?q=security+check', '<html><head><title>Security Check Officer Jobs, Employment | Indeed</title></head></html>')).toBeNull();
  });

  it.skipIf(!REAL_CAPTURES)('passes every real captured page and API answer (they are what boards serve to visitors)', () => {
    const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
    const flagged = walk(REAL_CAPTURES!)
      .filter((f) => !f.endsWith('.md'))
      .filter((f) => detectBlock(200, 'https://jobs.example/search', readFileSync(f, 'utf8')) !== null);
    expect(flagged).toEqual([]);
  });
});
