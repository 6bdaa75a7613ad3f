/**
 * Workday, SmartRecruiters, Workable, Recruitee, Personio and Teamtailor boards crawled into a fresh
 * database: Workday paged by POST 20 at a time and stopped, with a note, at its 2,000-result cap; SmartRecruiters and Teamtailor paged; every stored row as the board published it;
 * an unknown board of each kind a failed crawl that names it; the query filters a whole board.
 */
import { describe, expect, it } from 'vitest';
import { boardJobs } from '../../fixtures/sites/boards/ats';
import { recruiteeCloseDate, recruiteeId } from '../../fixtures/sites/boards/recruitee';
import { workdayEndDate, workdayReqId } from '../../fixtures/sites/boards/workday';
import { crawlInto, crawlTestBed, expectStoredAsPublished, spec, storedJobs } from './helpers';

const bed = crawlTestBed();

describe('Workday', () => {
  it('stores each posting as the site published it: hiring organization, time type, remote type, end date', async () => {
    const all = boardJobs('acme', 1);
    const { outcome } = await crawlInto(bed.db, spec('custom', '*', { target: { kind: 'workday', tenant: 'acme', instance: 'wd5', site: 'acme' } }));
    expect(outcome).toMatchObject({ status: 'completed', pages: 1, jobsSeen: all.length });
    const rows = await storedJobs(bed.db, `external_id like 'workday:acme:acme:%'`);
    expect(rows).toHaveLength(all.length);
    for (const job of all) {
      const row = rows.find((r) => r.external_id === `workday:acme:acme:${workdayReqId(job)}`)!;
      // Workday publishes no pay, and only a full or part time "time type".
      expectStoredAsPublished(row, { ...job, pay: null, jobType: job.jobType === 'part-time' ? 'part-time' : 'full-time' }, { estimatesKept: false });
      expect(row.metadata.workplace).toBe(job.workplace);
    }
    const expiring = await bed.db.query<{ external_id: string; expires: string }>(
      `select external_id, to_char(expires_date at time zone 'UTC', 'YYYY-MM-DD') as expires from jobs where external_id like 'workday:acme:acme:%' and expires_date is not null`,
    );
    expect(expiring.sort((a, b) => a.external_id.localeCompare(b.external_id))).toEqual(
      all.filter((j) => workdayEndDate(j)).map((j) => ({ external_id: `workday:acme:acme:${workdayReqId(j)}`, expires: workdayEndDate(j) })).sort((a, b) => a.external_id.localeCompare(b.external_id)),
    );
  });

  it('pages through a search 20 at a time by POST, reads each posting\'s detail, and stops at the 2,000-result cap saying so', async () => {
    const { outcome } = await crawlInto(bed.db, spec('custom', '*', { target: { kind: 'workday', tenant: 'big', instance: 'wd1', site: 'capped' } }), 120_000);
    expect(outcome).toMatchObject({ status: 'completed', pages: 100, jobsSeen: 2_000 });
    expect(outcome.status === 'completed' && outcome.note).toBe(
      "workday serves at most 2,000 results of one search; this one matched about 2,345 (by the board's facet counts), so about 345 are out of reach: narrow the search to reach them",
    );
    const searches = bed.sites.requests.filter((r) => r.site === 'workday' && r.path === '/wday/cxs/big/capped/jobs');
    expect(searches.map((r) => JSON.parse(r.body!))).toEqual(Array.from({ length: 100 }, (_, i) => ({ appliedFacets: {}, limit: 20, offset: i * 20, searchText: '' })));
    expect(bed.sites.requests.filter((r) => r.site === 'workday' && r.path.startsWith('/wday/cxs/big/capped/job/'))).toHaveLength(2_000);
    const stored = await bed.db.one<{ n: number; described: number; dated: number }>(
      `select count(*)::int as n, count(*) filter (where description like '%3+ years of professional experience%')::int as described,
              count(*) filter (where posted_date is not null)::int as dated
         from jobs where external_id like 'workday:big:capped:%'`,
    );
    expect(stored).toEqual({ n: 2_000, described: 2_000, dated: 2_000 });
  }, 150_000);

  it('sends the query to the site\'s own search', async () => {
    const { outcome } = await crawlInto(bed.db, spec('custom', 'data engineer', { target: { kind: 'workday', tenant: 'acme', instance: 'wd5', site: 'acme' } }));
    const engineers = boardJobs('acme', 1).filter((j) => /\bdata\b/i.test(j.title) && /\bengineer\b/i.test(j.title));
    expect(outcome).toMatchObject({ status: 'completed', jobsSeen: engineers.length });
    const last = bed.sites.requests.filter((r) => r.site === 'workday' && r.body).at(-1)!;
    expect(JSON.parse(last.body!)).toMatchObject({ searchText: 'data engineer', offset: 0 });
  });
});

