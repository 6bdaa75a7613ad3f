/**
 * DNS rebinding: a host name that answers a public address when the URL is checked and a private one
 * when the connection is made. Every fetch of a URL a user gave (their https resume when the profile
 * is saved and when it is sent, a crawl's pages) must connect only to an address the guard accepted,
 * so the second answer is refused rather than connected to.
 *
 * The name's answers are the test's own: node:dns's lookup (what the guard and the sockets both ask)
 * answers for the one name below, first public, then the loopback address a fixture server listens on.
 */
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApplicationDocuments, DocumentError } from '../../../shared/applier/documents';
import { CrawlBlockedError } from '../../../shared/crawler/errors';
import { PoliteFetcher } from '../../../shared/crawler/http/fetcher';
import { fetchResume, ResumeFetchError } from '../../../shared/resumes/fetch';
import { s3ResumeFiles } from '../../../shared/resumes/files';
import { checkResume, ResumeRefused } from '../../../shared/resumes/service';
import { pdf } from '../../fixtures/documents/pdf';
import { startHttpsFiles, type HttpsFiles } from '../../fixtures/sites/https-files';

const REBINDING = 'cv.rebinding.test';
const PUBLIC = '93.184.215.14';
let files: HttpsFiles;
let port: string;
/** How each lookup of the name was answered, in order. */
let answers: string[] = [];
const realLookup = dns.lookup;

beforeAll(async () => {
  files = await startHttpsFiles({ '/cv.pdf': { headers: { 'content-type': 'application/pdf' }, body: pdf('Ada Lovelace') } });
  port = new URL(files.baseUrl).port;
});
afterAll(() => files?.close());

const savedAllow = process.env.ALLOW_PRIVATE_TARGETS;
beforeEach(() => {
  answers = [];
  // In AWS: private addresses are never targets.
  process.env.ALLOW_PRIVATE_TARGETS = 'false';
  const rebinding = ((hostname: string, options: unknown, callback: unknown) => {
    if (hostname !== REBINDING) return (realLookup as (...args: unknown[]) => void)(hostname, options, callback);
    const address = answers.length === 0 ? PUBLIC : '127.0.0.1';
    answers.push(address);
    const done = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
    process.nextTick(() => (all ? done(null, [{ address, family: 4 }]) : done(null, address, 4)));
  }) as typeof dns.lookup;
  dns.lookup = rebinding;
  syncBuiltinESMExports();
});
afterEach(() => {
  dns.lookup = realLookup;
  syncBuiltinESMExports();
  if (savedAllow === undefined) delete process.env.ALLOW_PRIVATE_TARGETS;
  else process.env.ALLOW_PRIVATE_TARGETS = savedAllow;
});

const refusal = new RegExp(`${REBINDING.replace(/\./g, '\\.')} resolves to 127\\.0\\.0\\.1, a private, loopback or link-local address; refused`);

describe('a name that resolves to a private address when the connection is made', () => {
  it('is refused when an https resume is fetched (a profile save checks it this way)', async () => {
    const error = await fetchResume(`https://${REBINDING}:${port}/cv.pdf`, Date.now() + 5000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResumeFetchError);
    expect((error as ResumeFetchError).message).toMatch(/^the resume URL is refused: /);
    expect((error as ResumeFetchError).message).toMatch(refusal);
    expect((error as ResumeFetchError).retryable).toBe(false);
    // Checked once (public), then looked up again for the connection (private): never connected.
    expect(answers).toEqual([PUBLIC, '127.0.0.1']);
  });

  it('is refused, naming why, when a profile is saved with it', async () => {
    // An https resume never touches the bucket.
    const error = await checkResume(s3ResumeFiles('uploads'), 1, `https://${REBINDING}:${port}/cv.pdf`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResumeRefused);
    expect((error as Error).message).toMatch(refusal);
  });

  it('is refused when the applier fetches the resume to send it', async () => {
    const documents = await ApplicationDocuments.create(1);
    try {
      const error = await documents.resume(`https://${REBINDING}:${port}/cv.pdf`, 1, Date.now() + 5000).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DocumentError);
      expect((error as DocumentError).message).toMatch(refusal);
      expect((error as DocumentError).retryable).toBe(false);
    } finally {
      await documents.dispose();
    }
  });

  it('is refused when a crawl fetches a page', async () => {
    const fetcher = new PoliteFetcher({ deadline: Date.now() + 5000, pace: { intervalMs: 0, concurrency: 1 }, allowPrivate: false });
    try {
      const error = await fetcher.get(`https://${REBINDING}:${port}/cv.pdf`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CrawlBlockedError);
      expect((error as Error).message).toMatch(refusal);
    } finally {
      fetcher.close();
    }
  });
});

describe('the same fixture server under its own address', () => {
  it('serves the resume where private targets are allowed (locally), so the refusals above are the guard', async () => {
    process.env.ALLOW_PRIVATE_TARGETS = 'true';
    const fetched = await fetchResume(`${files.baseUrl}/cv.pdf`, Date.now() + 5000);
    expect(fetched.name).toBe('cv.pdf');
    expect(Buffer.from(fetched.bytes).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
