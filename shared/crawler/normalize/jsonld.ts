/**
 * schema.org JobPosting in the shapes career sites publish it: one object, an array, inside
 * `@graph`, under `mainEntity` or an ItemList, several blocks per page, typed "JobPosting",
 * ["JobPosting"] or "schema:JobPosting"; and in the broken JSON `parseLooseJson` repairs.
 */
import { load } from 'cheerio';
import { parseLooseJson } from './loose-json';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every parseable ld+json block of a page; broken blocks are repaired, hopeless ones skipped. */
export function extractJsonLdBlocks(html: string): { blocks: unknown[]; unreadable: number } {
  const $ = load(html);
  const blocks: unknown[] = [];
  let unreadable = 0;
  $('script').each((_, el) => {
    const type = ($(el).attr('type') ?? '').toLowerCase();
    if (!/application\/ld\+json/.test(type)) return;
    const text = $(el).text();
    if (!text.trim()) return;
    const value = parseLooseJson(text);
    if (value === undefined) unreadable++;
    else blocks.push(value);
  });
  return { blocks, unreadable };
}

function typesOf(node: JsonObject): string[] {
  const t = node['@type'];
  const list = Array.isArray(t) ? t : [t];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^.*[/:#]/, ''));
}

/** All JobPosting nodes under a parsed value, in document order. */
export function findJobPostings(value: unknown, depth = 0, out: JsonObject[] = []): JsonObject[] {
  if (depth > 12) return out;
  if (Array.isArray(value)) {
    for (const v of value) findJobPostings(v, depth + 1, out);
    return out;
  }
  if (!isObject(value)) return out;
  if (typesOf(value).includes('JobPosting')) {
    out.push(value);
    return out;
  }
  for (const key of ['@graph', 'mainEntity', 'mainEntityOfPage', 'itemListElement', 'item', 'hasPart', 'about']) {
    if (key in value) findJobPostings(value[key], depth + 1, out);
  }
  return out;
}