describe('SmartRecruiters, Workable, Recruitee, Personio, Teamtailor', () => {
  it('SmartRecruiters: every page of 100 of a 1,000-posting company, each posting\'s detail', async () => {
    const { outcome } = await crawlInto(bed.db, spec('custom', '*', { target: { kind: 'smartrecruiters', board: 'bench' } }));
    expect(outcome).toMatchObject({ status: 'completed', pages: 10, jobsSeen: 1_000 });
    const stored = await bed.db.one<{ n: number; with_requirements: number; public_urls: number }>(
      `select count(*)::int as n, count(*) filter (where requirements like '%3+ years of professional experience%')::int as with_requirements,
              count(distinct source_url) filter (where source_url like '%/bench/7440001%')::int as public_urls
         from jobs where external_id like 'smartrecruiters:bench:%'`,
    );
    expect(stored).toEqual({ n: 1_000, with_requirements: 1_000, public_urls: 1_000 });
  });

  it('Recruitee: pay as stated, the closing date, in one answer', async () => {
    const all = boardJobs('acme', 1);
    const { outcome } = await crawlInto(bed.db, spec('custom', '*', { target: { kind: 'recruitee', board: 'acme' } }));
    expect(outcome).toMatchObject({ status: 'completed', pages: 1, jobsSeen: all.length });
    const rows = await storedJobs(bed.db, `external_id like 'recruitee:acme:%'`);
    for (const job of all) expectStoredAsPublished(rows.find((r) => r.external_id === `recruitee:acme:${recruiteeId(job)}`)!, job, { estimatesKept: false });
    const closing = await bed.db.query<{ id: string; closes: string }>(
      `select external_id as id, to_char(expires_date at time zone 'UTC', 'YYYY-MM-DD') as closes from jobs where external_id like 'recruitee:acme:%' and expires_date is not null order by 1`,
    );
    expect(closing).toEqual(all.filter((j) => recruiteeCloseDate(j)).map((j) => ({ id: `recruitee:acme:${recruiteeId(j)}`, closes: recruiteeCloseDate(j) })).sort((a, b) => a.id.localeCompare(b.id)));
  });

  it('Teamtailor: the list and each "Show more" page of a 1,000-job site, each job page under robots.txt', async () => {
    const { outcome } = await crawlInto(bed.db, spec('custom', '*', { target: { kind: 'teamtailor', board: 'bench' } }), 120_000);
    expect(outcome).toMatchObject({ status: 'completed', pages: 100, jobsSeen: 1_000 });
    const tt = bed.sites.requests.filter((r) => r.site === 'teamtailor');
    expect(tt.filter((r) => r.path === '/robots.txt')).toHaveLength(1);
    expect(tt.filter((r) => r.path.startsWith('/bench/jobs/show_more?page='))).toHaveLength(99);
    const stored = await bed.db.one<{ n: number; dated: number }>(`select count(*)::int as n, count(*) filter (where posted_date is not null)::int as dated from jobs where external_id like 'teamtailor:bench:%'`);
    expect(stored).toEqual({ n: 1_000, dated: 1_000 });
  }, 150_000);

  it('the crawl\'s query filters a whole board', async () => {
    const all = boardJobs('acme', 1);
    const analysts = all.filter((j) => /\banalyst\b/i.test(j.title));
    expect(analysts.length).toBeGreaterThan(0);
    const { outcome } = await crawlInto(bed.db, spec('custom', 'analyst', { target: { kind: 'personio', board: 'acme' } }));
    expect(outcome).toMatchObject({ status: 'completed', jobsSeen: analysts.length });
    expect(outcome.status === 'completed' && outcome.note).toBe(`${all.length - analysts.length} postings did not match the search`);
  });

  it.each([
    [{ kind: 'workday', tenant: 'acme', instance: 'wd5', site: 'missing' }, 'workday site "acme/missing" not found (HTTP 404) on page 1'],
    [{ kind: 'smartrecruiters', board: 'missing' }, 'smartrecruiters company "missing" not found, or it has no open postings (SmartRecruiters answers both alike) on page 1'],
    [{ kind: 'workable', board: 'missing' }, 'workable account "missing" not found (HTTP 404) on page 1'],
    [{ kind: 'recruitee', board: 'missing' }, 'recruitee careers site "missing" not found (HTTP 404) on page 1'],
    [{ kind: 'teamtailor', board: 'missing' }, 'teamtailor careers site "missing" not found (HTTP 404) on page 1'],
  ] as const)('an unknown board fails with its name, not as zero jobs: %o', async (target, reason) => {
    const { outcome } = await crawlInto(bed.db, spec('custom', '*', { target }));
    expect(outcome).toMatchObject({ status: 'failed', jobsSeen: 0, reason });
  });

  it('an unknown Personio company, redirected to Personio\'s own site, fails as not found', async () => {
    const { outcome } = await crawlInto(bed.db, spec('custom', '*', { target: { kind: 'personio', board: 'missing' } }));
    expect(outcome).toMatchObject({ status: 'failed', jobsSeen: 0, reason: `personio jobs page "missing" not found (redirected to ${bed.sites.baseUrls.personio}/) on page 1` });
  });
});
