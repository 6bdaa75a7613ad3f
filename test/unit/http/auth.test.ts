import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { issueAccessToken, verifyAccessToken } from '../../../shared/http/auth';
import { HttpProblem } from '../../../shared/http/problem';

let secretDir: string;
beforeAll(() => {
  secretDir = mkdtempSync(join(tmpdir(), 'auth-test-'));
  process.env.AUTH_SECRET_FILE = join(secretDir, 'secret');
});
afterAll(() => rmSync(secretDir, { recursive: true, force: true }));
afterEach(() => vi.useRealTimers());

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => (error instanceof HttpProblem ? error.detail : String(error)),
  );

describe('access tokens', () => {
  it('verifies a token, and again from what it remembers, with the same claims', async () => {
    const { accessToken } = await issueAccessToken(42, 'fingerprint-of-42', 60);
    expect(await verifyAccessToken(accessToken)).toEqual({ userId: 42, fingerprint: 'fingerprint-of-42' });
    expect(await verifyAccessToken(accessToken)).toEqual({ userId: 42, fingerprint: 'fingerprint-of-42' });
  });

  it('refuses a remembered token once it has expired', async () => {
    const { accessToken } = await issueAccessToken(7, 'fp', 60);
    await verifyAccessToken(accessToken);
    vi.useFakeTimers({ now: Date.now() + 59_000, toFake: ['Date'] });
    expect(await verifyAccessToken(accessToken)).toEqual({ userId: 7, fingerprint: 'fp' });
    vi.setSystemTime(Date.now() + 10_000); // past expiry and the 5 s clock tolerance
    expect(await refusal(verifyAccessToken(accessToken))).toMatch(/expired/);
  });

  it('refuses a remembered token with its signature changed', async () => {
    const { accessToken } = await issueAccessToken(8, 'fp', 60);
    await verifyAccessToken(accessToken);
    const [header, payload, signature] = accessToken.split('.');
    const altered = `${header}.${payload}.${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BA' : 'AA'}`;
    expect(await refusal(verifyAccessToken(altered))).toMatch(/not valid/);
  });
});
