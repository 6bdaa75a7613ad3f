/**
 * Maps the many ways sources name employment types ("Full-time", "FULL_TIME", "FullTime",
 * "EMPLOYMENT_TYPE_NAME_CONTRACTOR", "Permanent, Full-time", ["PART_TIME", "TEMPORARY"]) onto the
 * seed's vocabulary. A stated type we cannot place is 'other'; no stated type is null.
 */
import type { JobType } from '../../jobs/input';

const RULES: Array<[RegExp, JobType]> = [
  [/\bfull\s?time\b|\bvollzeit\b|\btemps plein\b|\bcdi\b/, 'full-time'],
  [/\bpart\s?time\b|\bteilzeit\b|\btemps partiel\b/, 'part-time'],
  [/\bintern(ship)?\b|\btrainee\b|\bapprentice(ship)?\b|\bco\s?op\b|\bworking student\b|\bwerkstudent|\bpraktikum\b|\bstage\b|\bgraduate program/, 'internship'],
  [/\bcontract(or)?\b|\bfreelance(r)?\b|\bconsultant\b|\bc2c\b|\b1099\b|\bcdd\b|\bbefristet/, 'contract'],
  [/\btemp(orary)?\b|\bseasonal\b|\bfixed\s?term\b|\bcasual\b|\bper diem\b/, 'temporary'],
  [/\bvolunteer(ing)?\b|\bunpaid\b|\behrenamt/, 'volunteer'],
];

function mapOne(value: string): JobType | null {
  const t = value
    .replace(/EMPLOYMENT_TYPE_NAME_/i, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2') // FullTime -> Full Time
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
  if (!t) return null;
  for (const [re, type] of RULES) if (re.test(t)) return type;
  return 'other';
}

/** One value, a comma/slash separated list, or an array: the first placeable type wins. */
export function parseJobType(input: string | readonly (string | null | undefined)[] | null | undefined): JobType | null {
  if (input == null) return null;
  const values = (Array.isArray(input) ? input : [input as string])
    .flatMap((v) => (typeof v === 'string' ? v.split(/[,/;|]| and /) : []))
    .map((v) => v.trim())
    .filter(Boolean);
  let fallback: JobType | null = null;
  for (const v of values) {
    const mapped = mapOne(v);
    if (mapped && mapped !== 'other') return mapped;
    fallback ??= mapped;
  }
  return fallback;
}
