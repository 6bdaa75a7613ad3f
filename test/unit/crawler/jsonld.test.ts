import { describe, expect, it } from 'vitest';
import { parseLooseJson } from '../../../shared/crawler/normalize/loose-json';
import { extractJsonLdBlocks, findJobPostings } from '../../../shared/crawler/normalize/jsonld';
import { jobPostingToDraft } from '../../../shared/crawler/normalize/job-posting';
import { buildJob } from '../../../shared/crawler/normalize/job';

describe('parseLooseJson repairs the JSON career sites serve', () => {
  it('parses valid JSON untouched', () => {
    expect(parseLooseJson('{"a":"b\\nc"}')).toEqual({ a: 'b\nc' });
  });

  it.each([
    ['CDATA wrapper', '//<![CDATA[\n{"title":"Dev"}\n//]]>', { title: 'Dev' }],
    ['bare CDATA', '<![CDATA[{"title":"Dev"}]]>', { title: 'Dev' }],
    ['HTML comment wrapper', '<!-- {"title":"Dev"} -->', { title: 'Dev' }],
    ['entity-encoded', '{&quot;title&quot;:&quot;R&amp;D Engineer&quot;}', { title: 'R&D Engineer' }],
    ['raw newline and tab in a string', '{"description":"line one\nline\ttwo"}', { description: 'line one\nline\ttwo' }],
    ['control characters', '{"title":"Dev\u0007eloper\u0000"}', { title: 'Dev eloper ' }],
    ['invalid escape', '{"title":"Rock\\\'n\\\'roll \\d"}', { title: "Rock'n'roll \\d" }],
    ['unescaped quotes inside a string', '{"title":"The "Best" Job","x":1}', { title: 'The "Best" Job', x: 1 }],
    ['trailing commas', '{"a":[1,2,],"b":{"c":1,},}', { a: [1, 2], b: { c: 1 } }],
    ['comments', '{/* generated */ "a": 1 // trailing\n}', { a: 1 }],
    ['byte order mark', '\uFEFF{"a":1}', { a: 1 }],
  ])('%s', (_name, input, expected) => {
    expect(parseLooseJson(input)).toEqual(expected);
  });

  it('returns back-to-back objects as an array', () => {
    expect(parseLooseJson('{"a":1}\n{"b":2,}')).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('gives up (undefined) on text that is not JSON at all', () => {
    expect(parseLooseJson('var x = function() {')).toBeUndefined();
    expect(parseLooseJson('')).toBeUndefined();
  });
});

const page = (scripts: string[]) =>
  `<html><head><meta property="og:site_name" content="Acme Careers">${scripts.map((s) => `<script type="application/ld+json">${s}</script>`).join('')}</head><body></body></html>`;

describe('JobPosting extraction', () => {
  it('finds postings in @graph, arrays, ItemLists and several blocks per page', () => {
    const html = page([
      JSON.stringify({ '@context': 'https://schema.org', '@graph': [{ '@type': 'Organization', name: 'Acme' }, { '@type': 'JobPosting', title: 'A' }] }),
      JSON.stringify([{ '@type': ['JobPosting'], title: 'B' }]),
      JSON.stringify({ '@type': 'ItemList', itemListElement: [{ '@type': 'ListItem', item: { '@type': 'schema:JobPosting', title: 'C' } }] }),
      '{"@type":"WebPage","mainEntity":{"@type":"JobPosting","title":"D"}}',
      '',
      'not json at all {',
    ]);
    const { blocks, unreadable } = extractJsonLdBlocks(html);
    expect(unreadable).toBe(1);
    expect(findJobPostings(blocks).map((p) => p.title)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('maps a real-world posting (remote, salary, several locations, identifier) into a job', () => {
    const node = {
      '@type': 'JobPosting',
      title: 'Senior Engineer &amp; Lead',
      description: '<p>Build</p>\\n\\n<ul><li>Go</li></ul>',
      identifier: { '@type': 'PropertyValue', name: 'Acme', value: 'REQ-12' },
      hiringOrganization: { '@type': 'Organization', name: 'Acme Inc', sameAs: 'https://acme.example' },
      jobLocation: [
        { '@type': 'Place', address: { addressLocality: 'Austin', addressRegion: 'TX', addressCountry: 'US' } },
        { '@type': 'Place', address: { addressLocality: 'Denver', addressRegion: 'CO', addressCountry: { '@type': 'Country', name: 'US' } } },
      ],
      jobLocationType: 'TELECOMMUTE',
      employmentType: ['FULL_TIME', 'CONTRACTOR'],
      baseSalary: { '@type': 'MonetaryAmount', currency: 'USD', value: { '@type': 'QuantitativeValue', minValue: 140000, maxValue: 240000, unitText: 'YEAR' } },
      datePosted: '2025-05-28T17:29:19Z',
      validThrough: '2025-08-28',
      qualifications: ['5 years of Go', 'Kubernetes'],
    };
    const draft = jobPostingToDraft(node, { source: 'custom', externalId: 'jsonld:acme.example:REQ-12', pageUrl: 'https://acme.example/jobs/12?utm_source=x' });
    const built = buildJob(draft);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.job).toMatchObject({
      title: 'Senior Engineer & Lead',
      company: 'Acme Inc',
      location: 'Austin, TX, US; Denver, CO, US',
      remote: true,
      jobType: 'full-time',
      salaryMin: 140000,
      salaryMax: 240000,
      sourceUrl: 'https://acme.example/jobs/12',
      requirements: '• 5 years of Go\n• Kubernetes',
    });
    expect(built.job.postedDate?.toISOString()).toBe('2025-05-28T17:29:19.000Z');
    expect(built.job.expiresDate?.toISOString()).toBe('2025-08-28T00:00:00.000Z');
    expect(built.job.metadata.descriptionText).toBe('Build\n\n• Go');
    expect(built.job.metadata.salary).toEqual({ min: 140000, max: 240000, interval: 'year', currency: 'USD', raw: null });
  });

  it('falls back to the site name when hiringOrganization is missing, and refuses a posting without a title', () => {
    const ok = buildJob(jobPostingToDraft({ '@type': 'JobPosting', title: 'Dev' }, { source: 'custom', externalId: 'jsonld:x:1', pageUrl: 'https://x.example/1', fallbackCompany: 'Acme Careers' }));
    expect(ok.ok && ok.job.company).toBe('Acme Careers');
    expect(ok.ok && ok.job.description).toBeNull();
    const bad = buildJob(jobPostingToDraft({ '@type': 'JobPosting' }, { source: 'custom', externalId: 'jsonld:x:2', pageUrl: 'https://x.example/2' }));
    expect(bad.ok).toBe(false);
  });
});
