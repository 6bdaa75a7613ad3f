/** Profiles: a user's resumes, links, preferences and answer bank, and what auto-apply did for each. */
import { autoApplyStatus } from '../../shared/applications/auto-apply-runs';
import { getDb } from '../../shared/data/db';
import { apiFunction } from '../../shared/http/api';
import { principals } from '../../shared/http/principals';
import { notFound } from '../../shared/http/problem';
import { implement } from '../../shared/http/route';
import * as profiles from '../../shared/profiles/store';
import { apiFunctions, routes } from '../../shared/tables/routes';

export const handler = apiFunction(
  apiFunctions.profiles,
  [
    implement(routes.createProfile, async ({ userId, body }) => {
      const profile = await profiles.createProfile(getDb(), userId, body);
      return { status: 201, body: profile, headers: { location: `/profiles/${profile.id}` } };
    }),
    implement(routes.listProfiles, async ({ userId, query }) => ({ status: 200, body: await profiles.listProfiles(getDb(), userId, query) })),
    implement(routes.getProfile, async ({ userId, params }) => {
      const profile = await profiles.getProfile(getDb(), userId, params.profileId);
      if (!profile) throw notFound('profile');
      return { status: 200, body: profile };
    }),
    implement(routes.replaceProfile, async ({ userId, params, body }) => {
      const profile = await profiles.replaceProfile(getDb(), userId, params.profileId, body);
      if (!profile) throw notFound('profile');
      return { status: 200, body: profile };
    }),
    implement(routes.updateProfile, async ({ userId, params, body }) => {
      const profile = await profiles.updateProfile(getDb(), userId, params.profileId, body);
      if (!profile) throw notFound('profile');
      return { status: 200, body: profile };
    }),
    implement(routes.deleteProfile, async ({ userId, params }) => {
      if (!(await profiles.deleteProfile(getDb(), userId, params.profileId))) throw notFound('profile');
      return { status: 204, body: undefined };
    }),
    implement(routes.autoApplyStatus, async ({ userId, params }) => {
      const status = await autoApplyStatus(getDb(), userId, params.profileId);
      if (!status) throw notFound('profile');
      return { status: 200, body: status };
    }),
  ],
  { principals },
);
