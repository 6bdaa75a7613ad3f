/**
 * Resumes over HTTP, as a user uploads one: an upload URL from the API, a plain PUT of the file to the
 * local S3 endpoint, and a profile save that checks whose upload it is, that it is there, and its type
 * by content and size, before keeping it. Anything else as a resumeUrl is a 400 naming the field.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docx } from '../../fixtures/documents/zip';
import { startHttpsFiles, type HttpsFiles } from '../../fixtures/sites/https-files';
import { startTestRuntime, type TestRuntime } from '../../support/runtime';
import { Api, expectProblem, newUser, pdfResume, uploadResume, type Reply, type User } from './client';

let runtime: TestRuntime;
let api: Api;
let user: User;
let stranger: User;
/** A user's own site, serving the resume over https. */
let https: HttpsFiles;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = new Api(runtime.baseUrl);
  [user, stranger] = await Promise.all([newUser(api, 'resume'), newUser(api, 'stranger')]);
  https = await startHttpsFiles({
    '/ada.pdf': { headers: { 'content-type': 'application/pdf' }, body: pdfResume('https') },
    '/binary.pdf': { headers: { 'content-type': 'application/pdf' }, body: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]) },
    '/to-http.pdf': { status: 301, headers: { location: 'http://127.0.0.1:1/ada.pdf' } },
  });
});
afterAll(async () => {
  await https?.close();
  await runtime?.stop();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** The key an s3:// resumeUrl names in the uploads bucket. */
const keyOf = (resumeUrl: string) => resumeUrl.replace(/^s3:\/\/[^/]+\//, '');
const fileOf = (resumeUrl: string) => join(runtime.uploadsDir, keyOf(resumeUrl));
/** Every file the bucket keeps for a user, kept or merely uploaded. */
const filesOf = (userId: number) =>
  ['uploads', 'resumes'].flatMap((area) => {
    const dir = join(runtime.uploadsDir, area, String(userId));
    return existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)) : [];
  });

/** The one field error of a 400. */
function expectFieldError(reply: Reply, pointer: string, detail: RegExp) {
  expectProblem(reply, 400, 'validation-failed');
  expect(reply.body.errors, reply.text).toEqual([expect.objectContaining({ in: 'body', pointer, detail: expect.stringMatching(detail) })]);
}

describe('uploading a resume', () => {
  it('round trip: an upload URL, a plain PUT, a profile save that keeps exactly those bytes under the user', async () => {
    const resume = pdfResume('round trip');
    const slot = await api.post('/resume-uploads', { fileName: 'Ada Lovelace (CV).pdf', size: resume.length }, user.token);
    expect(slot.status, slot.text).toBe(200);
    expect(slot.body).toMatchObject({
      resumeUrl: expect.stringMatching(new RegExp(`^s3://uploads/uploads/${user.id}/[0-9a-f-]{36}/Ada_Lovelace_CV_\\.pdf$`)),
      method: 'PUT',
      headers: { 'content-length': String(resume.length) },
    });
    expect(Date.parse(slot.body.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    const put = await fetch(slot.body.uploadUrl, { method: 'PUT', body: new Uint8Array(resume) });
    expect(put.status, await put.text()).toBe(200);

    const created = await api.post('/profiles', { resumeUrl: slot.body.resumeUrl }, user.token);
    expect(created.status, created.text).toBe(201);
    const kept = created.body.resumeUrl as string;
    expect(kept).toBe(slot.body.resumeUrl.replace('s3://uploads/uploads/', 's3://uploads/resumes/'));
    expect(sha256(await readFile(fileOf(kept)))).toBe(sha256(resume));
    // The upload itself is gone once a profile keeps it; the kept copy is all there is.
    expect(existsSync(fileOf(slot.body.resumeUrl))).toBe(false);
    expect((await api.get(`/profiles/${created.body.id}`, user.token)).body.resumeUrl).toBe(kept);

    // The same resumeUrl again (another profile, a PUT that sends back what GET gave) is the same file.
    const again = await api.post('/profiles', { resumeUrl: slot.body.resumeUrl }, user.token);
    expect(again.body.resumeUrl).toBe(kept);
    const replaced = await api.put(`/profiles/${created.body.id}`, { resumeUrl: kept, location: 'London' }, user.token);
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.body.resumeUrl).toBe(kept);
  });

  it('takes DOCX, RTF and TXT by their content too', async () => {
    const samples: [string, Buffer][] = [
      ['cv.docx', docx('Ada Lovelace')],
      ['cv.rtf', Buffer.from('{\\rtf1\\ansi Ada Lovelace\\par}')],
      ['cv.txt', Buffer.from('Ada Lovelace\nLondon\n')],
    ];
    for (const [name, bytes] of samples) {
      const reply = await api.post('/profiles', { resumeUrl: await uploadResume(api, user.token, bytes, name) }, user.token);
      expect(reply.status, `${name}: ${reply.text}`).toBe(201);
    }
  });

  it('refuses a file name without an accepted extension, an empty file and one over 10 MB before handing out a URL', async () => {
    expectFieldError(await api.post('/resume-uploads', { fileName: 'cv.exe', size: 10 }, user.token), '#/fileName', /\.pdf, \.docx, \.doc, \.rtf, \.txt/);
    expectFieldError(await api.post('/resume-uploads', { fileName: 'cv.pdf', size: 10 * 1024 * 1024 + 1 }, user.token), '#/size', /the limit is 10 MB/);
    expectFieldError(await api.post('/resume-uploads', { fileName: 'cv.pdf', size: 0 }, user.token), '#/size', /empty/);
  });

  it('the upload URL takes only the size it was asked for, only at its own key, and only signed', async () => {
    const resume = pdfResume('signed');
    const slot = (await api.post('/resume-uploads', { fileName: 'cv.pdf', size: resume.length }, user.token)).body;
    const larger = await fetch(slot.uploadUrl, { method: 'PUT', body: new Uint8Array(Buffer.concat([resume, Buffer.alloc(11 * 1024 * 1024)])) });
    expect(larger.status).toBe(403);
    expect(await larger.text()).toMatch(/<Code>SignatureDoesNotMatch<\/Code>/);
    const elsewhere = await fetch(slot.uploadUrl.replace(`/uploads/${user.id}/`, `/uploads/${stranger.id}/`), { method: 'PUT', body: new Uint8Array(resume) });
    expect(elsewhere.status).toBe(403);
    const unsigned = await fetch(slot.uploadUrl.split('?')[0]!, { method: 'PUT', body: new Uint8Array(resume) });
    expect(unsigned.status).toBe(403);
    expect(filesOf(stranger.id)).toEqual([]);
    expect(existsSync(fileOf(slot.resumeUrl))).toBe(false);
  });
});

describe('a resumeUrl that is not an upload of the user', () => {
  it.each([
    ['/etc/passwd', /must be the resumeUrl POST \/resume-uploads gave, or an https URL/],
    ['file:///etc/passwd', /must be the resumeUrl POST \/resume-uploads gave, or an https URL/],
    ['/tmp/ada-resume.pdf', /must be the resumeUrl POST \/resume-uploads gave, or an https URL/],
    ['http://127.0.0.1:1/cv.pdf', /must be the resumeUrl POST \/resume-uploads gave, or an https URL/],
    ['s3://uploads/resumes/1/../../../etc/passwd', /is not a resume uploaded through POST \/resume-uploads/],
  ])('is refused with a 400 on resumeUrl: %s', async (resumeUrl, detail) => {
    const before = (await api.get('/profiles?limit=100', user.token)).body.items.length;
    expectFieldError(await api.post('/profiles', { resumeUrl }, user.token), '#/resumeUrl', detail);
    expect((await api.get('/profiles?limit=100', user.token)).body.items).toHaveLength(before);
  });

  it('refuses a path into the upload folder itself: only the resumeUrl the API gave names an upload', async () => {
    const kept = (await api.post('/profiles', { resumeUrl: await uploadResume(api, user.token) }, user.token)).body.resumeUrl;
    expectFieldError(await api.post('/profiles', { resumeUrl: fileOf(kept) }, user.token), '#/resumeUrl', /must be the resumeUrl POST \/resume-uploads gave/);
    expectFieldError(await api.post('/profiles', { resumeUrl: `file://${fileOf(kept)}` }, user.token), '#/resumeUrl', /must be the resumeUrl POST \/resume-uploads gave/);
  });

  it("refuses another user's upload and another user's kept resume, on create, PUT and PATCH", async () => {
    const theirUpload = await uploadResume(api, stranger.token);
    const theirKept = (await api.post('/profiles', { resumeUrl: await uploadResume(api, stranger.token) }, stranger.token)).body.resumeUrl;
    const mine = (await api.post('/profiles', {}, user.token)).body.id;
    for (const resumeUrl of [theirUpload, theirKept]) {
      expectFieldError(await api.post('/profiles', { resumeUrl }, user.token), '#/resumeUrl', /^is not one of your uploads$/);
      expectFieldError(await api.put(`/profiles/${mine}`, { resumeUrl }, user.token), '#/resumeUrl', /^is not one of your uploads$/);
      expectFieldError(await api.patch(`/profiles/${mine}`, { resumeUrl }, user.token), '#/resumeUrl', /^is not one of your uploads$/);
    }
    // Their upload is still theirs to keep.
    expect((await api.post('/profiles', { resumeUrl: theirUpload }, stranger.token)).status).toBe(201);
  });

  it('refuses an upload URL saved before the file was PUT', async () => {
    const slot = (await api.post('/resume-uploads', { fileName: 'cv.pdf', size: 100 }, user.token)).body;
    expectFieldError(await api.post('/profiles', { resumeUrl: slot.resumeUrl }, user.token), '#/resumeUrl', /has no file yet: PUT the file to the uploadUrl/);
  });

  it('refuses a file whose content is not a document of an accepted type, or not the type its name says', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(200, 0)]);
    expectFieldError(await api.post('/profiles', { resumeUrl: await uploadResume(api, user.token, elf, 'resume.pdf') }, user.token), '#/resumeUrl', /^the file is not a PDF, DOCX, DOC, RTF, TXT document$/);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
    expectFieldError(await api.post('/profiles', { resumeUrl: await uploadResume(api, user.token, png, 'resume.txt') }, user.token), '#/resumeUrl', /not a PDF, DOCX/);
    expectFieldError(await api.post('/profiles', { resumeUrl: await uploadResume(api, user.token, pdfResume(), 'resume.docx') }, user.token), '#/resumeUrl', /^the file is a PDF document but its name ends in \.docx$/);
    // A web page carrying a PDF inside it opens in a lenient reader, but it is not a resume.
    const page = Buffer.concat([Buffer.from('<html><body><script>alert(document.domain)</script><!--'), pdfResume(), Buffer.from('--></body></html>')]);
    expectFieldError(await api.post('/profiles', { resumeUrl: await uploadResume(api, user.token, page, 'resume.pdf') }, user.token), '#/resumeUrl', /^the file has other content before its PDF header/);
    expectFieldError(await api.post('/profiles', { resumeUrl: await uploadResume(api, user.token, Buffer.from('<!DOCTYPE html><p>Ada</p>'), 'resume.txt') }, user.token), '#/resumeUrl', /markup document/);
  });

  it('refuses an https resume that cannot be fetched, is not a document, or redirects to plain http, naming why', async () => {
    expectFieldError(await api.post('/profiles', { resumeUrl: 'https://cv.invalid/ada.pdf' }, user.token), '#/resumeUrl', /the resume URL is refused: https:\/\/cv\.invalid: the host name does not resolve/);
    expectFieldError(await api.post('/profiles', { resumeUrl: `${https.baseUrl}/missing.pdf` }, user.token), '#/resumeUrl', /^the resume could not be fetched \(HTTP 404\)$/);
    expectFieldError(await api.post('/profiles', { resumeUrl: `${https.baseUrl}/binary.pdf` }, user.token), '#/resumeUrl', /^the file is not a PDF, DOCX, DOC, RTF, TXT document$/);
    expectFieldError(await api.post('/profiles', { resumeUrl: `${https.baseUrl}/to-http.pdf` }, user.token), '#/resumeUrl', /is not https$/);
  });
});

