/**
 * A user's resume files: handing out an upload URL under the user's own prefix, checking an upload
 * (or an https URL) when a profile is saved and keeping it, and removing everything of a user's when
 * the account goes. Which kept file may go (once no profile of the user names it) the profiles
 * service decides, under the user's resume lock.
 *
 * An upload lands at `uploads/<userId>/<id>/<name>`; a profile save reads it, checks its type and size,
 * and copies exactly those bytes (the copy is conditional on the ETag that was read) to
 * `resumes/<userId>/<id>/<name>`, which only the platform writes. What is left under `uploads/` the
 * bucket's lifecycle rule expires, so an upload no profile took does not stay.
 */
import { randomUUID } from 'node:crypto';
import { detectResumeType, MAX_RESUME_BYTES, megabytes, resumeFileProblem, resumeTypes } from './document-type';
import { fetchResume, ResumeFetchError } from './fetch';
import type { ResumeFiles } from './files';
import { keptFileName, parseResumeUrl, storedKey, storedUrl, userPrefixes } from './reference';
import type { ResumeUpload, ResumeUploadRequest } from './schema';

/** How long an upload URL works. */
export const UPLOAD_URL_SECONDS = 15 * 60;
/** How long a profile save waits for an https resume (API Gateway gives up at 30 s). */
const HTTPS_CHECK_MS = 10_000;

/** Why a resumeUrl cannot be kept, said to the user as the field's error. */
export class ResumeRefused extends Error {
  override readonly name = 'ResumeRefused';
}

export async function startUpload(files: ResumeFiles, userId: number, request: ResumeUploadRequest, now = new Date()): Promise<ResumeUpload> {
  const key = storedKey('uploads', userId, randomUUID(), keptFileName(request.fileName)!);
  return {
    resumeUrl: storedUrl(files.bucket, key),
    uploadUrl: await files.uploadUrl(key, request.size, UPLOAD_URL_SECONDS),
    method: 'PUT',
    headers: { 'content-length': String(request.size) },
    expiresAt: new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(),
  };
}

/**
 * A resumeUrl that passed its checks, for one save of a profile. Keeping it happens in two steps so
 * that the part that must not interleave with a release of the same file is short: the checks (an
 * upload read, an https URL fetched) run first, then `place` runs under the user's resume lock
 * (shared/profiles/service.ts), with the row that names the file written in the same transaction.
 */
export interface CheckedResume {
  /** What the profile stores. */
  resumeUrl: string;
  /**
   * Makes sure the kept file is there as the row is written: the checked upload copied now, or the
   * kept file still there (a release under the lock may have deleted it since it was checked).
   * ResumeRefused when it is not.
   */
  place(): Promise<void>;
  /** The upload the kept file is copied from, no longer needed once the row is committed (else it expires). */
  upload?: string;
}

const nothingToPlace = async () => {};

/** Checks a resumeUrl being saved on one of `userId`'s profiles; ResumeRefused says why it cannot be. */
export async function checkResume(files: ResumeFiles, userId: number, value: string): Promise<CheckedResume> {
  const reference = parseResumeUrl(value);
  if ('problem' in reference) throw new ResumeRefused(reference.problem);
  if (reference.kind === 'https') {
    let fetched;
    try {
      fetched = await fetchResume(reference.url, Date.now() + HTTPS_CHECK_MS);
    } catch (error) {
      if (error instanceof ResumeFetchError) throw new ResumeRefused(error.message);
      throw error;
    }
    const problem = resumeFileProblem(fetched.bytes, fetched.name);
    if (problem) throw new ResumeRefused(problem);
    return { resumeUrl: value, place: nothingToPlace };
  }
  // The same answer for another user's file and for one that never was: nothing is told about others' uploads.
  if (reference.bucket !== files.bucket || reference.userId !== userId) throw new ResumeRefused('is not one of your uploads');
  const keptKey = storedKey('resumes', userId, reference.uploadId, reference.fileName);
  const keptUrl = storedUrl(files.bucket, keptKey);
  const stillKept = async () => {
    if (!(await files.head(keptKey))) throw new ResumeRefused('no longer exists: upload the file again');
  };
  if (reference.area === 'resumes') return { resumeUrl: keptUrl, place: stillKept };

  const upload = await files.head(reference.key);
  // Kept by an earlier save (of this profile or another of the user's), which deleted the upload: the same file.
  if (!upload) {
    if (await files.head(keptKey)) return { resumeUrl: keptUrl, place: stillKept };
    throw new ResumeRefused('has no file yet: PUT the file to the uploadUrl POST /resume-uploads gave, before it expires, then save the profile');
  }
  if (upload.size > MAX_RESUME_BYTES) throw new ResumeRefused(`the file is ${megabytes(upload.size)}; the limit is ${megabytes(MAX_RESUME_BYTES)}`);
  const read = upload.size > 0 ? await files.read(reference.key, MAX_RESUME_BYTES) : { bytes: new Uint8Array(), etag: upload.etag };
  if (!read) throw new ResumeRefused('has no file yet: PUT the file to the uploadUrl POST /resume-uploads gave, then save the profile');
  const problem = resumeFileProblem(read.bytes, reference.fileName);
  if (problem) throw new ResumeRefused(problem);
  const contentType = resumeTypes[detectResumeType(read.bytes)!].contentType;
  return {
    resumeUrl: keptUrl,
    upload: reference.key,
    async place() {
      if (await files.copy(reference.key, keptKey, read.etag, contentType)) return;
      // The upload is gone or changed since it was read: a save that kept it first (its upload deleted
      // after its commit) left the kept file, which holds bytes that were checked too.
      if (!(await files.head(keptKey))) throw new ResumeRefused('changed while it was being checked: save the profile again');
    },
  };
}

/** The kept file a resumeUrl names if it is one of `userId`'s, else undefined (an https URL, another's, an upload). */
export function keptFileOf(files: ResumeFiles, userId: number, resumeUrl: string | null): string | undefined {
  if (!resumeUrl) return undefined;
  const reference = parseResumeUrl(resumeUrl);
  if ('problem' in reference || reference.kind !== 'stored' || reference.area !== 'resumes') return undefined;
  return reference.bucket === files.bucket && reference.userId === userId ? reference.key : undefined;
}

/** Everything of a user's in the bucket, kept or merely uploaded. */
export async function removeUserFiles(files: ResumeFiles, userId: number): Promise<number> {
  let removed = 0;
  for (const prefix of userPrefixes(userId)) removed += await files.removeUnder(prefix);
  return removed;
}
