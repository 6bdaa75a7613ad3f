/** Auto-apply over the API: a profile's settings, today's count, and what its recent runs did and why. */
import * as z from 'zod';
import { idSchema, timestampSchema } from '../http/schemas';
import { autoApplySchema } from '../profiles/schema';

/**
 * What a run did for a profile. created: it queued applications; otherwise why it queued none:
 * the user's daily limit was already reached, no job matched that was not applied to already, the
 * jobs it picked were applied to by hand meanwhile, the stored settings are not valid, or auto-apply
 * was off (recorded once, when a run first finds it off).
 */
export const autoApplyOutcomes = ['created', 'daily_limit_reached', 'no_matching_job', 'matches_applied_meanwhile', 'invalid_settings', 'turned_off'] as const;
export type AutoApplyOutcome = (typeof autoApplyOutcomes)[number];

export const autoApplyRunSchema = z
  .object({
    ranAt: timestampSchema,
    outcome: z.enum(autoApplyOutcomes),
    message: z.string().describe('The outcome in words, with the numbers it went by'),
    created: z.number().int().nonnegative(),
    applicationIds: z.array(idSchema).describe('The applications this run created'),
    dailyLimit: z.number().int().nullable(),
    dryRun: z.boolean().nullable(),
    appliedToday: z.number().int().nullable().describe('Applications already made that UTC day when the run began; the limit counts them all, by hand or not'),
  })
  .meta({ id: 'AutoApplyRun' });
export type AutoApplyRun = z.infer<typeof autoApplyRunSchema>;

export const autoApplyStatusSchema = z
  .object({
    profileId: idSchema,
    enabled: z.boolean().describe('Whether the next run applies for this profile'),
    settings: autoApplySchema.nullable().describe("The profile's jobPreferences.autoApply; null when what is stored is not valid (save it again)"),
    appliedToday: z.number().int().nonnegative().describe('Your applications so far this UTC day, shared by all your profiles'),
    schedule: z.string().describe('When runs happen (an EventBridge expression)'),
    runs: z.array(autoApplyRunSchema).describe("This profile's most recent runs, newest first"),
  })
  .meta({ id: 'AutoApplyStatus' });
export type AutoApplyStatus = z.infer<typeof autoApplyStatusSchema>;
