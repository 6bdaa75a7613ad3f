/**
 * The files an application sends: the resume (fetched from resumeUrl to a temporary folder, or a local
 * file) and the rendered cover letter written as a text file for forms that want an upload.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { checkTarget } from '../net/url-guard';

/** Resumes larger than this are refused (ATS forms cap uploads at 5-10 MB). */
const MAX_RESUME_BYTES = 10 * 1024 * 1024;
const MAX_REDIRECTS = 3;

export class DocumentError extends Error {
  override readonly name = 'DocumentError';
  constructor(message: string, readonly retryable: boolean) {
    super(message);
  }
}

export interface LocalFile {
  path: string;
  name: string;
  size: number;
}

const safeName = (name: string) => name.replace(/[^\w.\- ]+/g, '_').slice(-120) || 'resume.pdf';

function nameFromResponse(response: Response, url: URL): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const raw = match ? decodeURIComponent(match[1] as string) : decodeURIComponent(basename(url.pathname)) || 'resume';
  const withExt = /\.\w{2,5}$/.test(raw) ? raw : `${raw}${response.headers.get('content-type')?.includes('pdf') ? '.pdf' : ''}`;
  return safeName(withExt);
}

async function download(start: string, dir: string, deadline: number): Promise<LocalFile> {
  let url = await checkTarget(start);
  for (let hop = 0; ; hop++) {
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(Math.max(1000, deadline - Date.now())) });
    if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
      if (hop >= MAX_REDIRECTS) throw new DocumentError('the resume URL redirects too many times', false);
      url = await checkTarget(new URL(response.headers.get('location') as string, url));
      continue;
    }
    if (!response.ok || !response.body) {
      throw new DocumentError(`the resume could not be fetched (HTTP ${response.status})`, response.status >= 500 || response.status === 429);
    }
    if (Number(response.headers.get('content-length') ?? 0) > MAX_RESUME_BYTES) throw new DocumentError('the resume is larger than 10 MB', false);
    const name = nameFromResponse(response, url);
    const path = join(dir, name);
    let size = 0;
    const limited = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream).on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_RESUME_BYTES) limited.destroy(new DocumentError('the resume is larger than 10 MB', false));
    });
    await pipeline(limited, createWriteStream(path));
    if (size === 0) throw new DocumentError('the resume URL returned an empty file', false);
    return { path, name, size };
  }
}

export class ApplicationDocuments {
  private constructor(private readonly dir: string) {}

  static async create(applicationId: number): Promise<ApplicationDocuments> {
    return new ApplicationDocuments(await mkdtemp(join(tmpdir(), `apply-${applicationId}-`)));
  }

  /** The resume as a local file: http(s) URLs are fetched through the URL guard; file:// URLs and paths are read in place. */
  async resume(resumeUrl: string, deadline: number): Promise<LocalFile> {
    if (/^https?:\/\//i.test(resumeUrl)) {
      try {
        return await download(resumeUrl, this.dir, deadline);
      } catch (error) {
        if (error instanceof DocumentError) throw error;
        throw new DocumentError(`the resume could not be fetched: ${(error as Error).message}`, (error as Error).name !== 'BlockedTargetError');
      }
    }
    const path = /^file:\/\//i.test(resumeUrl) ? fileURLToPath(resumeUrl) : resumeUrl;
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) throw new DocumentError('the resume file does not exist', false);
    if (info.size > MAX_RESUME_BYTES) throw new DocumentError('the resume is larger than 10 MB', false);
    return { path, name: basename(path), size: info.size };
  }

  async coverLetterFile(text: string, company: string): Promise<LocalFile> {
    const name = safeName(`Cover letter - ${company}.txt`);
    const path = join(this.dir, name);
    await writeFile(path, text, 'utf8');
    return { path, name, size: Buffer.byteLength(text) };
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
