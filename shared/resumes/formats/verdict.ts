import type { ResumeType } from '../document-type';

/**
 * What one format's check makes of a file: undefined when the file does not even start as that
 * format (another may take it), its type when it is a sound one, else why it cannot be sent.
 */
export type FormatVerdict = { type: ResumeType } | { problem: string } | undefined;
