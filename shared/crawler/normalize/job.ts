/**
 * Assembles a JobInput from what an adapter read, applying the normalizations every source shares:
 * sanitized description + plain text, requirements as text, salary as posted plus sound annual
 * figures, canonical URLs, and validation against the job input schema. A draft that cannot make a
 * valid job (no title, no id) is reported, not delivered.
 */
import { jobInputSchema, type JobInput, type JobSource, type JobType } from '../../jobs/input';
import { fitToStore } from './fit';
import { cleanText, htmlToText, sanitizeDescription } from './html';
import type { ParsedSalary } from './salary';
import type { Workplace } from './remote';
import { canonicalUrl } from './url';

export interface JobDraft {
  source: JobSource;
  externalId: string;
  title: unknown;
  company: unknown;
  location?: unknown;
  /** HTML, entity-encoded HTML or plain text. */
  description?: string | null;
  /** HTML or text; stored as plain text. */
  requirements?: string | null;
  salary?: ParsedSalary | null;
  /** A board's own estimate (Glassdoor, ZipRecruiter "predicted"): kept apart, never as the job's pay. */
  salaryEstimate?: ParsedSalary | null;
  jobType?: JobType | null;
  remote: { remote: boolean; workplace: Workplace | null };
  /** Already canonical for board URLs; canonicalized here as well, harmlessly. */
  sourceUrl: string | null;
  postedDate?: Date | null;
  expiresDate?: Date | null;
  applyUrl?: string | null;
  metadata?: Record<string, unknown>;
}

export type BuildResult = { ok: true; job: JobInput } | { ok: false; reason: string };

function truncate(text: string | null, max: number): string | null {
  if (text === null) return null;
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function buildJob(draft: JobDraft): BuildResult {
  const title = truncate(cleanText(draft.title), 500);
  if (!title) return { ok: false, reason: `${draft.externalId}: no title` };
  const company = truncate(cleanText(draft.company), 300);
  if (!company) return { ok: false, reason: `${draft.externalId}: no company` };
  const sourceUrl = canonicalUrl(draft.sourceUrl, { keep: undefined });
  if (!sourceUrl) return { ok: false, reason: `${draft.externalId}: no http(s) source URL` };

  const description = sanitizeDescription(draft.description);
  const requirementsHtml = sanitizeDescription(draft.requirements);
  const requirements = requirementsHtml ? htmlToText(requirementsHtml) : null;
  const applyUrl = canonicalUrl(draft.applyUrl);

  const metadata: JobInput['metadata'] = { ...(draft.metadata ?? {}) };
  if (description) metadata.descriptionText = htmlToText(description);
  if (applyUrl) metadata.applyUrl = applyUrl;
  if (draft.salary) {
    metadata.salary = draft.salary.salary;
    if (draft.salary.notes.length) metadata.salaryNotes = draft.salary.notes;
  }
  if (draft.salaryEstimate) metadata.salaryEstimate = draft.salaryEstimate.salary;
  if (draft.remote.workplace) metadata.workplace = draft.remote.workplace;

  const candidate = {
    source: draft.source,
    externalId: draft.externalId,
    title,
    company,
    location: truncate(cleanText(draft.location), 500),
    description,
    requirements,
    salaryMin: draft.salary?.annualMin ?? null,
    salaryMax: draft.salary?.annualMax ?? null,
    jobType: draft.jobType ?? null,
    remote: draft.remote.remote,
    sourceUrl,
    postedDate: draft.postedDate ?? null,
    expiresDate: draft.expiresDate ?? null,
    metadata,
  };
  const parsed = jobInputSchema.safeParse(fitToStore(candidate));
  if (!parsed.success) {
    return { ok: false, reason: `${draft.externalId}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  }
  return { ok: true, job: parsed.data };
}
