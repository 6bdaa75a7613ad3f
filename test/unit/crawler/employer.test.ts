/**
 * Where Lever and Ashby boards name their company (their APIs never do): the readers of each
 * board's page over the fixture replicas and the traps of the live pages, and the one read per crawl
 * that falls back to the board's name, saying why, whatever the page does.
 */
import { describe, expect, it } from 'vitest';
import { readEmployer } from '../../../shared/crawler/employer';
import { CrawlBlockedError } from '../../../shared/crawler/errors';
import type { PoliteFetcher } from '../../../shared/crawler/http/fetcher';
import type { LoadedPage, PageLoader } from '../../../shared/crawler/load';
import type { CrawlSpec } from '../../../shared/crawler/port';
import { ashby, ashbyBoardEmployer, ashbyJobToDraft } from '../../../shared/crawler/sources/ashby';
import { lever, leverPostingToDraft, leverSiteEmployer } from '../../../shared/crawler/sources/lever';
import { ashbyBoard, boardJobs, leverPostings } from '../../fixtures/sites/boards/ats';
import { ashbyBoardPage, leverSitePage, NAMELESS_BOARD } from '../../fixtures/sites/boards/ats-pages';

const ORIGIN = 'https://fixture.example';
const FORMS = 'https://forms.fixture.example';

const leverPage = (site: string) => leverSitePage(site, leverPostings(site, boardJobs(site, 1), FORMS) as Parameters<typeof leverSitePage>[1], ORIGIN);
const ashbyPage = (board: string) => ashbyBoardPage(board, (ashbyBoard(board, boardJobs(board, 1), FORMS) as { jobs: Parameters<typeof ashbyBoardPage>[1] }).jobs);

describe("a Lever site's page", () => {
  it('names the company by its header logo, entities decoded; not the site name', () => {
    expect(leverSiteEmployer(leverPage('acme'))).toBe('Acme Robotics');
    expect(leverSiteEmployer(leverPage('initech'))).toBe('Initech & Sons');
  });

  it("reads past the inlined stylesheet that names the footer's classes first, and the footer's home-page link when there is no logo", () => {
    const page = leverPage('initech');
    expect(page.indexOf('main-footer-text')).toBeLessThan(page.indexOf('<div class="main-footer'));
    const noLogo = page.replace(/<img alt="Initech &amp; Sons logo"[^>]*>/, '');
    expect(noLogo).not.toContain('Sons logo');
    expect(leverSiteEmployer(noLogo)).toBe('Initech & Sons');
  });

  it("names nobody with neither logo nor home page: Lever's own logo and links are not the company", () => {
    const page = leverPage(NAMELESS_BOARD);
    expect(page).toContain('alt="Lever logo"');
    expect(leverSiteEmployer(page)).toBeNull();
    expect(leverSiteEmployer('<a class="main-header-logo"><img alt="Lever logo" src="/img/lever-logo-refresh.svg"></a>')).toBeNull();
    expect(leverSiteEmployer('<div class="main-footer-text"><p><a href="https://www.lever.co/">Lever Home Page</a></p></div>')).toBeNull();
  });

  it('postings take the name the page gave, and say where it came from; without one, the site name, saying so', () => {
    const [posting] = leverPostings('acme', boardJobs('acme', 1), FORMS) as Array<Record<string, unknown>>;
    expect(leverPostingToDraft(posting!, 'acme', 'Acme Robotics')).toMatchObject({ company: 'Acme Robotics', metadata: { companyFrom: 'board page' } });
    expect(leverPostingToDraft(posting!, 'acme')).toMatchObject({ company: 'acme', metadata: { companyFrom: 'board slug' } });
  });
});

