/** Picks the form family by the page's host, else by its markup; anything else is a generic form. */
import type { Page } from 'puppeteer-core';
import type { FormAdapter } from './adapter';
import { ashby } from './ashby';
import { generic } from './generic';
import { greenhouse } from './greenhouse';
import { lever } from './lever';

export type { FormAdapter } from './adapter';
const families = [greenhouse, lever, ashby];

export async function pickAdapter(page: Page): Promise<FormAdapter> {
  const host = new URL(page.url()).hostname;
  const byHost = families.find((a) => a.hosts?.test(host));
  if (byHost) return byHost;
  for (const adapter of families) if (adapter.marker && (await page.$(adapter.marker))) return adapter;
  return generic;
}
