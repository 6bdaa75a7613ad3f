/** The upload of a resume over the API: what a client asks for, and the URL it PUTs the file to. */
import * as z from 'zod';
import { timestampSchema } from '../http/schemas';
import { MAX_RESUME_BYTES, megabytes } from './document-type';
import { acceptedExtensions, keptFileName } from './reference';

export const resumeUploadRequestSchema = z
  .object({
    fileName: z
      .string()
      .min(1)
      .max(255)
      .refine((name) => keptFileName(name) !== undefined, `must end in ${acceptedExtensions}`)
      .describe('The name employers see (other characters than letters, digits, dots, dashes and underscores become "_")'),
    size: z
      .number()
      .int()
      .min(1, 'the file is empty')
      .max(MAX_RESUME_BYTES, `the limit is ${megabytes(MAX_RESUME_BYTES)}`)
      .describe('The size of the file in bytes: the upload URL takes exactly this many'),
  })
  .strict()
  .meta({ id: 'ResumeUploadRequest' });
export type ResumeUploadRequest = z.infer<typeof resumeUploadRequestSchema>;

export const resumeUploadSchema = z
  .object({
    resumeUrl: z.string().describe("Once the file is uploaded, put this in a profile's resumeUrl; saving the profile checks the file"),
    uploadUrl: z.string().describe('PUT the file here (no Authorization header: the URL is signed), with exactly `size` bytes'),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()).describe('Headers the PUT must carry'),
    expiresAt: timestampSchema.describe('The upload URL works until then at the latest'),
  })
  .meta({ id: 'ResumeUpload' });
export type ResumeUpload = z.infer<typeof resumeUploadSchema>;
