/**
 * The automation log of one attempt, kept on application_attempts.log: every step the applier took, with its
 * timing, where each value came from, and the screenshots it stored. Nothing secret is written here.
 */
import * as z from 'zod';

export const automationStepKinds = [
  'open', 'navigate', 'field', 'upload', 'validation', 'step', 'submit', 'confirmation', 'screenshot', 'blocked', 'error', 'note',
] as const;

export const automationStepSchema = z
  .object({
    /** Milliseconds since the attempt started. */
    atMs: z.number().int().nonnegative(),
    kind: z.enum(automationStepKinds),
    message: z.string(),
    /** The form field's label, when the step is about one. */
    field: z.string().optional(),
    /** Where the value came from: 'profile.phone', 'answers.noticePeriod', 'answers.custom[2]', 'cover letter template'. */
    valueSource: z.string().optional(),
    /** Artifact key of a screenshot taken at this step. */
    screenshot: z.string().optional(),
  })
  .meta({ id: 'AutomationStep' });
export type AutomationStep = z.infer<typeof automationStepSchema>;

export const automationLogSchema = z
  .object({
    adapter: z.string().describe('The form family: greenhouse, lever, ashby or generic'),
    url: z.string().describe('The application page the browser opened'),
    dryRun: z.boolean(),
    startedAt: z.iso.datetime(),
    durationMs: z.number().int().nonnegative(),
    steps: z.array(automationStepSchema),
    /** Questions the form requires that the profile has no answer for. */
    missingAnswers: z.array(z.string()).default([]),
    screenshots: z.array(z.object({ key: z.string(), label: z.string() })).default([]),
  })
  .meta({ id: 'AutomationLog' });
export type AutomationLog = z.infer<typeof automationLogSchema>;
