/**
 * Custom crawls: Greenhouse, Lever and Ashby boards and a JSON-LD careers site into a fresh
 * database. Lever and Ashby jobs name the company their board's page names; the crawl's query
 * filters a whole board; an unknown board fails with its name;
 * robots.txt (Disallow, Crawl-delay) is honoured on career sites.
 */
import { describe, expect, it } from 'vitest';
import { boardJobs } from '../../fixtures/sites/boards/ats';
import { careerPostings } from '../../fixtures/sites/boards/career-site';
import { crawlInto, crawlTestBed, expectStoredAsPublished, spec, storedJobs } from './helpers';

const bed = crawlTestBed();

describe('ATS boards', () => {
  it('Greenhouse: the whole board, description decoded, query applied', async () => {
    const all = boardJobs('acme', 1);
    const { outcome } = await crawlInto(bed.db, spec('custom', '*', { target: { kind: 'greenhouse', board: 'acme' } }));
    expect(outcome).toMatchObject({ status: 'completed', pages: 1, jobsSeen: all.length });
    const rows = await storedJobs(bed.db, `external_id like 'greenhouse:acme:%'`);
    expect(rows).toHaveLength(all.length);
    for (const job of all) {
      const row = rows.find((r) => r.external_id === `greenhouse:acme:${job.id}`)!;
      expect(row).toMatchObject({ title: job.title, company: job.company, source: 'custom', remote: job.workplace === 'remote', posted_date: job.postedAt });
      expect(row.description).toContain('<ul><li>3+ years of professional experience</li>');
      expect(row.metadata.workplace).toBe(job.workplace);
    }
    const engineers = all.filter((j) => /\bengineer\b/i.test(j.title));
    const filtered = await crawlInto(bed.db, spec('custom', 'engineer', { target: { kind: 'greenhouse', board: 'acme' } }));
    expect(filtered.outcome).toMatchObject({ status: 'completed', jobsSeen: engineers.length });
    expect(filtered.outcome.status === 'completed' && filtered.outcome.note).toBe(`${all.length - engineers.length} postings did not match the search`);
  });

  it('Lever: every page of a 1,000-posting site (skip/limit), requirements apart', async () => {
    const { outcome } = await crawlInto(bed.db, spec('custom', '*', { target: { kind: 'lever', site: 'bench' } }));
    expect(outcome).toMatchObject({ status: 'completed', pages: 11, jobsSeen: 1_000 });
    const stored = await bed.db.one<{ n: number; distinct_urls: number; with_requirements: number }>(
      `select count(*)::int as n, count(distinct source_url)::int as distinct_urls, count(*) filter (where requirements like '%3+ years of professional experience%')::int as with_requirements
         from jobs where external_id like 'lever:bench:%'`,
    );
    expect(stored).toEqual({ n: 1_000, distinct_urls: 1_000, with_requirements: 1_000 });
  });

  it('Ashby: listed jobs only, pay from the salary component, remote from its flag', async () => {
    const all = boardJobs('acme', 1);
    const { outcome } = await crawlInto(bed.db, spec('custom', '*', { target: { kind: 'ashby', board: 'acme' } }));
    expect(outcome).toMatchObject({ status: 'completed', jobsSeen: all.length - 1 });
    const rows = await storedJobs(bed.db, `external_id like 'ashby:acme:%'`);
    expect(rows.map((r) => r.title)).not.toContain(undefined);
    const yearly = all.find((j, i) => i !== 1 && j.pay?.provided && j.pay.interval === 'year' && j.pay.max !== null)!;
    const row = rows.find((r) => r.external_id.endsWith(yearly.id.slice(-12).padStart(12, '0')))!;
    expect(row).toMatchObject({ salary_min: yearly.pay!.min, salary_max: yearly.pay!.max, remote: yearly.workplace === 'remote' });
  });

  it("Lever and Ashby: every job the company their board's own page names, read once per crawl, not the board's name", async () => {
    const before = bed.sites.requests.length;
    const lever = await crawlInto(bed.db, spec('custom', '*', { target: { kind: 'lever', site: 'initech' } }));
    const ashby = await crawlInto(bed.db, spec('custom', '*', { target: { kind: 'ashby', board: 'initech' } }));
    // A completed crawl with nothing to say: the name was there.
    expect(lever.outcome).toEqual({ status: 'completed', pages: 1, jobsSeen: 12 });
    expect(ashby.outcome).toEqual({ status: 'completed', pages: 1, jobsSeen: 11 });
    const rows = await storedJobs(bed.db, `external_id like 'lever:initech:%' or external_id like 'ashby:initech:%'`);
    expect(rows).toHaveLength(23);
    for (const row of rows) expect({ company: row.company, from: row.metadata.companyFrom }).toEqual({ company: 'Initech & Sons', from: 'board page' });
    // Each board's page once, under its host's robots.txt, before the listings.
    const asked = bed.sites.requests.slice(before).map((r) => `${r.site} ${r.path}`);
    expect(asked).toEqual([
      'lever /robots.txt',
      'lever /initech',
      'lever /v0/postings/initech?mode=json&skip=0&limit=100',
      'ashby /robots.txt',
      'ashby /initech',
      'ashby /posting-api/job-board/initech?includeCompensation=true',
    ]);
  });

  it("a board page that names nobody, or cannot be read, costs the name, not the crawl: the board's name stands in, and the note says why", async () => {
    const nameless = await crawlInto(bed.db, spec('custom', '*', { target: { kind: 'lever', site: 'nameless' } }));
    expect(nameless.outcome).toEqual({
      status: 'completed',
      pages: 1,
      jobsSeen: 12,
      note: `the board's page ${bed.sites.baseUrls.lever}/nameless names no employer: its jobs show the board's name instead`,
    });
    const blocked = await crawlInto(bed.db, spec('custom', '*', { target: { kind: 'ashby', board: 'captcha' } }));
    expect(blocked.outcome).toEqual({
      status: 'completed',
      pages: 1,
      jobsSeen: 11,
      note: `the board's page could not be read (answered with a captcha page (${bed.sites.baseUrls.ashby}/captcha)): its jobs show the board's name instead`,
    });
    const rows = await storedJobs(bed.db, `external_id like 'lever:nameless:%' or external_id like 'ashby:captcha:%'`);
    expect(rows).toHaveLength(23);
    for (const row of rows) expect({ company: row.company, from: row.metadata.companyFrom }).toEqual({ company: row.external_id.split(':')[1], from: 'board slug' });
  });

  it('an unknown board fails with its name, not as zero jobs', async () => {
    const { outcome } = await crawlInto(bed.db, spec('custom', '*', { target: { kind: 'greenhouse', board: 'missing' } }));
    expect(outcome).toMatchObject({ status: 'failed', jobsSeen: 0 });
    expect(outcome.status === 'failed' && outcome.reason).toBe('greenhouse board "missing" not found (HTTP 404) on page 1');
  });
});

