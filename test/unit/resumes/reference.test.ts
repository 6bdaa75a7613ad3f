import { describe, expect, it } from 'vitest';
import { keptFileName, parseResumeUrl, storedKey, userPrefixes } from '../../../shared/resumes/reference';

const ID = '3f2b8c1e-9d4a-4b6f-8e21-7c5d0a9b1f42';

describe('resumeUrl', () => {
  it('names an upload or a kept resume under a user id, in a bucket', () => {
    expect(parseResumeUrl(`s3://uploads/uploads/42/${ID}/cv.pdf`)).toEqual({ kind: 'stored', area: 'uploads', bucket: 'uploads', userId: 42, uploadId: ID, fileName: 'cv.pdf', key: `uploads/42/${ID}/cv.pdf` });
    expect(parseResumeUrl(`s3://jobplatform-prod-uploads-1a2b/resumes/7/${ID}/Ada_CV.docx`)).toMatchObject({ area: 'resumes', userId: 7, fileName: 'Ada_CV.docx' });
    expect(parseResumeUrl('https://cv.example.com/ada.pdf')).toMatchObject({ kind: 'https' });
  });

  it.each([
    '/etc/passwd',
    'file:///etc/passwd',
    '../../etc/passwd',
    'http://cv.example.com/ada.pdf',
    'ftp://cv.example.com/ada.pdf',
    `s3://uploads/uploads/42/${ID}/../../43/${ID}/cv.pdf`,
    `s3://uploads/uploads/42/${ID}/sub/cv.pdf`,
    `s3://uploads/uploads/042/${ID}/cv.pdf`,
    `s3://uploads/other/42/${ID}/cv.pdf`,
    `s3://uploads/uploads/42/not-a-uuid/cv.pdf`,
    `s3://uploads/uploads/42/${ID}/.hidden.pdf`,
    `s3://Uploads/uploads/42/${ID}/cv.pdf`,
  ])('refuses %s', (value) => {
    expect(parseResumeUrl(value)).toHaveProperty('problem');
  });

  it('keeps an upload name safe for a key and an employer, with its extension', () => {
    expect(keptFileName('Ada Lovelace (CV).pdf')).toBe('Ada_Lovelace_CV_.pdf');
    expect(keptFileName('../../etc/passwd.txt')).toBe('etc_passwd.txt');
    expect(keptFileName('.pdf')).toBe('resume.pdf');
    expect(keptFileName('résumé.DOCX')).toBe('r_sum_.docx');
    expect(keptFileName('cv.exe')).toBeUndefined();
    expect(keptFileName('cv')).toBeUndefined();
    const kept = keptFileName(`${'x'.repeat(300)}.pdf`)!;
    expect(parseResumeUrl(`s3://uploads/${storedKey('uploads', 1, ID, kept)}`)).toMatchObject({ fileName: kept });
  });

  it("puts every file of a user's under the user's two prefixes", () => {
    expect(userPrefixes(42)).toEqual(['uploads/42/', 'resumes/42/']);
    for (const prefix of userPrefixes(4)) expect(storedKey('resumes', 42, ID, 'cv.pdf').startsWith(prefix)).toBe(false);
  });
});
