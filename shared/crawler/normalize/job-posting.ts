/**
 * A schema.org JobPosting (from a career page's JSON-LD, a board's detail page, or Monster's
 * normalizedJobPosting) read into a JobDraft. Fields may be strings, objects or arrays of either;
 * anything missing stays null rather than guessed.
 */
import type { JobSource } from '../../jobs/input';
import { parseDate } from './dates';
import { cleanText } from './html';
import { parseJobType } from './job-type';
import { isObject, type JsonObject } from './jsonld';
import type { JobDraft } from './job';
import { detectRemote } from './remote';
import { parseSalaryText, salaryFromAmounts, type ParsedSalary } from './salary';

function str(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  return null;
}

function first<T>(value: T | T[] | undefined): T | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function list(value: unknown): unknown[] {
  return value == null ? [] : Array.isArray(value) ? value : [value];
}

function countryName(value: unknown): string | null {
  if (isObject(value)) return str(first(value.name as string | string[])) ?? null;
  return str(value);
}

/** "Sunnyvale, CA, US" from a Place / PostalAddress / plain string. */
export function placeToText(place: unknown): string | null {
  if (typeof place === 'string') return cleanText(place);
  if (!isObject(place)) return null;
  const address = isObject(place.address) ? place.address : typeof place.address === 'string' ? null : place;
  if (address) {
    const parts = [str(address.addressLocality), str(address.addressRegion), countryName(address.addressCountry)]
      .filter((p): p is string => Boolean(p))
      .map((p) => p.trim());
    const unique = parts.filter((p, i) => parts.findIndex((q) => q.toLowerCase() === p.toLowerCase()) === i);
    if (unique.length) return unique.join(', ');
  }
  return cleanText(place.name) ?? (typeof place.address === 'string' ? cleanText(place.address) : null);
}

/** baseSalary / estimatedSalary: MonetaryAmount with a QuantitativeValue, a bare number, or text. */
export function monetaryAmountToSalary(amount: unknown): ParsedSalary | null {
  const a = first(amount as unknown[]);
  if (typeof a === 'string') return parseSalaryText(a);
  if (typeof a === 'number') return salaryFromAmounts({ value: a });
  if (!isObject(a)) return null;
  const currency = str(a.currency) ?? str(a.salaryCurrency);
  const v = a.value;
  if (isObject(v)) {
    const num = (x: unknown) => (typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x.replace(/[,\s]/g, '')) : null);
    return salaryFromAmounts({
      min: num(v.minValue),
      max: num(v.maxValue),
      value: num(v.value),
      interval: str(v.unitText) ?? str(a.unitText),
      currency,
    });
  }
  if (typeof v === 'number' || typeof v === 'string') {
    const n = typeof v === 'number' ? v : Number(v.replace(/[,\s]/g, ''));
    if (Number.isFinite(n)) return salaryFromAmounts({ value: n, interval: str(a.unitText), currency });
    return parseSalaryText(String(v), { currency });
  }
  return null;
}

function textOrList(value: unknown): string | null {
  const items = list(value)
    .map((v) => (isObject(v) ? str(v.description) ?? str(v.name) : str(v)))
    .filter((v): v is string => Boolean(v));
  if (items.length === 0) return null;
  if (items.length === 1) return items[0] as string;
  return `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
}

/** Double-escaped newlines ("\\n" left as text) that some sites put in their JSON-LD. */
function unescapeLiteralNewlines(text: string | null): string | null {
  return text ? text.replace(/\\r\\n|\\n|\\r/g, '\n').replace(/\\t/g, ' ') : text;
}

export interface JobPostingContext {
  source: JobSource;
  /** Namespaced external id for this posting (the caller knows the namespace). */
  externalId: string;
  /** The page the posting was read from: the default source URL. */
  pageUrl: string;
  /** Company name when hiringOrganization is missing (og:site_name, the board's own field). */
  fallbackCompany?: string | null;
}

export function jobPostingIdentifier(node: JsonObject): string | null {
  const id = first(node.identifier as unknown[]);
  if (isObject(id)) return str(id.value) ?? str(id['@id']) ?? str(id.name);
  return str(id);
}

export function jobPostingToDraft(node: JsonObject, ctx: JobPostingContext): JobDraft {
  const org = first(node.hiringOrganization as unknown[]);
  const company = isObject(org) ? str(org.name) ?? str(org.legalName) : str(org);
  const locations = list(node.jobLocation).map(placeToText).filter((l): l is string => Boolean(l));
  const uniqueLocations = [...new Set(locations)];
  const locationType = list(node.jobLocationType).map(str).join(' ');
  const applicantCountries = list(node.applicantLocationRequirements).map(placeToText).filter(Boolean);
  const remote = detectRemote({
    workplace: /telecommute/i.test(locationType) ? 'remote' : null,
    texts: [uniqueLocations.join(' '), str(node.title)],
  });
  const description = unescapeLiteralNewlines(str(node.description)) ?? textOrList(node.jobDescription) ?? textOrList(node.responsibilities);
  const requirements =
    textOrList(node.qualifications) ??
    textOrList(node.skills) ??
    (typeof node.experienceRequirements === 'string' ? node.experienceRequirements : null);
  const salary = monetaryAmountToSalary(node.baseSalary) ?? null;
  const estimate = salary ? null : monetaryAmountToSalary(node.estimatedSalary);
  const url = str(node.url);
  return {
    source: ctx.source,
    externalId: ctx.externalId,
    title: node.title ?? node.name,
    company: company ?? ctx.fallbackCompany ?? null,
    location: uniqueLocations.length ? uniqueLocations.join('; ') : remote.remote && applicantCountries.length ? `Remote (${applicantCountries.join(', ')})` : null,
    description,
    requirements,
    salary,
    salaryEstimate: estimate,
    jobType: parseJobType(list(node.employmentType).map(str).filter((s): s is string => Boolean(s))),
    remote,
    sourceUrl: url && /^https?:/i.test(url) ? url : ctx.pageUrl,
    postedDate: parseDate(node.datePosted),
    expiresDate: parseDate(node.validThrough),
    applyUrl: null,
    metadata: {
      identifier: jobPostingIdentifier(node),
      ...(uniqueLocations.length > 1 ? { locations: uniqueLocations } : {}),
      ...(isObject(org) && str(org.sameAs) ? { companyUrl: str(org.sameAs) } : {}),
      ...(node.directApply !== undefined ? { directApply: node.directApply === true || node.directApply === 'true' } : {}),
    },
  };
}
