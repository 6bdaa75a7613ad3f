/**
 * A PATCH of a profile applied to the stored one (JSON Merge Patch, RFC 7396): the members the patch
 * names are merged, checked against the profile contract as a whole (defaults for removed members,
 * every rule of the schema), and returned as the fields to write. Members it does not name are not
 * touched, nor checked again.
 */
import { invalidBody } from '../http/validate';
import { mergePatch } from '../http/merge-patch';
import type { ProfilePatch } from './api-schema';
import { profileInputSchema, type ProfileInput } from './schema';

export function applyProfilePatch(current: ProfileInput, patch: ProfilePatch): Partial<ProfileInput> {
  const named = (Object.keys(patch) as (keyof ProfileInput)[]).filter((key) => patch[key] !== undefined);
  const merged = mergePatch(current, patch) as Record<string, unknown>;
  const mask = Object.fromEntries(named.map((key) => [key, true])) as { [K in keyof ProfileInput]?: true };
  const checked = profileInputSchema.pick(mask).safeParse(Object.fromEntries(named.map((key) => [key, merged[key]])));
  if (!checked.success) throw invalidBody(checked.error.issues);
  // A member removed without a default (phone, location…) is stored as null.
  return Object.fromEntries(named.map((key) => [key, (checked.data as Partial<ProfileInput>)[key] ?? null])) as Partial<ProfileInput>;
}
