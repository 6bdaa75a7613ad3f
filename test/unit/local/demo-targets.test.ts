/** The demo lists one replicated board of every ATS kind, each a target POST /crawls accepts. */
import { describe, expect, it } from 'vitest';
import { crawlTargetSchema } from '../../../shared/crawls/target';
import { DEMO_CRAWL_TARGETS, demoTargets } from '../../../infra/local/demo-sites';
import { SITE_NAMES } from '../../fixtures/sites/boards/server';

describe('the demo\'s crawl targets', () => {
  it('name one board of each ATS kind, each valid as a crawl target', () => {
    const kinds = crawlTargetSchema.options.map((o) => o.shape.kind.value).filter((k) => k !== 'site');
    const baseUrls = Object.fromEntries(SITE_NAMES.map((site) => [site, `http://127.0.0.1/${site}`])) as Record<(typeof SITE_NAMES)[number], string>;
    const listed = [...demoTargets({ baseUrls }).flatMap((t) => (t.crawl.target ? [t.crawl.target as { kind: string }] : [])), ...DEMO_CRAWL_TARGETS];
    expect(listed.map((t) => t.kind).filter((k) => k !== 'site').sort()).toEqual([...kinds].sort());
    for (const target of listed) expect(crawlTargetSchema.safeParse(target).success, JSON.stringify(target)).toBe(true);
  });
});
