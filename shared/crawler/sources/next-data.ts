/** The JSON of a Next.js page: `<script id="__NEXT_DATA__" type="application/json">`. */
import { load } from 'cheerio';

export function nextData(html: string): unknown {
  const text = load(html)('script#__NEXT_DATA__').first().text();
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
