/**
 * A PDF as every producer of resumes writes one (Word's "Save as PDF", Google Docs, LibreOffice,
 * pdfTeX/XeTeX, browsers' "Print to PDF"): `%PDF-1.x` (or 2.0) as its first bytes, and at its end
 * `startxref`, the offset of its cross-reference section, and `%%EOF`.
 *
 * Readers are more lenient (Acrobat and pdf.js look for the header anywhere in the first 1,024 bytes
 * and repair a wrong offset), and that leniency is what lets an HTML page or a script carry a PDF
 * inside it and still open as one. A file employers receive in a user's name is held to what real
 * files have: nothing before the header, nothing but line breaks or padding after `%%EOF`, and an
 * offset that lands on a cross-reference table (`xref`) or stream (`N G obj`).
 */
import type { FormatVerdict } from './verdict';

const HEADER = /^%PDF-(?:1\.[0-7]|2\.0)/;
/** The end of a PDF: the last line `%%EOF`, preceded by startxref and its offset; then only whitespace or NUL padding. */
const TAIL = /startxref[\r\n\t\f ]+(\d{1,10})[\r\n\t\f ]+%%EOF[\r\n\t\f \0]*$/;
const CROSS_REFERENCE = /^[\r\n\t\f \0]*(?:xref|\d+[\r\n\t\f ]+\d+[\r\n\t\f ]+obj)\b/;

const latin1 = (bytes: Uint8Array, start: number, end = bytes.byteLength) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', start, end);

export function checkPdf(bytes: Uint8Array): FormatVerdict {
  if (!HEADER.test(latin1(bytes, 0, 16))) {
    // Not a PDF at all, unless the header comes later: then it is one wrapped in something else.
    if (latin1(bytes, 0, 1024).includes('%PDF-')) return { problem: 'the file has other content before its PDF header (%PDF-): save or export the PDF again' };
    return undefined;
  }
  const tail = TAIL.exec(latin1(bytes, Math.max(0, bytes.byteLength - 1024)));
  if (!tail) return { problem: 'the file starts as a PDF but does not end as one (startxref and %%EOF): it may be cut short; save or export it again' };
  const offset = Number(tail[1]);
  if (offset >= bytes.byteLength || !CROSS_REFERENCE.test(latin1(bytes, offset, offset + 64))) {
    return { problem: "the PDF's cross-reference offset (startxref) points to no cross-reference: it is damaged; save or export it again" };
  }
  return { type: 'pdf' };
}
