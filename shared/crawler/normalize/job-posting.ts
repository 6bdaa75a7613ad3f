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

/** What postings write where a place goes to say the job has none: "global", "Worldwide", "Anywhere". */
const NO_PLACE = /^(global(ly)?|world ?wide|anywhere|everywhere|international(ly)?|world)$/i;

export interface PlaceReading {
  /** The place as the posting states it ("New York, New York, US"), or null. */
  text: string | null;
  /** A stated scope instead of a place ("global"), lowercased, or null. */
  scope: string | null;
}

/**
 * A Place / PostalAddress / plain string read into text. Every part the posting gives is kept in its
 * order (locality, region, country), a city and its same-named state included; a part is dropped
 * only when an earlier part already carries it ("Austin, TX" then "TX"). A scope word is not a
 * place: it is returned apart.
 */
export function readPlace(place: unknown): PlaceReading {
  if (typeof place === 'string') {
    const text = cleanText(place);
    return text && NO_PLACE.test(text) ? { text: null, scope: text.toLowerCase() } : { text, scope: null };
  }
  if (!isObject(place)) return { text: null, scope: null };
  const address = isObject(place.address) ? place.address : typeof place.address === 'string' ? null : place;
  let scope: string | null = null;
  if (address) {
    const kept: string[] = [];
    /** Components an earlier part carried after its own first one ("TX" of "Austin, TX"). */
    const carried = new Set<string>();
    for (const part of [str(address.addressLocality), str(address.addressRegion), countryName(address.addressCountry)]) {
      const value = part?.trim();
      if (!value) continue;
      if (NO_PLACE.test(value)) {
        scope ??= value.toLowerCase();
        continue;
      }
      if (carried.has(value.toLowerCase())) continue;
      value.split(/\s*,\s*/).slice(1).forEach((c) => carried.add(c.toLowerCase()));
      kept.push(value);
    }
    if (kept.length) return { text: kept.join(', '), scope };
  }
  const named = cleanText(place.name) ?? (typeof place.address === 'string' ? cleanText(place.address) : null);
  if (named && NO_PLACE.test(named)) return { text: null, scope: scope ?? named.toLowerCase() };
  return { text: named, scope };
}

export function placeToText(place: unknown): string | null {
  return readPlace(place).text;
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
  const places = list(node.jobLocation).map(readPlace);
  const uniqueLocations = [...new Set(places.map((p) => p.text).filter((l): l is string => Boolean(l)))];
  const applicants = list(node.applicantLocationRequirements).map(readPlace);
  const applicantCountries = applicants.map((p) => p.text).filter(Boolean);
  const scope = [...places, ...applicants].find((p) => p.scope)?.scope ?? null;
  // TELECOMMUTE is schema.org's one value; sites also write HYBRID, ONSITE and the like.
  const remote = detectRemote({
    workplace: list(node.jobLocationType).map(str).filter(Boolean).join(' ') || null,
    texts: [uniqueLocations.join(' '), str(node.title)],
  });
  const remoteWhere = applicantCountries.length ? applicantCountries.join(', ') : scope;
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
    location: uniqueLocations.length ? uniqueLocations.join('; ') : remote.remote && remoteWhere ? `Remote (${remoteWhere})` : null,
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
      ...(scope ? { locationScope: scope } : {}),
      ...(uniqueLocations.length > 1 ? { locations: uniqueLocations } : {}),
      ...(isObject(org) && str(org.sameAs) ? { companyUrl: str(org.sameAs) } : {}),
      ...(node.directApply !== undefined ? { directApply: node.directApply === true || node.directApply === 'true' } : {}),
    },
  };
}
