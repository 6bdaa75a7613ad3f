/** Saved jobs: bookmarks with notes. */
import { getDb } from '../../shared/data/db';
import { apiFunction } from '../../shared/http/api';
import { principals } from '../../shared/http/principals';
import { notFound } from '../../shared/http/problem';
import { implement } from '../../shared/http/route';
import * as saved from '../../shared/saved-jobs/store';
import { apiFunctions, routes } from '../../shared/tables/routes';

export const handler = apiFunction(
  apiFunctions.savedJobs,
  [
    implement(routes.saveJob, async ({ userId, body }) => {
      const savedJob = await saved.saveJob(getDb(), userId, body);
      return { status: 201, body: savedJob, headers: { location: `/saved-jobs/${savedJob.id}` } };
    }),
    implement(routes.listSavedJobs, async ({ userId, query }) => ({ status: 200, body: await saved.listSavedJobs(getDb(), userId, query) })),
    implement(routes.getSavedJob, async ({ userId, params }) => {
      const savedJob = await saved.getSavedJob(getDb(), userId, params.savedJobId);
      if (!savedJob) throw notFound('saved job');
      return { status: 200, body: savedJob };
    }),
    implement(routes.updateSavedJob, async ({ userId, params, body }) => {
      const savedJob = await saved.updateSavedJobNotes(getDb(), userId, params.savedJobId, body.notes);
      if (!savedJob) throw notFound('saved job');
      return { status: 200, body: savedJob };
    }),
    implement(routes.removeSavedJob, async ({ userId, params }) => {
      if (!(await saved.removeSavedJob(getDb(), userId, params.savedJobId))) throw notFound('saved job');
      return { status: 204, body: undefined };
    }),
  ],
  { principals },
);
