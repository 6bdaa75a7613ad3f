/**
 * Which file goes into a form's resume slot: exactly the one the profile kept, read from the uploads
 * bucket under the applicant's own prefix. Nothing else on the machine or in the bucket can become a
 * resume, even for a profile row stored before the API checked resumeUrl, and nothing is submitted then.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdf } from '../../fixtures/documents/pdf';
import { testApplicant, testTask } from '../../fixtures/sites/forms/applicant';
import { startHttpsFiles, type HttpsFiles } from '../../fixtures/sites/https-files';
import { deadline, startApplierWorld, type ApplierWorld } from './helpers';

const HTTPS_RESUME = pdf('Jane Q Doe, from her own site');
let world: ApplierWorld;
let https: HttpsFiles;
beforeAll(async () => {
  world = await startApplierWorld();
  https = await startHttpsFiles({
    '/cv': { headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="jane-doe.pdf"' }, body: HTTPS_RESUME },
    '/photo.pdf': { headers: { 'content-type': 'application/pdf' }, body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]) },
    '/moved.pdf': { status: 302, headers: { location: `${world.sites.baseUrl}/files/jane-doe-resume.pdf` } },
  });
});
afterAll(async () => {
  await https?.close();
  await world?.close();
});

const FORM = '/silent/apply';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function task(id: number, resumeUrl: string, userId = 1) {
  return testTask(world.sites.baseUrl + FORM, { applicationId: id, userId, applicant: testApplicant({ resumeUrl }) });
}

const submissions = () => world.sites.submissions().filter((s) => s.path === FORM);

describe('the resume slot', () => {
  it('receives the kept upload, byte for byte, under its own name', async () => {
    const resume = Buffer.from('Ada Lovelace\nAnalyst of engines, London\n\nExperience: notes on the Analytical Engine (1843)\n');
    const resumeUrl = await world.keepResume(resume, 'ada-lovelace-cv.txt', 7);
    const outcome = await world.apply(task(401, resumeUrl, 7), deadline());
    expect(outcome.resumeUsed).toBe(resumeUrl);
    const sent = submissions().at(-1);
    expect(sent?.files).toEqual([{ field: 'resume', name: 'ada-lovelace-cv.txt', size: resume.length }]);
    expect(sent?.fileDigests.resume).toBe(sha256(resume));
    expect(outcome.log.steps.find((s) => s.kind === 'upload')?.message).toBe(`attached ada-lovelace-cv.txt (${resume.length} bytes)`);
  });

  it('receives an https resume, fetched through the URL guard and checked again, under the name its server gives', async () => {
    const outcome = await world.apply(task(405, `${https.baseUrl}/cv`), deadline());
    expect(outcome.resumeUsed).toBe(`${https.baseUrl}/cv`);
    const sent = submissions().at(-1);
    expect(sent?.files).toEqual([{ field: 'resume', name: 'jane-doe.pdf', size: HTTPS_RESUME.length }]);
    expect(sent?.fileDigests.resume).toBe(sha256(HTTPS_RESUME));
  });

  it.each([
    ['whose content is no longer a document', '/photo.pdf', /the file is not a PDF, DOCX, DOC, RTF, TXT document/],
    ['that redirects to plain http', '/moved.pdf', /the resume URL is refused: http:\/\/127\.0\.0\.1:\d+ is not https/],
  ])('refuses an https resume %s, and sends nothing', async (_what, path, reason) => {
    const before = submissions().length;
    const outcome = await world.apply(task(406, `${https.baseUrl}${path}`), deadline());
    expect(outcome).toMatchObject({ status: 'failed', retryable: false });
    expect(outcome.reason).toMatch(reason);
    expect(submissions()).toHaveLength(before);
  });

  it.each([
    ['a file on the machine', '/etc/passwd', /resumeUrl must be the resumeUrl POST \/resume-uploads gave, or an https URL/],
    ['a file URL', 'file:///etc/passwd', /resumeUrl must be the resumeUrl POST \/resume-uploads gave, or an https URL/],
    ['a plain http URL', 'http://127.0.0.1:1/files/jane-doe-resume.pdf', /resumeUrl must be the resumeUrl POST \/resume-uploads gave, or an https URL/],
    ['a key outside the user prefixes', 's3://uploads/../etc/passwd', /is not a resume uploaded through POST \/resume-uploads/],
  ])('refuses %s stored as the resumeUrl, and sends nothing', async (_what, resumeUrl, reason) => {
    const before = submissions().length;
    const outcome = await world.apply(task(402, resumeUrl), deadline());
    expect(outcome).toMatchObject({ status: 'failed', retryable: false, resumeUsed: null });
    expect(outcome.reason).toMatch(reason);
    expect(submissions()).toHaveLength(before);
  });

  it("refuses another user's kept resume, and sends nothing", async () => {
    const theirs = await world.keepResume(pdf('someone else'), 'theirs.pdf', 2);
    const before = submissions().length;
    const outcome = await world.apply(task(403, theirs, 1), deadline());
    expect(outcome).toMatchObject({ status: 'failed', retryable: false, resumeUsed: null });
    expect(outcome.reason).toMatch(/not one the applicant uploaded/);
    expect(submissions()).toHaveLength(before);
  });

  it('stops when the kept resume has been deleted since, rather than sending the form without it', async () => {
    const resumeUrl = await world.keepResume(pdf('gone soon'), 'gone.pdf');
    await world.files.remove(resumeUrl.replace(/^s3:\/\/[^/]+\//, ''));
    const before = submissions().length;
    const outcome = await world.apply(task(404, resumeUrl), deadline());
    expect(outcome).toMatchObject({ status: 'failed', retryable: false });
    expect(outcome.reason).toMatch(/no longer exists: upload it again/);
    expect(submissions()).toHaveLength(before);
  });
});
