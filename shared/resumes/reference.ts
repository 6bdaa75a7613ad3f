/**
 * Where a profile's resume lives, as `resumeUrl` says it. Two kinds only:
 * - a file the user uploaded through the API: `s3://<bucket>/resumes/<userId>/<uploadId>/<fileName>`
 *   once a profile keeps it, `s3://<bucket>/uploads/<userId>/<uploadId>/<fileName>` between the upload
 *   and the first save (uploads not kept by a profile expire);
 * - an https URL on the public internet, fetched through the URL guard.
 * Every key sits under its user's id, so an upload is only ever read for the user it belongs to.
 */
import { extensionOf, isResumeExtension, resumeExtensions } from './document-type';

export type StoredArea = 'uploads' | 'resumes';

export interface StoredResume {
  kind: 'stored';
  area: StoredArea;
  bucket: string;
  userId: number;
  uploadId: string;
  fileName: string;
  key: string;
}

export type ResumeReference = StoredResume | { kind: 'https'; url: URL };

const UPLOAD_ID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
/** What an uploaded file's name becomes in its key: no separators, no leading dot, an accepted extension. */
const FILE_NAME = '[A-Za-z0-9][A-Za-z0-9._-]{0,99}';
const KEY = new RegExp(`^(uploads|resumes)/([1-9][0-9]{0,18})/(${UPLOAD_ID})/(${FILE_NAME})$`);

export const storedKey = (area: StoredArea, userId: number, uploadId: string, fileName: string): string => `${area}/${userId}/${uploadId}/${fileName}`;
export const storedUrl = (bucket: string, key: string): string => `s3://${bucket}/${key}`;

/** Every key prefix a user's files are under: what goes when the account goes. */
export const userPrefixes = (userId: number): string[] => [`uploads/${userId}/`, `resumes/${userId}/`];

/** The upload's name as it is kept: other characters become '_', the extension stays. Undefined without an accepted extension. */
export function keptFileName(name: string): string | undefined {
  const extension = extensionOf(name);
  if (!isResumeExtension(extension)) return undefined;
  const stem = name
    .slice(0, -(extension.length + 1))
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._-]+/, '')
    .slice(0, 90);
  return `${stem || 'resume'}.${extension}`;
}

export const acceptedExtensions = resumeExtensions.map((e) => `.${e}`).join(', ');

/** The reference `value` names, or why it names none. */
export function parseResumeUrl(value: string): ResumeReference | { problem: string } {
  if (/^s3:\/\//i.test(value)) {
    const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(value);
    const key = match && KEY.exec(match[2]!);
    if (!match || !key) return { problem: 'is not a resume uploaded through POST /resume-uploads' };
    return { kind: 'stored', area: key[1] as StoredArea, bucket: match[1]!, userId: Number(key[2]), uploadId: key[3]!, fileName: key[4]!, key: match[2]! };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: 'must be the resumeUrl POST /resume-uploads gave, or an https URL' };
  }
  if (url.protocol !== 'https:') return { problem: 'must be the resumeUrl POST /resume-uploads gave, or an https URL' };
  return { kind: 'https', url };
}
