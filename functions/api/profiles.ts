/** Profiles: a user's resumes, links, preferences and answer bank, resume uploads, and what auto-apply did for each. */
import { autoApplyStatus } from '../../shared/applications/auto-apply-runs';
import { getDb } from '../../shared/data/db';
import { apiFunction } from '../../shared/http/api';
import type { Log } from '../../shared/http/log';
import { principals } from '../../shared/http/principals';
import { notFound } from '../../shared/http/problem';
import { implement } from '../../shared/http/route';
import * as profiles from '../../shared/profiles/service';
import { listProfiles, getProfile } from '../../shared/profiles/store';
import { getResumeFiles } from '../../shared/resumes/files';
import { startUpload } from '../../shared/resumes/service';
import { apiFunctions, routes } from '../../shared/tables/routes';

const context = (log: Log): profiles.ProfileContext => ({ db: getDb(), files: getResumeFiles(), log });

export const handler = apiFunction(
  apiFunctions.profiles,
  [
    implement(routes.createProfile, async ({ userId, body, log }) => {
      const profile = await profiles.createProfile(context(log), userId, body);
      return { status: 201, body: profile, headers: { location: `/profiles/${profile.id}` } };
    }),
    implement(routes.listProfiles, async ({ userId, query }) => ({ status: 200, body: await listProfiles(getDb(), userId, query) })),
    implement(routes.getProfile, async ({ userId, params }) => {
      const profile = await getProfile(getDb(), userId, params.profileId);
      if (!profile) throw notFound('profile');
      return { status: 200, body: profile };
    }),
    implement(routes.replaceProfile, async ({ userId, params, body, log }) => {
      const profile = await profiles.replaceProfile(context(log), userId, params.profileId, body);
      if (!profile) throw notFound('profile');
      return { status: 200, body: profile };
    }),
    implement(routes.updateProfile, async ({ userId, params, body, log }) => {
      const profile = await profiles.updateProfile(context(log), userId, params.profileId, body);
      if (!profile) throw notFound('profile');
      return { status: 200, body: profile };
    }),
    implement(routes.deleteProfile, async ({ userId, params, log }) => {
      if (!(await profiles.deleteProfile(context(log), userId, params.profileId))) throw notFound('profile');
      return { status: 204, body: undefined };
    }),
    implement(routes.autoApplyStatus, async ({ userId, params }) => {
      const status = await autoApplyStatus(getDb(), userId, params.profileId);
      if (!status) throw notFound('profile');
      return { status: 200, body: status };
    }),
    implement(routes.startResumeUpload, async ({ userId, body }) => ({ status: 200, body: await startUpload(getResumeFiles(), userId, body) })),
  ],
  { principals },
);
