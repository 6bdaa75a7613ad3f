import { describe, expect, it } from 'vitest';
import { fitToStore } from '../../../shared/crawler/normalize/fit';
import { sanitizeDescription } from '../../../shared/crawler/normalize/html';
import { utf8Bytes } from '../../../shared/data/row-size';
import { JOB_OTHER_METADATA_BYTES, JOB_TEXT_BYTES, jobSizeProblems, otherMetadataBytes } from '../../../shared/jobs/sizes';

describe('a crawled job fitted to what the store keeps', () => {
  it('leaves a job within the limits as it is', () => {
    const job = { description: '<p>Hi</p>', requirements: 'Go', metadata: { descriptionText: 'Hi', ats: 'lever' } };
    expect(fitToStore(job)).toEqual(job);
  });

  it('shortens a long description between tags, keeps it well-formed, and says so', () => {
    const html = `<ul>${'<li>Ship <strong>robots</strong> to Mars</li>'.repeat(6_500)}</ul>`;
    const fitted = fitToStore({ description: html, requirements: null, metadata: { descriptionText: 'long' } });
    expect(utf8Bytes(fitted.description!)).toBeLessThanOrEqual(JOB_TEXT_BYTES.description);
    expect(sanitizeDescription(fitted.description)).toBe(fitted.description);
    expect(fitted.description!.endsWith('</ul>')).toBe(true);
    expect(fitted.metadata.descriptionText).toMatch(/^• Ship robots to Mars/);
    expect(fitted.metadata).toMatchObject({ descriptionTruncated: true });
    expect(jobSizeProblems(fitted)).toEqual([]);
  });

  it('shortens long requirements and plain text at a character, with an ellipsis', () => {
    const fitted = fitToStore({ description: null, requirements: '€'.repeat(30_000), metadata: { descriptionText: '😀'.repeat(40_000) } });
    expect(fitted.requirements!.endsWith('€…')).toBe(true);
    expect(utf8Bytes(fitted.requirements!)).toBeLessThanOrEqual(JOB_TEXT_BYTES.requirements);
    expect(utf8Bytes(fitted.metadata.descriptionText as string)).toBeLessThanOrEqual(JOB_TEXT_BYTES.descriptionText);
    expect(fitted.metadata).toMatchObject({ descriptionTruncated: true, requirementsTruncated: true });
  });

  it("drops a source's largest extras first, names them, and keeps what the platform reads", () => {
    const metadata = {
      applyUrl: 'https://example.com/apply',
      salary: { min: 1, max: 2, interval: 'year', currency: 'EUR', raw: '1-2' },
      offices: Array.from({ length: 1000 }, (_, i) => `Office ${i}`),
      locations: Array.from({ length: 300 }, (_, i) => `City ${i}`),
      department: 'Robotics',
    };
    const fitted = fitToStore({ description: null, requirements: null, metadata });
    expect(fitted.metadata).toEqual({ applyUrl: metadata.applyUrl, salary: metadata.salary, locations: metadata.locations, department: 'Robotics', omitted: ['offices'] });
    expect(otherMetadataBytes(fitted.metadata)).toBeLessThanOrEqual(JOB_OTHER_METADATA_BYTES);
  });
});