describe("an Ashby board's page", () => {
  it("names the organization in window.__appData, whatever braces and quotes its strings hold", () => {
    const page = ashbyPage('initech');
    expect(page).not.toMatch(/<a\b/);
    expect(page).toContain('{ship, learn}');
    expect(ashbyBoardEmployer(page)).toBe('Initech & Sons');
    expect(ashbyBoardEmployer(ashbyPage('acme'))).toBe('Acme Robotics');
  });

  it('names nobody when the organization is null (a name no board uses, or a hosted page switched off) or the blob is missing', () => {
    expect(ashbyPage(NAMELESS_BOARD)).toContain('"organization":null');
    expect(ashbyBoardEmployer(ashbyPage(NAMELESS_BOARD))).toBeNull();
    expect(ashbyBoardEmployer('<html><title>Jobs</title><div id="root"></div></html>')).toBeNull();
    expect(ashbyBoardEmployer('<script>window.__appData = {"organization":{"name":"  "}};</script>')).toBeNull();
  });

  it('jobs take the name the page gave, and say where it came from; without one, the board name, saying so', () => {
    const [job] = (ashbyBoard('acme', boardJobs('acme', 1), FORMS) as { jobs: Array<Record<string, unknown>> }).jobs;
    expect(ashbyJobToDraft(job!, 'acme', 'Acme Robotics')).toMatchObject({ company: 'Acme Robotics', metadata: { companyFrom: 'board page' } });
    expect(ashbyJobToDraft(job!, 'acme')).toMatchObject({ company: 'acme', metadata: { companyFrom: 'board slug' } });
  });
});

describe('reading the name once per crawl', () => {
  const spec = (target: CrawlSpec['target']): CrawlSpec => ({ crawlId: 1, source: 'custom', searchQuery: '*', location: null, target });
  const fetcher = (allowed = true) => ({ robotsFor: async () => ({ allowed: () => allowed }) }) as unknown as PoliteFetcher;
  const loader = (answer: (url: string) => LoadedPage) => {
    const asked: string[] = [];
    const http: PageLoader = { via: 'http', load: async (url) => (asked.push(url), answer(url)) };
    return { http, asked };
  };
  const page = (url: string, body: string, status = 200): LoadedPage => ({ url, status, body, via: 'http' });

  it("reads the board's page on its own host, not the API's", async () => {
    const { http, asked } = loader((url) => page(url, '<a class="main-header-logo"><img alt="  Lightcast \n logo"></a>'));
    expect(await readEmployer(lever.employerPage!, spec({ kind: 'lever', site: 'economicmodeling' }), fetcher(), http)).toEqual({ name: 'Lightcast' });
    expect(asked).toEqual(['https://jobs.lever.co/economicmodeling']);
    const ashbyRead = loader((url) => page(url, '<script>window.__appData = {"organization":{"name":"Ramp"}};</script>'));
    expect(await readEmployer(ashby.employerPage!, spec({ kind: 'ashby', board: 'ramp' }), fetcher(), ashbyRead.http)).toEqual({ name: 'Ramp' });
    expect(ashbyRead.asked).toEqual(['https://jobs.ashbyhq.com/ramp']);
  });

  it("falls back to the board's name, saying why, when the page is blocked, gone, disallowed, silent or names something no company is called", async () => {
    const target = spec({ kind: 'lever', site: 'acme' });
    const blocked = loader((url) => {
      throw new CrawlBlockedError('captcha', `answered with a captcha page (${url})`, url);
    });
    expect(await readEmployer(lever.employerPage!, target, fetcher(), blocked.http)).toEqual({
      name: null,
      note: "the board's page could not be read (answered with a captcha page (https://jobs.lever.co/acme)): its jobs show the board's name instead",
    });
    const gone = loader((url) => page(url, 'Not found', 404));
    expect(await readEmployer(lever.employerPage!, target, fetcher(), gone.http)).toEqual({ name: null, note: "the board's page https://jobs.lever.co/acme answered HTTP 404: its jobs show the board's name instead" });
    const unasked = loader((url) => page(url, ''));
    expect(await readEmployer(lever.employerPage!, target, fetcher(false), unasked.http)).toEqual({ name: null, note: "robots.txt disallows the board's page https://jobs.lever.co/acme: its jobs show the board's name instead" });
    expect(unasked.asked).toEqual([]);
    const silent = loader((url) => page(url, '<html><body></body></html>'));
    expect(await readEmployer(lever.employerPage!, target, fetcher(), silent.http)).toEqual({ name: null, note: "the board's page https://jobs.lever.co/acme names no employer: its jobs show the board's name instead" });
    const long = loader((url) => page(url, `<a class="main-header-logo"><img alt="${'x'.repeat(301)}"></a>`));
    expect((await readEmployer(lever.employerPage!, target, fetcher(), long.http)).name).toBeNull();
  });
});
