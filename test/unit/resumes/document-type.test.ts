import { describe, expect, it } from 'vitest';
import { detectResumeType, MAX_RESUME_BYTES, resumeFileProblem } from '../../../shared/resumes/document-type';
import { docx, zip } from '../../fixtures/documents/zip';

const DOCX = docx('Ada Lovelace');
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** The start of an OLE2 compound file whose directory names a stream (a Word file's is WordDocument). */
const compoundFile = (stream: string) => Buffer.concat([Buffer.from(OLE), Buffer.alloc(504), Buffer.from(stream, 'utf16le'), Buffer.alloc(64)]);

describe('a resume told by its content', () => {
  it('knows PDF, DOCX, DOC, RTF and TXT', () => {
    expect(detectResumeType(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).toBe('pdf');
    expect(detectResumeType(DOCX)).toBe('docx');
    expect(detectResumeType(compoundFile('WordDocument'))).toBe('doc');
    expect(detectResumeType(Buffer.from('{\\rtf1\\ansi Ada}'))).toBe('rtf');
    expect(detectResumeType(Buffer.from('Ada Lovelace\r\nLondon\tUK\n'))).toBe('txt');
    expect(detectResumeType(Buffer.from('Zoë Ångström — résumé\n'))).toBe('txt');
  });

  it('takes a PDF header anywhere in the first 1,024 bytes, as readers do, and not later', () => {
    expect(detectResumeType(Buffer.concat([Buffer.alloc(100, 0x20), Buffer.from('%PDF-1.4')]))).toBe('pdf');
    expect(detectResumeType(Buffer.concat([Buffer.alloc(2000, 0), Buffer.from('%PDF-1.4')]))).toBeUndefined();
  });

  it('refuses lookalikes: a ZIP that is not a Word document, another Office compound file, binaries, broken text', () => {
    expect(detectResumeType(zip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' }))).toBeUndefined();
    expect(detectResumeType(zip({ 'word/document.xml': '<w:document/>' }))).toBeUndefined();
    expect(detectResumeType(compoundFile('Workbook'))).toBeUndefined();
    expect(detectResumeType(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]))).toBeUndefined();
    expect(detectResumeType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBeUndefined();
    expect(detectResumeType(Buffer.from([0x41, 0xff, 0xfe, 0x42]))).toBeUndefined();
    expect(detectResumeType(Buffer.from('text with a NUL\0 in it'))).toBeUndefined();
    expect(detectResumeType(Buffer.from(' \n\t '))).toBeUndefined();
    expect(detectResumeType(Buffer.from('PK\x03\x04 not really a zip'))).toBeUndefined();
  });
});

describe('why a file cannot be sent as a resume', () => {
  it('names emptiness, size, type, and a name that says another type', () => {
    expect(resumeFileProblem(Buffer.alloc(0), 'cv.pdf')).toBe('the file is empty');
    expect(resumeFileProblem(Buffer.alloc(MAX_RESUME_BYTES + 1, 0x41), 'cv.txt')).toBe('the file is 10.0 MB; the limit is 10 MB');
    expect(resumeFileProblem(Buffer.from([0x7f, 0x45, 0x4c, 0x46]), 'cv.pdf')).toBe('the file is not a PDF, DOCX, DOC, RTF, TXT document');
    expect(resumeFileProblem(DOCX, 'cv.pdf')).toBe('the file is a DOCX document but its name ends in .pdf');
    expect(resumeFileProblem(Buffer.from('%PDF-1.4'), 'cv.PDF')).toBeNull();
    // A URL's last segment often has no extension: the content decides.
    expect(resumeFileProblem(Buffer.from('%PDF-1.4'), 'download')).toBeNull();
  });
});