describe('JSON-LD careers site', () => {
  it('follows the careers pages to every posting, repairs broken JSON-LD, honours robots.txt Disallow and Crawl-delay', async () => {
    const url = `${bed.sites.baseUrls.careers}/careers`;
    const { outcome } = await crawlInto(bed.db, spec('custom', '*', { target: { kind: 'site', url } }));
    const postings = careerPostings(1).filter((p) => p.variant !== 'private' && p.variant !== 'hopeless');
    // one page holds two postings
    expect(outcome).toMatchObject({ status: 'completed', jobsSeen: postings.length + 1 });
    const rows = await storedJobs(bed.db, `external_id like 'jsonld:%'`);
    expect(rows).toHaveLength(postings.length + 1);
    for (const p of postings) {
      const row = rows.find((r) => r.source_url === `${bed.sites.baseUrls.careers}${p.path}`);
      expect(row, p.variant).toBeDefined();
      expectStoredAsPublished(row!, p.job, { estimatesKept: false, company: 'Example Corp' });
      // The site states remote (TELECOMMUTE) and hybrid (HYBRID); on-site roles say nothing.
      expect(row!.metadata.workplace, p.variant).toBe(p.job.workplace === 'onsite' ? undefined : p.job.workplace);
    }
    const careers = bed.sites.requests.filter((r) => r.site === 'careers');
    expect(careers.filter((r) => r.path === '/robots.txt')).toHaveLength(1);
    expect(careers.some((r) => r.path.startsWith('/careers/private/'))).toBe(false);
    // Crawl-delay: 0.2 (unpaced, these requests come a few ms apart). Measured over the whole run:
    // single arrival gaps jitter on a busy machine, the sum does not drift.
    const paced = careers.slice(1);
    expect(paced.at(-1)!.at - paced[0]!.at).toBeGreaterThanOrEqual((paced.length - 1) * 200 - 60);
  });

  it('a careers page robots.txt disallows fails the crawl with that reason', async () => {
    const url = `${bed.sites.baseUrls.careers}/closed/careers`;
    const { outcome } = await crawlInto(bed.db, spec('custom', '*', { target: { kind: 'site', url } }));
    expect(outcome.status === 'failed' && outcome.reason).toBe(`site robots.txt disallows ${url} on page 1`);
  });
});
