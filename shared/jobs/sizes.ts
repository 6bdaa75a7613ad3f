/**
 * How large a stored job may be. A job's description, requirements and plain-text description are
 * read in pieces (shared/data/long-text.ts), so they are not held to the Data API's 64 KB row; these
 * limits keep one job's read and one crawl's write reasonable. The rest of the metadata is read with
 * the job's other columns, in one row, and is held to JOB_OTHER_METADATA_BYTES (a re-crawl that would
 * merge it past that replaces it instead: sql in ./upsert). sql/016 checks the same limits.
 */
import { jsonbTextBytes, utf8Bytes } from '../data/row-size';

export const JOB_TEXT_BYTES = {
  /** Sanitized HTML. */
  description: 256 * 1024,
  requirements: 64 * 1024,
  /** metadata.descriptionText, the description as plain text. */
  descriptionText: 128 * 1024,
} as const;

/** The metadata without descriptionText, as jsonb prints it. */
export const JOB_OTHER_METADATA_BYTES = 8 * 1024;

export function otherMetadataBytes(metadata: Record<string, unknown>): number {
  const { descriptionText: _, ...other } = metadata;
  return jsonbTextBytes(other);
}

export interface JobTexts {
  description: string | null;
  requirements: string | null;
  metadata: Record<string, unknown> & { descriptionText?: string };
}

/** What in a job is over its limit, as "path: reason" (empty when it fits). */
export function jobSizeProblems(job: JobTexts): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const over = (path: string, bytes: number, max: number) => {
    if (bytes > max) problems.push({ path, message: `is ${bytes} bytes; at most ${max} are stored` });
  };
  over('description', job.description === null ? 0 : utf8Bytes(job.description), JOB_TEXT_BYTES.description);
  over('requirements', job.requirements === null ? 0 : utf8Bytes(job.requirements), JOB_TEXT_BYTES.requirements);
  const text = job.metadata.descriptionText;
  over('metadata.descriptionText', typeof text === 'string' ? utf8Bytes(text) : 0, JOB_TEXT_BYTES.descriptionText);
  over('metadata', otherMetadataBytes(job.metadata), JOB_OTHER_METADATA_BYTES);
  return problems;
}
