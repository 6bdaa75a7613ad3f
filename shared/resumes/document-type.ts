/**
 * What a resume file is, told by its bytes rather than its name: employers' forms take PDF, Word
 * (DOCX, DOC), RTF and plain text, and a file that only claims to be one of them (an executable
 * renamed resume.pdf, a spreadsheet renamed .doc) must not reach an employer in the user's name.
 */

export const MAX_RESUME_BYTES = 10 * 1024 * 1024;

export const resumeTypes = {
  pdf: { label: 'PDF', contentType: 'application/pdf' },
  docx: { label: 'DOCX', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  doc: { label: 'DOC', contentType: 'application/msword' },
  rtf: { label: 'RTF', contentType: 'application/rtf' },
  txt: { label: 'TXT', contentType: 'text/plain; charset=utf-8' },
} as const;
export type ResumeType = keyof typeof resumeTypes;

export const resumeExtensions = Object.keys(resumeTypes) as ResumeType[];
const accepted = resumeExtensions.map((t) => resumeTypes[t].label).join(', ');

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** Acrobat reads a header anywhere in the first 1,024 bytes; so do the ATS parsers. */
function isPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/** The names in a ZIP archive's central directory, or undefined when it is not a readable ZIP. */
function zipEntryNames(bytes: Uint8Array): string[] | undefined {
  if (!startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return undefined;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record: 22 bytes, then a comment of up to 65,535.
  let end = -1;
  for (let i = view.length - 22; i >= Math.max(0, view.length - 22 - 65_535); i--) {
    if (view.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = view.readUInt16LE(end + 10);
  let at = view.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > view.length || view.readUInt32LE(at) !== 0x02014b50) return undefined;
    const nameLength = view.readUInt16LE(at + 28);
    const extraLength = view.readUInt16LE(at + 30);
    const commentLength = view.readUInt16LE(at + 32);
    names.push(view.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** An OLE2 compound file (DOC, but also XLS, PPT, MSG) holding a Word document stream. */
function isWordBinary(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return false;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from('WordDocument', 'utf16le'));
}

/** UTF-8 text without control characters other than tab, line breaks and form feed. */
function isText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return text.trim().length > 0 && !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/** The type the bytes are, or undefined when they are none of the accepted ones. */
export function detectResumeType(bytes: Uint8Array): ResumeType | undefined {
  if (isPdf(bytes)) return 'pdf';
  const entries = zipEntryNames(bytes);
  if (entries) return entries.includes('[Content_Types].xml') && entries.includes('word/document.xml') ? 'docx' : undefined;
  if (isWordBinary(bytes)) return 'doc';
  if (startsWith(bytes, ascii('{\\rtf'))) return 'rtf';
  if (isText(bytes)) return 'txt';
  return undefined;
}

/** The extension a file name ends in, lower-cased, or '' without one. */
export const extensionOf = (name: string): string => /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase() ?? '';

export const isResumeExtension = (extension: string): extension is ResumeType => (resumeExtensions as string[]).includes(extension);

/**
 * Why these bytes cannot be sent as a resume named `name`, or null when they can: empty, too large,
 * not an accepted type, or a type other than the name's extension says (an employer's form goes by it).
 */
export function resumeFileProblem(bytes: Uint8Array, name: string): string | null {
  if (bytes.byteLength === 0) return 'the file is empty';
  if (bytes.byteLength > MAX_RESUME_BYTES) return `the file is ${megabytes(bytes.byteLength)}; the limit is ${megabytes(MAX_RESUME_BYTES)}`;
  const type = detectResumeType(bytes);
  if (!type) return `the file is not a ${accepted} document`;
  const extension = extensionOf(name);
  if (extension && extension !== type) {
    return `the file is a ${resumeTypes[type].label} document but its name ends in .${extension}`;
  }
  return null;
}

export const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
