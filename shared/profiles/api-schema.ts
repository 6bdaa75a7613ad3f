/**
 * Profiles over the API. The input is the profile contract (schema.ts); a PATCH names only the
 * fields it changes (a field it leaves out keeps its value, it is never reset to a default).
 */
import { z } from 'zod';
import { idParam, idSchema, timestampSchema } from '../http/schemas';
import { answerBankSchema, jobPreferencesSchema, profileInputSchema } from './schema';

export const profileIdParams = z.object({ profileId: idParam }).strict();

/** Every field optional and without its default, so what is absent stays as stored. */
export const profilePatchSchema = z
  .object(
    Object.fromEntries(
      Object.entries(profileInputSchema.shape).map(([key, field]) => [
        key,
        (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field).optional(),
      ]),
    ) as { [K in keyof typeof profileInputSchema.shape]: z.ZodOptional<z.ZodType<z.output<(typeof profileInputSchema.shape)[K]>>> },
  )
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'name at least one field to change' });
export type ProfilePatch = z.infer<typeof profilePatchSchema>;

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
