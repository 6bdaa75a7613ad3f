/**
 * How large a profile's fields may be, in bytes as stored. A profile is read in one Data API row
 * (64 KB): alone (GET /profiles) and, without its job preferences, beside the account in the
 * applier's task (shared/applications/lifecycle.ts). The limits below keep both rows several KB under
 * it at their largest (test/integration/data/largest-rows.test.ts reads them); sql/016 checks the same.
 */
import type * as z from 'zod';
import { jsonbTextBytes, utf8Bytes } from '../data/row-size';

export const PROFILE_BYTES = {
  /** Each of linkedinUrl, githubUrl, portfolioUrl. */
  url: 2048,
  coverLetterTemplate: 12_000,
  /** The jsonb columns, as PostgreSQL prints them. */
  skills: 4_000,
  jobPreferences: 8_000,
  answers: 14_000,
} as const;

/** A zod check that a value takes at most `max` bytes as stored. */
function atMost<T>(max: number, measure: (value: T) => number) {
  return (value: T, ctx: z.RefinementCtx) => {
    const bytes = measure(value);
    if (bytes > max) ctx.addIssue({ code: 'custom', message: `is ${bytes} bytes as stored; at most ${max} are allowed` });
  };
}

export const textAtMost = (max: number) => atMost<string>(max, utf8Bytes);
export const jsonAtMost = (max: number) => atMost<unknown>(max, jsonbTextBytes);
