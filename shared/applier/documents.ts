/**
 * The files an application sends: the resume the profile kept (read from the uploads bucket, and only
 * from under the applicant's own prefix) or the one behind its https URL (fetched through the URL guard
 * and checked like an upload), and the rendered cover letter written as a text file for forms that want
 * an upload. Nothing else on the machine can become a resume.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectResumeType, extensionOf, resumeFileProblem } from '../resumes/document-type';
import { fetchResume, ResumeFetchError } from '../resumes/fetch';
import { getResumeFiles, type ResumeFiles } from '../resumes/files';
import { parseResumeUrl } from '../resumes/reference';
import { keptFileOf } from '../resumes/service';

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

const safeName = (name: string) => name.replace(/[^\w.\- ]+/g, '_').slice(-120) || 'resume';

export class ApplicationDocuments {
  private constructor(
    private readonly dir: string,
    private readonly files: () => ResumeFiles,
  ) {}

  static async create(applicationId: number, files: () => ResumeFiles = getResumeFiles): Promise<ApplicationDocuments> {
    return new ApplicationDocuments(await mkdtemp(join(tmpdir(), `apply-${applicationId}-`)), files);
  }

  /** The applicant's resume as a local file, or DocumentError saying why there is none to send. */
  async resume(resumeUrl: string, userId: number, deadline: number): Promise<LocalFile> {
    const reference = parseResumeUrl(resumeUrl);
    if ('problem' in reference) throw new DocumentError(`the profile's resumeUrl ${reference.problem}: upload the resume (POST /resume-uploads) and save it in the profile`, false);
    if (reference.kind === 'https') return this.fetched(reference.url, deadline);
    const key = keptFileOf(this.files(), userId, resumeUrl);
    if (!key) throw new DocumentError("the profile's resume is not one the applicant uploaded and saved in a profile", false);
    const path = join(this.dir, reference.fileName);
    let size: number | undefined;
    try {
      size = await this.files().download(key, path, AbortSignal.timeout(Math.max(1000, deadline - Date.now())));
    } catch (error) {
      throw new DocumentError(`the resume could not be read: ${(error as Error).message}`, true);
    }
    if (size === undefined) throw new DocumentError('the resume file no longer exists: upload it again and save it in the profile', false);
    return { path, name: reference.fileName, size };
  }

  /** An https resume, checked as an upload is: its content may have changed since the profile was saved. */
  private async fetched(url: URL, deadline: number): Promise<LocalFile> {
    let fetched;
    try {
      fetched = await fetchResume(url, deadline);
    } catch (error) {
      if (error instanceof ResumeFetchError) throw new DocumentError(error.message, error.retryable);
      throw error;
    }
    const problem = resumeFileProblem(fetched.bytes, fetched.name);
    if (problem) throw new DocumentError(`the resume at ${url.origin}${url.pathname}: ${problem}`, false);
    const type = detectResumeType(fetched.bytes)!;
    const name = safeName(extensionOf(fetched.name) ? fetched.name : `${fetched.name || 'resume'}.${type}`);
    const path = join(this.dir, name);
    await writeFile(path, fetched.bytes);
    return { path, name, size: fetched.bytes.byteLength };
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
