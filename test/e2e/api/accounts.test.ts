import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialFingerprint, issueAccessToken } from '../../../shared/http/auth';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { Api, expectProblem, newUser, verificationToken } from './client';

let runtime: TestRuntime;
let api: Api;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = new Api(runtime.baseUrl);
});
afterAll(() => runtime?.stop());

describe('accounts', () => {
  it('registers, logs in by email or username in any case, and reads the account', async () => {
    const user = await newUser(api);
    const byName = await api.post('/accounts/login', { login: user.username.toUpperCase(), password: user.password });
    expect(byName.status).toBe(200);
    expect(byName.body).toMatchObject({ tokenType: 'Bearer', account: { id: user.id, isVerified: false } });
    const me = await api.get('/accounts/me', user.token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: user.id, email: user.email, username: user.username, isActive: true });
    expect(me.text).not.toMatch(/password|argon/i);
  });

  it('refuses a taken email (any case) or username with 409, and weak input with per-field 400s', async () => {
    const user = await newUser(api);
    const sameEmail = await api.post('/accounts', { email: user.email.toUpperCase(), username: 'someone_else', password: 'long enough password' });
    expectProblem(sameEmail, 409, 'email-taken');
    const sameName = await api.post('/accounts', { email: 'other@example.com', username: user.username, password: 'long enough password' });
    expectProblem(sameName, 409, 'username-taken');
    const bad = await api.post('/accounts', { email: 'not-an-email', username: 'a b', password: 'short', extra: 1 });
    expectProblem(bad, 400, 'validation-failed');
    const pointers = bad.body.errors.map((e: { pointer: string }) => e.pointer).sort();
    expect(pointers).toEqual(['#/email', '#/extra', '#/password', '#/username']);
  });

  it('answers a wrong password with 401, then slows down repeated failures with 429 and Retry-After', async () => {
    const user = await newUser(api);
    for (let i = 0; i < 5; i++) expectProblem(await api.post('/accounts/login', { login: user.email, password: `wrong ${i}` }), 401, 'invalid-credentials');
    // Even the right password waits now, so guessing cannot go on at full speed.
    const throttled = await api.post('/accounts/login', { login: user.email, password: user.password });
    expectProblem(throttled, 429, 'too-many-login-attempts');
    const wait = Number(throttled.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(throttled.body.retryAfterSeconds).toBe(wait);
    await new Promise((r) => setTimeout(r, wait * 1000 + 100));
    // After the wait a wrong password doubles the next wait; the right one logs in and clears the count.
    expectProblem(await api.post('/accounts/login', { login: user.email, password: 'wrong again' }), 401);
    expect(Number((await api.post('/accounts/login', { login: user.email, password: user.password })).headers.get('retry-after'))).toBe(wait * 2);
    await new Promise((r) => setTimeout(r, wait * 2000 + 100));
    expect((await api.post('/accounts/login', { login: user.email, password: user.password })).status).toBe(200);
    expectProblem(await api.post('/accounts/login', { login: user.email, password: 'wrong once' }), 401);
    // Another account is not slowed down.
    const other = await newUser(api);
    expect((await api.post('/accounts/login', { login: other.email, password: other.password })).status).toBe(200);
    // Unknown logins answer like wrong passwords.
    expectProblem(await api.post('/accounts/login', { login: 'nobody@example.com', password: 'whatever' }), 401, 'invalid-credentials');
  });

  it('verifies the email with the single-use token the email carried', async () => {
    const user = await newUser(api);
    const token = await verificationToken(runtime.outboxDir, user.email);
    const verified = await api.post('/accounts/verify-email', { token });
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ email: user.email, isVerified: true });
    expect((await api.get('/accounts/me', user.token)).body.isVerified).toBe(true);
    expectProblem(await api.post('/accounts/verify-email', { token }), 400, 'invalid-verification-token');
    expectProblem(await api.post('/accounts/me/verification-email', undefined, user.token), 409, 'already-verified');
  });

  it('tells the user, with 503, when a deployment has no email sender, and still registers accounts', async () => {
    const stage = process.env.STAGE;
    process.env.STAGE = 'dev'; // as deployed without -c emailFrom: no EMAIL_FROM, not the local runtime
    try {
      const user = await newUser(api);
      const resent = await api.post('/accounts/me/verification-email', undefined, user.token);
      expectProblem(resent, 503, 'service-unavailable');
      expect(resent.body.detail).toMatch(/cannot send email/);
    } finally {
      process.env.STAGE = stage;
    }
  });

  it('a new verification email voids the earlier token; an email change needs the password and a new verification', async () => {
    const user = await newUser(api);
    const first = await verificationToken(runtime.outboxDir, user.email);
    const resent = await api.post('/accounts/me/verification-email', undefined, user.token);
    expect(resent.status).toBe(202);
    expectProblem(await api.post('/accounts/verify-email', { token: first }), 400, 'invalid-verification-token');
    const second = await verificationToken(runtime.outboxDir, user.email);
    expect(second).not.toBe(first);

    expectProblem(await api.patch('/accounts/me', { email: `new.${user.email}` }, user.token), 400, 'validation-failed');
    const changed = await api.patch('/accounts/me', { email: `new.${user.email}`, currentPassword: user.password, fullName: 'New Name' }, user.token);
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ email: `new.${user.email}`, fullName: 'New Name', isVerified: false });
    // The token sent to the old address no longer verifies anything.
    expectProblem(await api.post('/accounts/verify-email', { token: second }), 400, 'invalid-verification-token');
    const third = await verificationToken(runtime.outboxDir, `new.${user.email}`);
    expect((await api.post('/accounts/verify-email', { token: third })).status).toBe(200);
  });

  it('a password change revokes earlier tokens and returns a new one', async () => {
    const user = await newUser(api);
    const changed = await api.post('/accounts/me/password', { currentPassword: user.password, newPassword: 'a brand new passphrase' }, user.token);
    expect(changed.status, changed.text).toBe(200);
    expectProblem(await api.get('/accounts/me', user.token), 401, 'unauthenticated');
    expect((await api.get('/accounts/me', changed.body.accessToken)).status).toBe(200);
    expectProblem(await api.post('/accounts/login', { login: user.email, password: user.password }), 401);
  });

  it('a deactivated account cannot log in, and its tokens stop working', async () => {
    const user = await newUser(api);
    await runtime.db.execute('update users set is_active = false where id = :id', { id: user.id });
    expectProblem(await api.post('/accounts/login', { login: user.email, password: user.password }), 403, 'account-inactive');
    expectProblem(await api.get('/accounts/me', user.token), 403, 'account-inactive');
  });

  it('deleting asks for the password and cascades to profiles, applications, saved jobs and crawls', async () => {
    const user = await newUser(api);
    const profile = await api.post('/profiles', { skills: ['TypeScript'] }, user.token);
    const job = await api.post('/jobs', { title: 'Engineer', company: 'Acme', sourceUrl: `https://acme.example/jobs/${user.id}` }, user.token);
    expect((await api.post('/saved-jobs', { jobId: job.body.id }, user.token)).status).toBe(201);
    expect((await api.post('/applications', { jobId: job.body.id, profileId: profile.body.id }, user.token)).status).toBe(202);
    expect((await api.post('/crawls', { searchQuery: 'engineer', source: 'linkedin' }, user.token)).status).toBe(202);

    expectProblem(await api.delete('/accounts/me', user.token, { currentPassword: 'not my password' }), 401);
    const deleted = await api.delete('/accounts/me', user.token, { currentPassword: user.password });
    expect(deleted.status).toBe(204);
    expectProblem(await api.get('/accounts/me', user.token), 401);
    const left = await runtime.db.one<{ n: number }>(
      `select (select count(*) from users where id = :id) + (select count(*) from user_profiles where user_id = :id)
            + (select count(*) from job_applications where user_id = :id) + (select count(*) from saved_jobs where user_id = :id)
            + (select count(*) from crawler_jobs where user_id = :id) as n`,
      { id: user.id },
    );
    expect(left.n).toBe(0);
    // The job itself stays: it belongs to no one.
    expect((await api.get(`/jobs/${job.body.id}`, (await newUser(api)).token)).status).toBe(200);
  });

  it('deleting names the password currentPassword, as PATCH /accounts/me does; the former name password still works, deprecated', async () => {
    const user = await newUser(api);
    const missing = await api.delete('/accounts/me', user.token, {});
    expectProblem(missing, 400, 'validation-failed');
    expect(missing.body.errors).toEqual([expect.objectContaining({ pointer: '#/currentPassword', detail: 'is required' })]);
    const both = await api.delete('/accounts/me', user.token, { currentPassword: user.password, password: user.password });
    expectProblem(both, 400, 'validation-failed');
    expect(both.body.errors).toEqual([expect.objectContaining({ pointer: '#/password', detail: expect.stringMatching(/currentPassword only/) })]);
    expectProblem(await api.delete('/accounts/me', user.token, { password: 'not my password' }), 401, 'invalid-credentials');
    expect((await api.delete('/accounts/me', user.token, { password: user.password })).status).toBe(204);
    expectProblem(await api.get('/accounts/me', user.token), 401);

    const body = (await api.get('/openapi.json')).body.paths['/accounts/me'].delete.requestBody.content['application/json'].schema;
    const schema = body.$ref ? (await api.get('/openapi.json')).body.components.schemas[body.$ref.split('/').pop()] : body;
    expect(Object.keys(schema.properties).sort()).toEqual(['currentPassword', 'password']);
    expect(schema.properties.password.deprecated).toBe(true);
  });

  it('refuses missing, malformed, forged and expired tokens with 401', async () => {
    expectProblem(await api.get('/accounts/me'), 401, 'unauthenticated');
    expectProblem(await api.request('GET', '/accounts/me', { headers: { authorization: 'Basic abc' } }), 401);
    expectProblem(await api.get('/accounts/me', 'not.a.jwt'), 401);
    const user = await newUser(api);
    const [header, payload] = user.token.split('.');
    expectProblem(await api.get('/accounts/me', `${header}.${payload}.${'A'.repeat(43)}`), 401);
    // Signed with the right key for the right user, but expired a minute ago.
    const { hashed_password } = await runtime.db.one<{ hashed_password: string }>('select hashed_password from users where id = :id', { id: user.id });
    const expired = await issueAccessToken(user.id, credentialFingerprint(hashed_password), -60);
    const reply = await api.get('/accounts/me', expired.accessToken);
    expectProblem(reply, 401, 'unauthenticated');
    expect(reply.body.detail).toMatch(/expired/);
    expect(reply.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });
});
