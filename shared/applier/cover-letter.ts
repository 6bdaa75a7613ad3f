/**
 * The profile's cover letter template rendered for one job. Placeholders are {{name}} with optional
 * spaces; an unknown placeholder, or a known one the profile has no value for, is an error rather
 * than blank text in a letter an employer reads.
 */
import type { ApplicationTask } from './port';

export class CoverLetterError extends Error {
  override readonly name = 'CoverLetterError';
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

function values(task: Pick<ApplicationTask, 'job' | 'applicant'>): Record<string, string | null> {
  const { job, applicant } = task;
  const parts = applicant.fullName.trim().split(/\s+/);
  return {
    company: job.company,
    title: job.title,
    jobLocation: job.location,
    name: applicant.fullName,
    firstName: applicant.answers.firstName ?? (parts.length > 1 ? parts[0]! : null),
    lastName: applicant.answers.lastName ?? (parts.length > 1 ? parts.slice(1).join(' ') : null),
    email: applicant.email,
    phone: applicant.phone,
    location: applicant.location,
    skills: applicant.skills.length ? applicant.skills.join(', ') : null,
    experienceYears: applicant.experienceYears === null ? null : String(applicant.experienceYears),
    linkedinUrl: applicant.linkedinUrl,
    githubUrl: applicant.githubUrl,
    portfolioUrl: applicant.portfolioUrl,
  };
}

export const coverLetterPlaceholders = Object.keys(values({
  job: { id: 0, source: 'custom', title: '', company: '', location: null, sourceUrl: '', metadata: {} },
  applicant: { fullName: '', email: '', phone: null, location: null, resumeUrl: null, coverLetterTemplate: null, skills: [], experienceYears: null, linkedinUrl: null, githubUrl: null, portfolioUrl: null, answers: { custom: [] } },
}));

/** The placeholders a template uses that no job or profile fills, each once, in order; checked when a profile is saved. */
export function unknownPlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map(([, name]) => name!).filter((name) => !coverLetterPlaceholders.includes(name)))];
}

/** How an unknown placeholder is told: at save and, for a template stored before that check, at apply time. */
export function unknownPlaceholdersMessage(unknown: string[]): string {
  return `has unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `{{${n}}}`).join(', ')} (known: ${coverLetterPlaceholders.join(', ')})`;
}

/** The rendered letter, or null when the profile has no template. Throws CoverLetterError naming every bad placeholder. */
export function renderCoverLetter(task: Pick<ApplicationTask, 'job' | 'applicant'>): string | null {
  const template = task.applicant.coverLetterTemplate;
  if (!template) return null;
  const unknown = unknownPlaceholders(template);
  if (unknown.length) throw new CoverLetterError(`cover letter template ${unknownPlaceholdersMessage(unknown)}`);
  const known = values(task);
  const empty = new Set<string>();
  for (const [, name] of template.matchAll(PLACEHOLDER)) {
    if (known[name!] === null) empty.add(name!);
  }
  if (empty.size) throw new CoverLetterError(`cover letter template uses ${[...empty].map((n) => `{{${n}}}`).join(', ')} but the profile has no value for it`);
  return template.replace(PLACEHOLDER, (_, name: string) => known[name] as string);
}
