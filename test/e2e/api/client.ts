/** A small HTTP client for the e2e tests: JSON in, status, headers and parsed body out. */
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { pdf } from '../../fixtures/documents/pdf';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  /** Sent as JSON unless `raw` is given. */
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export class Api {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(this.baseUrl + path, { method, headers, body });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, headers: response.headers, text, body: /json/.test(type) && text ? JSON.parse(text) : text };
  }

  get = <T = any>(path: string, token?: string) => this.request<T>('GET', path, { token });
  post = <T = any>(path: string, body?: unknown, token?: string) => this.request<T>('POST', path, { body, token });
  patch = <T = any>(path: string, body: unknown, token?: string) => this.request<T>('PATCH', path, { body, token });
  put = <T = any>(path: string, body: unknown, token?: string) => this.request<T>('PUT', path, { body, token });
  delete = <T = any>(path: string, token?: string, body?: unknown) => this.request<T>('DELETE', path, { body, token });
}

export interface User {
  id: number;
  email: string;
  username: string;
  password: string;
  token: string;
}

export async function newUser(api: Api, prefix = 'user'): Promise<User> {
  const username = `${prefix}_${randomBytes(4).toString('hex')}`;
  const email = `${username}@example.com`;
  const password = 'correct horse battery staple';
  const registered = await api.post('/accounts', { email, username, password, fullName: `User ${username}` });
  expect(registered.status, registered.text).toBe(201);
  const login = await api.post('/accounts/login', { login: email, password });
  expect(login.status, login.text).toBe(200);
  return { id: registered.body.id, email, username, password, token: login.body.accessToken };
}

/** A problem+json answer with the given status, and its field errors when there are any. */
export function expectProblem(reply: Reply, status: number, type?: string): void {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(reply.body.status).toBe(status);
  expect(reply.body.type).toMatch(/^https:\/\//);
  if (type) expect(reply.body.type).toBe(`https://job-automation.example/problems/${type}`);
  expect(reply.text).not.toMatch(/stack|SQLState|select |insert /i);
}

/** The token in the last verification email sent to `to` (from the local outbox). */
export async function verificationToken(outboxDir: string, to: string): Promise<string> {
  const files = (await readdir(outboxDir).catch(() => [])).sort();
  for (const file of files.reverse()) {
    const email = JSON.parse(await readFile(join(outboxDir, file), 'utf8')) as { to: string; text: string };
    if (email.to === to) return /\n\n([A-Za-z0-9_-]{40,})\n\n/.exec(email.text)![1]!;
  }
  throw new Error(`no email to ${to}`);
}

/** A one-page PDF, distinct per call, as a user's resume. */
export const pdfResume = (label = randomBytes(4).toString('hex')) => pdf(`Ada Lovelace - resume ${label}`);

/**
 * A resume uploaded as the README does it: POST /resume-uploads for an upload URL, then a plain PUT of
 * the bytes to it (no token: the URL is signed). Returns the resumeUrl to save in a profile.
 */
export async function uploadResume(api: Api, token: string, bytes: Uint8Array = pdfResume(), fileName = 'resume.pdf'): Promise<string> {
  const slot = await api.post('/resume-uploads', { fileName, size: bytes.byteLength }, token);
  expect(slot.status, slot.text).toBe(200);
  const put = await fetch(slot.body.uploadUrl, { method: 'PUT', body: new Uint8Array(bytes) });
  expect(put.status, await put.text()).toBe(200);
  return slot.body.resumeUrl;
}
