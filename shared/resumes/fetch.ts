/**
 * A resume behind an https URL, fetched through the URL guard at every hop (a redirect to a private
 * address or to plain http is refused like the first URL would be), at most MAX_RESUME_BYTES, into memory.
 */
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { checkTarget } from '../net/url-guard';
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

function nameFrom(response: Response, url: URL): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  try {
    return match ? decodeURIComponent(match[1]!) : decodeURIComponent(basename(url.pathname));
  } catch {
    return basename(url.pathname);
  }
}

async function readLimited(response: Response): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>) as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_RESUME_BYTES) throw new ResumeFetchError(`the resume is larger than ${megabytes(MAX_RESUME_BYTES)}`, false);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function fetchResume(start: string | URL, deadline: number): Promise<FetchedResume> {
  const guard = async (target: string | URL) => {
    const checked = await checkTarget(target).catch((error: Error) => {
      throw new ResumeFetchError(`the resume URL is refused: ${error.message}`, false);
    });
    // A resume is personal data: never fetched, nor redirected to, over plain http.
    if (checked.protocol !== 'https:') throw new ResumeFetchError(`the resume URL is refused: ${checked.origin} is not https`, false);
    return checked;
  };
  let url = await guard(start);
  for (let hop = 0; ; hop++) {
    let response: Response;
    try {
      response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(Math.max(1000, deadline - Date.now())) });
    } catch (error) {
      throw new ResumeFetchError(`the resume could not be fetched: ${(error as Error).message}`, true);
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new ResumeFetchError('the resume URL redirects too many times', false);
      url = await guard(new URL(location, url));
      continue;
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new ResumeFetchError(`the resume could not be fetched (HTTP ${response.status})`, response.status >= 500 || response.status === 429);
    }
    if (Number(response.headers.get('content-length') ?? 0) > MAX_RESUME_BYTES) {
      await response.body.cancel();
      throw new ResumeFetchError(`the resume is larger than ${megabytes(MAX_RESUME_BYTES)}`, false);
    }
    return { bytes: await readLimited(response), name: nameFrom(response, url) };
  }
}
