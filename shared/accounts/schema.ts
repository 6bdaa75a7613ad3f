/**
 * Accounts over the API: registration, login, the account itself, password changes and email
 * verification. The password never appears in any output schema.
 */
import * as z from 'zod';
import { idSchema, text, timestampSchema } from '../http/schemas';

export const emailSchema = z.string().trim().max(320).pipe(z.email({ message: 'must be an email address' }));

/** Letters, digits, dot, dash and underscore: never an '@', so a login is never ambiguous. */
export const usernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(50)
  .regex(/^[A-Za-z0-9._-]+$/, 'may contain only letters, digits, dots, dashes and underscores');

/** Long enough to resist guessing (NIST SP 800-63B asks at least 8; we ask 10), any characters, bounded to keep hashing cheap to refuse. */
export const newPasswordSchema = z.string().min(10, 'must be at least 10 characters').max(256);
/** A password as typed at login: checked only against the stored hash. */
const givenPassword = z.string().min(1).max(256);

export const registrationSchema = z
  .object({
    email: emailSchema,
    username: usernameSchema,
    password: newPasswordSchema,
    fullName: text(200).nullable().optional(),
  })
  .strict();
export type Registration = z.infer<typeof registrationSchema>;

export const loginSchema = z
  .object({
    login: z.string().trim().min(1).max(320).describe('Email address or username'),
    password: givenPassword,
  })
  .strict();

export const accountUpdateSchema = z
  .object({
    email: emailSchema.optional(),
    username: usernameSchema.optional(),
    fullName: text(200).nullable().optional(),
    currentPassword: givenPassword.optional().describe('Required to change the email address'),
  })
  .strict()
  .refine((u) => u.email === undefined || u.currentPassword !== undefined, {
    message: 'is required to change the email address',
    path: ['currentPassword'],
  });
export type AccountUpdate = z.infer<typeof accountUpdateSchema>;

export const passwordChangeSchema = z
  .object({ currentPassword: givenPassword, newPassword: newPasswordSchema })
  .strict()
  .refine((c) => c.currentPassword !== c.newPassword, { message: 'must differ from the current password', path: ['newPassword'] });

/**
 * `currentPassword`, as PATCH /accounts/me and POST /accounts/me/password name it. `password` was this
 * route's first name for it: still accepted, deprecated, to be removed in a later release.
 */
export const accountDeletionSchema = z
  .object({
    currentPassword: givenPassword.optional().describe('Your password (required)'),
    password: givenPassword.optional().meta({ deprecated: true, description: 'The former name of currentPassword; give currentPassword instead' }),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.currentPassword === undefined && d.password === undefined) ctx.addIssue({ code: 'custom', message: 'is required', path: ['currentPassword'] });
    if (d.currentPassword !== undefined && d.password !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'give currentPassword only (password is its deprecated name)', path: ['password'] });
    }
  })
  .transform((d) => ({ currentPassword: (d.currentPassword ?? d.password)! }));

export const emailVerificationSchema = z.object({ token: z.string().min(20).max(200) }).strict();

export const accountSchema = z
  .object({
    id: idSchema,
    email: z.string(),
    username: z.string(),
    fullName: z.string().nullable(),
    isActive: z.boolean(),
    isVerified: z.boolean(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Account' });
export type Account = z.infer<typeof accountSchema>;

export const tokenSchema = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().describe('Seconds until the token expires'),
    expiresAt: timestampSchema,
    account: accountSchema,
  })
  .meta({ id: 'AccessToken' });

export const verificationResultSchema = z.object({ email: z.string(), isVerified: z.literal(true) }).meta({ id: 'EmailVerified' });

export const verificationSentSchema = z
  .object({ email: z.string(), expiresAt: timestampSchema })
  .meta({ id: 'VerificationEmailSent' });
