/**
 * A crawled job cut to what the job store keeps (shared/jobs/sizes.ts), so that a very long posting
 * is stored shortened, and says so, rather than dropped. The source URL keeps the whole posting.
 */
import { truncateUtf8, utf8Bytes } from '../../data/row-size';
import { JOB_OTHER_METADATA_BYTES, JOB_TEXT_BYTES, otherMetadataBytes, type JobTexts } from '../../jobs/sizes';
import { htmlToText, sanitizeDescription } from './html';

const ELLIPSIS = '…';
/** Metadata the platform reads: dropped to make room only after everything else, applyUrl never. */
const READ_METADATA = ['salary', 'salaryEstimate', 'salaryNotes', 'workplace', 'ats'];

function shortenText(text: string | null, maxBytes: number): string | null {
  if (text === null || utf8Bytes(text) <= maxBytes) return text;
  return truncateUtf8(text, maxBytes - utf8Bytes(ELLIPSIS)).trimEnd() + ELLIPSIS;
}

/** HTML cut before a tag (never inside one) with room left for the closing tags the sanitizer adds back. */
function shortenHtml(html: string, maxBytes: number): string | null {
  let cut = truncateUtf8(html, maxBytes - 4096);
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open);
  return sanitizeDescription(`${cut}${ELLIPSIS}`);
}

export function fitToStore<J extends JobTexts>(job: J): J {
  const metadata: Record<string, unknown> = { ...job.metadata };
  let description = job.description;
  if (description !== null && utf8Bytes(description) > JOB_TEXT_BYTES.description) {
    description = shortenHtml(description, JOB_TEXT_BYTES.description);
    metadata.descriptionText = htmlToText(description);
    metadata.descriptionTruncated = true;
  }
  if (typeof metadata.descriptionText === 'string' && utf8Bytes(metadata.descriptionText) > JOB_TEXT_BYTES.descriptionText) {
    metadata.descriptionText = shortenText(metadata.descriptionText, JOB_TEXT_BYTES.descriptionText);
    metadata.descriptionTruncated = true;
  }
  const requirements = shortenText(job.requirements, JOB_TEXT_BYTES.requirements);
  if (requirements !== job.requirements) metadata.requirementsTruncated = true;
  // What a source added beyond the limit: its largest entries go, and are named.
  const omitted: string[] = [];
  const largestFirst = (keys: string[]) => keys.sort((a, b) => otherMetadataBytes({ [b]: metadata[b] }) - otherMetadataBytes({ [a]: metadata[a] }));
  const keys = Object.keys(metadata).filter((key) => key !== 'descriptionText' && key !== 'applyUrl');
  const droppable = [...largestFirst(keys.filter((k) => !READ_METADATA.includes(k))), ...largestFirst(keys.filter((k) => READ_METADATA.includes(k)))];
  while (otherMetadataBytes({ ...metadata, ...(omitted.length ? { omitted } : {}) }) > JOB_OTHER_METADATA_BYTES && droppable.length) {
    const key = droppable.shift()!;
    delete metadata[key];
    omitted.push(key);
  }
  if (omitted.length) metadata.omitted = omitted;
  return { ...job, description, requirements, metadata };
}
