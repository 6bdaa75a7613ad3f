/**
 * The demo lists one replicated site of every job board and every crawl target kind, each a crawl
 * POST /crawls accepts, and the README's demo section names every application form the banner prints.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crawlTargetSchema } from '../../../shared/crawls/target';
import { crawlRequestSchema } from '../../../shared/crawls/schema';
import { jobSources } from '../../../shared/jobs/input';
import { DEMO_FORMS_PORT, demoForms, demoTargets } from '../../../infra/local/demo-sites';
import { SITE_NAMES } from '../../fixtures/sites/boards/server';

const baseUrls = Object.fromEntries(SITE_NAMES.map((site) => [site, `http://127.0.0.1/${site}`])) as Record<(typeof SITE_NAMES)[number], string>;
const targets = demoTargets({ baseUrls });

describe("the demo's crawl targets", () => {
  it('name one site of each crawl target kind and of each job board, every one a valid POST /crawls body', () => {
    const kinds = crawlTargetSchema.options.map((o) => o.shape.kind.value);
    const listed = targets.flatMap((t) => (t.crawl.target ? [(t.crawl.target as { kind: string }).kind] : []));
    expect([...listed].sort()).toEqual([...kinds].sort());
    const boards = targets.filter((t) => t.crawl.source !== 'custom').map((t) => t.crawl.source);
    expect([...boards].sort()).toEqual(jobSources.filter((s) => s !== 'custom').sort());
    for (const target of targets) expect(crawlRequestSchema.safeParse(target.crawl).success, JSON.stringify(target.crawl)).toBe(true);
  });

  it("give each a page of its own replica to open, under that replica's base URL", () => {
    for (const target of targets) {
      const kind = (target.crawl.target as { kind?: string } | undefined)?.kind;
      const site = kind === 'site' ? 'careers' : (kind ?? (target.crawl.source as string));
      expect(target.url.startsWith(`${baseUrls[site as keyof typeof baseUrls]}/`), `${target.name}: ${target.url}`).toBe(true);
    }
    expect(new Set(targets.map((t) => t.name)).size).toBe(targets.length);
  });
});

describe("the demo's application forms", () => {
  it('are each in the README, at the path the banner prints', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
    const formsUrl = `http://127.0.0.1:${DEMO_FORMS_PORT}`;
    expect(readme).toContain(`application form (on ${formsUrl})`);
    for (const form of demoForms(formsUrl)) expect(readme, form.name).toContain(`\`${form.url.slice(formsUrl.length)}\``);
  });
});
