/**
 * Profiles over the API. The input is the profile contract (schema.ts). A PATCH is a JSON Merge Patch
 * (RFC 7396): it names only what it changes, an object (jobPreferences, answers, their autoApply and
 * eeo) merges member by member into the stored one, null removes a member (back to its default), and
 * an array is replaced whole.
 */
import * as z from 'zod';
import { mergePatchSchema, type MergePatch } from '../http/merge-patch';
import { idParam, idSchema, timestampSchema } from '../http/schemas';
import { answerBankSchema, jobPreferencesSchema, profileInputSchema, type ProfileInput } from './schema';

export const profileIdParams = z.object({ profileId: idParam }).strict();

export const profilePatchSchema = mergePatchSchema(profileInputSchema).refine((patch) => Object.keys(patch).length > 0, {
  message: 'name at least one field to change',
});
export type ProfilePatch = MergePatch<ProfileInput>;

export const profileSchema = z
  .object({
    id: idSchema,
    resumeUrl: z.string().nullable(),
    coverLetterTemplate: z.string().nullable(),
    skills: z.array(z.string()),
    experienceYears: z.number().int().nullable(),
    linkedinUrl: z.string().nullable(),
    githubUrl: z.string().nullable(),
    portfolioUrl: z.string().nullable(),
    phone: z.string().nullable(),
    location: z.string().nullable(),
    jobPreferences: jobPreferencesSchema,
    answers: answerBankSchema,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Profile' });
export type Profile = z.infer<typeof profileSchema>;

export { profileInputSchema };
