/**
 * A resume behind an https URL, fetched through the URL guard (shared/net/guarded-request.ts: every
 * hop checked, every connection made only to an address the guard accepts, so a name that resolves
 * to a private address when the connection is made is refused), https at every hop, at most
 * MAX_RESUME_BYTES, into memory.
 */
import { basename } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { config } from '../config';
import { guardedAgents, guardedRequest, RedirectRefused } from '../net/guarded-request';
import { BlockedTargetError, checkTarget } from '../net/url-guard';
import { MAX_RESUME_BYTES, megabytes } from './document-type';

const MAX_REDIRECTS = 3;

export class ResumeFetchError extends Error {
  override readonly name = 'ResumeFetchError';
  constructor(
    message: string,
    /** Whether trying again later could help (a 5xx, a 429, a timeout), not a 404 or a refused address. */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface FetchedResume {
  bytes: Uint8Array;
  /** The file name the server gives (Content-Disposition) or the URL's last segment. */
  name: string;
}

function nameFrom(response: IncomingMessage, url: URL): string {
  const disposition = response.headers['content-disposition'] ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  try {
    return match ? decodeURIComponent(match[1]!) : decodeURIComponent(basename(url.pathname));
  } catch {
    return basename(url.pathname);
  }
}

async function readLimited(response: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_RESUME_BYTES) {
      response.destroy();
      throw new ResumeFetchError(`the resume is larger than ${megabytes(MAX_RESUME_BYTES)}`, false);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const refused = (why: string) => new ResumeFetchError(`the resume URL is refused: ${why}`, false);

/** A resume is personal data: never fetched, nor redirected to, over plain http. */
async function checkStart(start: string | URL, allowPrivate: boolean): Promise<URL> {
  const url = await checkTarget(start, { allowPrivate }).catch((error: Error) => {
    throw refused(error.message);
  });
  if (url.protocol !== 'https:') throw refused(`${url.origin} is not https`);
  return url;
}

export async function fetchResume(start: string | URL, deadline: number): Promise<FetchedResume> {
  const allowPrivate = config.allowPrivateTargets();
  const url = await checkStart(start, allowPrivate);
  const timeoutMs = Math.max(1000, deadline - Date.now());
  const agents = guardedAgents({ allowPrivate });
  try {
    let answered;
    try {
      answered = await guardedRequest(url, {
        agents,
        allowPrivate,
        maxRedirects: MAX_REDIRECTS,
        protocols: ['https:'],
        timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
        headers: { accept: 'application/pdf, application/vnd.openxmlformats-officedocument.wordprocessingml.document, application/msword, application/rtf, text/plain;q=0.9, */*;q=0.5' },
      });
    } catch (error) {
      if (error instanceof RedirectRefused) {
        if (error.kind === 'too-many') throw new ResumeFetchError('the resume URL redirects too many times', false);
        if (error.kind === 'scheme') throw refused(`${error.target!.origin} is not https`);
        throw refused((error.cause as Error).message);
      }
      if (error instanceof BlockedTargetError) throw refused(error.message);
      throw new ResumeFetchError(`the resume could not be fetched: ${(error as Error).message}`, true);
    }
    const { response } = answered;
    const status = response.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      response.resume();
      throw new ResumeFetchError(`the resume could not be fetched (HTTP ${status})`, status >= 500 || status === 429);
    }
    if (Number(response.headers['content-length'] ?? 0) > MAX_RESUME_BYTES) {
      response.destroy();
      throw new ResumeFetchError(`the resume is larger than ${megabytes(MAX_RESUME_BYTES)}`, false);
    }
    try {
      return { bytes: await readLimited(response), name: nameFrom(response, answered.url) };
    } catch (error) {
      if (error instanceof ResumeFetchError) throw error;
      throw new ResumeFetchError(`the resume could not be fetched: ${(error as Error).message}`, true);
    }
  } finally {
    agents.close();
  }
}
