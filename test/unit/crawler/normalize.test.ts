import { describe, expect, it } from 'vitest';
import { parseJobType } from '../../../shared/crawler/normalize/job-type';
import { detectRemote } from '../../../shared/crawler/normalize/remote';
import { canonicalUrl } from '../../../shared/crawler/normalize/url';
import { htmlToText, sanitizeDescription } from '../../../shared/crawler/normalize/html';
import { parseDate, parseRelativeAge } from '../../../shared/crawler/normalize/dates';

describe('parseJobType', () => {
  it.each([
    ['Full-time', 'full-time'],
    ['FULL_TIME', 'full-time'],
    ['FullTime', 'full-time'],
    ['Permanent, Full-time', 'full-time'],
    ['EMPLOYMENT_TYPE_NAME_CONTRACTOR', 'contract'],
    ['Contract', 'contract'],
    ['Freelance', 'contract'],
    ['PART_TIME', 'part-time'],
    ['Part time', 'part-time'],
    ['Intern', 'internship'],
    ['INTERN', 'internship'],
    ['Temporary', 'temporary'],
    ['Seasonal', 'temporary'],
    ['VOLUNTEER', 'volunteer'],
    ['PER_DIEM', 'temporary'],
    ['OTHER', 'other'],
    ['Permanent', 'other'],
  ])('%s -> %s', (input, expected) => {
    expect(parseJobType(input)).toBe(expected);
  });

  it('takes the first placeable type of a list', () => {
    expect(parseJobType(['OTHER', 'PART_TIME', 'FULL_TIME'])).toBe('part-time');
  });

  it('is null when nothing is stated', () => {
    expect(parseJobType(null)).toBeNull();
    expect(parseJobType([])).toBeNull();
    expect(parseJobType('  ')).toBeNull();
  });
});

describe('detectRemote', () => {
  it("prefers the source's own workplace field over text", () => {
    expect(detectRemote({ workplace: 'hybrid', texts: ['Remote (United States)'] })).toEqual({ remote: false, workplace: 'hybrid' });
    expect(detectRemote({ workplace: 'TELECOMMUTE', texts: ['London'] })).toEqual({ remote: true, workplace: 'remote' });
    expect(detectRemote({ workplace: 'OnSite' })).toEqual({ remote: false, workplace: 'onsite' });
    expect(detectRemote({ workplace: 'LOCATION_TYPE_NAME_REMOTE' })).toEqual({ remote: true, workplace: 'remote' });
    expect(detectRemote({ workplace: 'REMOTE_HYBRID' })).toEqual({ remote: false, workplace: 'hybrid' });
  });

  it("uses the source's boolean when there is no label", () => {
    expect(detectRemote({ flag: true, texts: ['Austin, TX'] })).toEqual({ remote: true, workplace: 'remote' });
    expect(detectRemote({ flag: false, texts: ['Remote'] })).toEqual({ remote: false, workplace: null });
  });

  it.each([
    ['Remote (United States)', true],
    ['United States (Remote)', true],
    ['Work from home', true],
    ['Hybrid remote in Dallas, TX', false],
    ['Dallas, TX (Hybrid role) - no remote option', false],
    ['Remotely Sensed Data Analyst, Boulder CO', false],
    ['Dallas, TX', false],
  ])('falls back to text: %s -> %s', (text, remote) => {
    expect(detectRemote({ texts: [text] }).remote).toBe(remote);
  });
});

