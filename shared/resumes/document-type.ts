/**
 * What a resume file is, told by its bytes rather than its name: employers' forms take PDF, Word
 * (DOCX, DOC), RTF and plain text, and a file that only claims to be one of them (an executable
 * renamed resume.pdf, a spreadsheet renamed .doc, a web page carrying a PDF inside it) must not
 * reach an employer in the user's name. Each format is held to the structure its real writers give
 * it (./formats/), not to what the most lenient reader would still open.
 */
import { checkDoc } from './formats/doc';
import { checkDocx } from './formats/docx';
import { checkPdf } from './formats/pdf';
import { checkRtf, checkText } from './formats/text';

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

/**
 * Each format's check, in the order they are tried: each knows its own signature at byte 0, so at
 * most one takes a file; plain text is what a file is when it starts as none of the others.
 */
const formats = [checkPdf, checkDocx, checkDoc, checkRtf, checkText];

/** The type the bytes are, or why they are none of the accepted ones (the format's own account when they start as one). */
function inspectResume(bytes: Uint8Array): { type: ResumeType } | { problem: string } {
  for (const check of formats) {
    const verdict = check(bytes);
    if (verdict) return verdict;
  }
  return { problem: `the file is not a ${accepted} document` };
}

/** The type the bytes are, or undefined when they are none of the accepted ones. */
export function detectResumeType(bytes: Uint8Array): ResumeType | undefined {
  const inspected = inspectResume(bytes);
  return 'type' in inspected ? inspected.type : undefined;
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
  const inspected = inspectResume(bytes);
  if ('problem' in inspected) return inspected.problem;
  const { type } = inspected;
  const extension = extensionOf(name);
  if (extension && extension !== type) {
    return `the file is a ${resumeTypes[type].label} document but its name ends in .${extension}`;
  }
  return null;
}

export const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
