/** The demo lists one replicated board of every ATS kind, each a target POST /crawls accepts. */
import { describe, expect, it } from 'vitest';
import { crawlTargetSchema } from '../../../shared/crawls/target';
import { DEMO_CRAWL_TARGETS } from '../../../infra/local/demo-sites';

describe('the demo\'s crawl targets', () => {
  it('name one board of each ATS kind, each valid as a crawl target', () => {
    const kinds = crawlTargetSchema.options.map((o) => o.shape.kind.value).filter((k) => k !== 'site');
    expect(DEMO_CRAWL_TARGETS.map((t) => t.kind).sort()).toEqual([...kinds].sort());
    for (const target of DEMO_CRAWL_TARGETS) expect(crawlTargetSchema.safeParse(target).success, JSON.stringify(target)).toBe(true);
  });
});