describe('an https resumeUrl', () => {
  it('is fetched through the URL guard and checked when the profile is saved, and stored as given', async () => {
    const created = await api.post('/profiles', { resumeUrl: `${https.baseUrl}/ada.pdf` }, user.token);
    expect(created.status, created.text).toBe(201);
    expect(created.body.resumeUrl).toBe(`${https.baseUrl}/ada.pdf`);
  });
});

describe('cover letter placeholders', () => {
  it('refuses an unknown {{placeholder}} when the profile is saved, naming the field and the placeholder', async () => {
    const template = 'Dear {{hiringManager}},\nI would like the {{title}} role at {{ company }}. {{favouriteColour}}';
    const created = await api.post('/profiles', { coverLetterTemplate: template }, user.token);
    expectFieldError(created, '#/coverLetterTemplate', /^has unknown placeholders \{\{hiringManager\}\}, \{\{favouriteColour\}\} \(known: company, title, /);
    const id = (await api.post('/profiles', { coverLetterTemplate: 'Dear {{company}} team, {{name}}' }, user.token)).body.id;
    expectFieldError(await api.patch(`/profiles/${id}`, { coverLetterTemplate: 'Hi {{recruiter}}' }, user.token), '#/coverLetterTemplate', /\{\{recruiter\}\}/);
    expectFieldError(await api.put(`/profiles/${id}`, { coverLetterTemplate: 'Hi {{recruiter}}' }, user.token), '#/coverLetterTemplate', /\{\{recruiter\}\}/);
    expect((await api.get(`/profiles/${id}`, user.token)).body.coverLetterTemplate).toBe('Dear {{company}} team, {{name}}');
  });
});

describe('saves at once', () => {
  const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('a save that writes nothing (a PUT of a missing profile) never deletes the file a save beside it kept', async () => {
    for (let round = 0; round < 5; round++) {
      const upload = await uploadResume(api, user.token);
      const [created, missing] = await Promise.all([
        api.post('/profiles', { resumeUrl: upload }, user.token),
        api.put('/profiles/999999999', { resumeUrl: upload }, user.token),
      ]);
      expect(created.status, created.text).toBe(201);
      expect(missing.status, missing.text).toBe(404);
      expect(existsSync(fileOf(created.body.resumeUrl)), `round ${round}`).toBe(true);
    }
  });

  it('a double submit keeps one file that both profiles name', async () => {
    const upload = await uploadResume(api, user.token);
    const replies = await Promise.all([1, 2, 3].map(() => api.post('/profiles', { resumeUrl: upload }, user.token)));
    for (const reply of replies) expect(reply.status, reply.text).toBe(201);
    const kept = new Set(replies.map((r) => r.body.resumeUrl as string));
    expect(kept.size).toBe(1);
    expect(existsSync(fileOf([...kept][0]!))).toBe(true);
  });

  it('a profile letting its resume go while another takes it: the file stays whenever a profile names it', async () => {
    for (const lag of [0, 5, 15, 30, 60]) {
      const first = (await api.post('/profiles', { resumeUrl: await uploadResume(api, user.token) }, user.token)).body;
      const [dropped, taken] = await Promise.all([
        api.patch(`/profiles/${first.id}`, { resumeUrl: null }, user.token),
        delay(lag).then(() => api.post('/profiles', { resumeUrl: first.resumeUrl }, user.token)),
      ]);
      expect(dropped.status, dropped.text).toBe(200);
      if (taken.status === 201) expect(existsSync(fileOf(first.resumeUrl)), `lag ${lag} ms`).toBe(true);
      // Or the release came first, and the save says so rather than naming a file that is gone.
      else expectFieldError(taken, '#/resumeUrl', /^no longer exists: upload the file again$/);
    }
  });
});

describe('where uploads go when they are no longer needed', () => {
  it("a replaced resume, and a deleted profile's, are deleted unless another profile of the user names them", async () => {
    const first = (await api.post('/profiles', { resumeUrl: await uploadResume(api, user.token) }, user.token)).body;
    const sharedWith = (await api.post('/profiles', { resumeUrl: first.resumeUrl }, user.token)).body;
    const changed = await api.patch(`/profiles/${first.id}`, { resumeUrl: await uploadResume(api, user.token) }, user.token);
    expect(changed.status, changed.text).toBe(200);
    expect(existsSync(fileOf(first.resumeUrl))).toBe(true); // the other profile still names it
    expect((await api.delete(`/profiles/${sharedWith.id}`, user.token)).status).toBe(204);
    expect(existsSync(fileOf(first.resumeUrl))).toBe(false);
    const removed = await api.patch(`/profiles/${first.id}`, { resumeUrl: null }, user.token);
    expect(removed.body.resumeUrl).toBeNull();
    expect(existsSync(fileOf(changed.body.resumeUrl))).toBe(false);
  });

  it("deleting the account deletes every file of the user's, kept or merely uploaded, and no one else's", async () => {
    const leaving = await newUser(api, 'leaving');
    await api.post('/profiles', { resumeUrl: await uploadResume(api, leaving.token) }, leaving.token);
    await uploadResume(api, leaving.token); // never saved in a profile
    expect(filesOf(leaving.id)).toHaveLength(2);
    const othersBefore = filesOf(stranger.id).length;
    expect((await api.delete('/accounts/me', leaving.token, { password: leaving.password })).status).toBe(204);
    expect(filesOf(leaving.id)).toEqual([]);
    expect(filesOf(stranger.id)).toHaveLength(othersBefore);
  });
});
