/**
 * A user's resume files: handing out an upload URL under the user's own prefix, checking an upload
 * (or an https URL) when a profile is saved and keeping it, letting a file go once no profile of the
 * user names it, and removing everything of a user's when the account goes.
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

export interface KeptResume {
  /** What the profile stores. */
  resumeUrl: string;
  /** The profile row is written: the upload it was copied from is no longer needed. */
  commit(): Promise<void>;
  /** The row was not written: a copy made for it goes. */
  rollback(): Promise<void>;
}

const nothingToDo = async () => {};
const unchanged = (resumeUrl: string): KeptResume => ({ resumeUrl, commit: nothingToDo, rollback: nothingToDo });

/** Checks a resumeUrl being saved on one of `userId`'s profiles; ResumeRefused says why it cannot be. */
export async function keepResume(files: ResumeFiles, userId: number, value: string): Promise<KeptResume> {
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
    return unchanged(value);
  }
  // The same answer for another user's file and for one that never was: nothing is told about others' uploads.
  if (reference.bucket !== files.bucket || reference.userId !== userId) throw new ResumeRefused('is not one of your uploads');
  if (reference.area === 'resumes') {
    if (!(await files.head(reference.key))) throw new ResumeRefused('no longer exists: upload the file again');
    return unchanged(value);
  }

  const keptKey = storedKey('resumes', userId, reference.uploadId, reference.fileName);
  const keptUrl = storedUrl(files.bucket, keptKey);
  const [upload, alreadyKept] = await Promise.all([files.head(reference.key), files.head(keptKey)]);
  if (!upload) {
    // Kept by an earlier save (of this profile or another of the user's): the same file.
    if (alreadyKept) return unchanged(keptUrl);
    throw new ResumeRefused('has no file yet: PUT the file to the uploadUrl POST /resume-uploads gave, before it expires, then save the profile');
  }
  if (upload.size > MAX_RESUME_BYTES) throw new ResumeRefused(`the file is ${megabytes(upload.size)}; the limit is ${megabytes(MAX_RESUME_BYTES)}`);
  const read = upload.size > 0 ? await files.read(reference.key, MAX_RESUME_BYTES) : { bytes: new Uint8Array(), etag: upload.etag };
  if (!read) throw new ResumeRefused('has no file yet: PUT the file to the uploadUrl POST /resume-uploads gave, then save the profile');
  const problem = resumeFileProblem(read.bytes, reference.fileName);
  if (problem) throw new ResumeRefused(problem);
  const type = detectResumeType(read.bytes)!;
  if (!(await files.copy(reference.key, keptKey, read.etag, resumeTypes[type].contentType))) {
    throw new ResumeRefused('changed while it was being checked: save the profile again');
  }
  return {
    resumeUrl: keptUrl,
    commit: () => files.remove(reference.key),
    // A copy that was there before this save belongs to a profile already: it stays.
    rollback: alreadyKept ? nothingToDo : () => files.remove(keptKey),
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