describe('canonicalUrl', () => {
  it('drops tracking parameters, the fragment and the default port', () => {
    expect(
      canonicalUrl('https://AU.LinkedIn.com:443/jobs/view/qa-manager-4426694701?position=1&pageNum=0&refId=abc%3D&trackingId=x#top'),
    ).toBe('https://au.linkedin.com/jobs/view/qa-manager-4426694701');
    expect(canonicalUrl('https://boards.greenhouse.io/acme/jobs/123?gh_src=abc&utm_source=li&utm_medium=x')).toBe(
      'https://boards.greenhouse.io/acme/jobs/123',
    );
  });

  it('keeps meaningful parameters, sorted', () => {
    expect(canonicalUrl('https://www.indeed.com/viewjob?tk=1j2&jk=dac0cd741dbb51bc&from=vjs&advn=1')).toBe(
      'https://www.indeed.com/viewjob?jk=dac0cd741dbb51bc',
    );
    expect(canonicalUrl('https://careers.example.com/jobs?team=eng&id=42&fbclid=zz')).toBe('https://careers.example.com/jobs?id=42&team=eng');
  });

  it('keeps only the listed parameters when asked', () => {
    expect(canonicalUrl('https://x.example/c/Acme/Job/Dev?jid=abc&lk=zz&foo=1', { keep: ['jid'] })).toBe('https://x.example/c/Acme/Job/Dev?jid=abc');
  });

  it('resolves relative links and refuses non-http schemes', () => {
    expect(canonicalUrl('/jobs/7?utm_campaign=a', { base: 'https://careers.example.com/open' })).toBe('https://careers.example.com/jobs/7');
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
    expect(canonicalUrl('mailto:jobs@example.com')).toBeNull();
    expect(canonicalUrl('not a url')).toBeNull();
  });
});

describe('description sanitizing', () => {
  it('keeps structure and removes scripts, handlers and unsafe links', () => {
    const html = sanitizeDescription(
      '<div style="color:red" onclick="steal()"><h3>About</h3><p>Build <b>things</b>.<script>alert(1)</script></p><img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a><a href="https://acme.example/benefits">benefits</a><ul><li>Go</li><li>SQL</li></ul></div>',
    );
    expect(html).not.toMatch(/script|onclick|onerror|style=|javascript:|<img/i);
    expect(html).toContain('<h3>About</h3>');
    expect(html).toContain('href="https://acme.example/benefits"');
    expect(htmlToText(html)).toBe('About\n\nBuild things.\nxbenefits\n\n• Go\n• SQL');
  });

  it('decodes entity-encoded HTML (Greenhouse content)', () => {
    const html = sanitizeDescription('&lt;p&gt;Hello &amp;amp; welcome&lt;/p&gt;&lt;ul&gt;&lt;li&gt;One&lt;/li&gt;&lt;/ul&gt;');
    expect(html).toBe('<p>Hello &amp; welcome</p><ul><li>One</li></ul>');
  });

  it('turns plain text into paragraphs and drops empty descriptions', () => {
    expect(sanitizeDescription('First line\nsecond\n\nNext paragraph')).toBe('<p>First line<br />second</p><p>Next paragraph</p>');
    expect(sanitizeDescription('<p>&nbsp;</p><div> </div>')).toBeNull();
    expect(sanitizeDescription(null)).toBeNull();
  });
});

describe('dates', () => {
  it('parses ISO, date-only and epoch forms, and refuses garbage', () => {
    expect(parseDate('2025-06-10T13:07:44-07:00')?.toISOString()).toBe('2025-06-10T20:07:44.000Z');
    expect(parseDate('2026-06-12')?.toISOString()).toBe('2026-06-12T00:00:00.000Z');
    expect(parseDate(1731650400000)?.toISOString()).toBe('2024-11-15T06:00:00.000Z');
    expect(parseDate('soon')).toBeNull();
    expect(parseDate(undefined)).toBeNull();
  });

  it('reads relative ages as UTC days', () => {
    const now = new Date('2026-03-10T15:00:00Z');
    expect(parseRelativeAge('3 days ago', now)?.toISOString()).toBe('2026-03-07T00:00:00.000Z');
    expect(parseRelativeAge('30+ days ago', now)?.toISOString()).toBe('2026-02-08T00:00:00.000Z');
    expect(parseRelativeAge('Just posted', now)?.toISOString()).toBe('2026-03-10T00:00:00.000Z');
    expect(parseRelativeAge('sometime', now)).toBeNull();
  });
});
