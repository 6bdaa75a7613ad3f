/** Jobs: search, one job, recommendations, jobs not applied to, and jobs added by hand. */
import { getDb } from '../../shared/data/db';
import { apiFunction } from '../../shared/http/api';
import { principals } from '../../shared/http/principals';
import { notFound } from '../../shared/http/problem';
import { implement } from '../../shared/http/route';
import { jobsNotAppliedTo, recommendedJobs } from '../../shared/jobs/queries';
import * as jobs from '../../shared/jobs/search';
import { getProfile } from '../../shared/profiles/store';
import { apiFunctions, routes } from '../../shared/tables/routes';

export const handler = apiFunction(
  apiFunctions.jobs,
  [
    implement(routes.searchJobs, async ({ query }) => ({ status: 200, body: await jobs.searchJobs(getDb(), query) })),
    implement(routes.recommendedJobs, async ({ userId, query }) => {
      const db = getDb();
      if (query.profileId !== undefined && !(await getProfile(db, userId, query.profileId))) throw notFound('profile');
      return { status: 200, body: await recommendedJobs(db, userId, query) };
    }),
    implement(routes.notAppliedJobs, async ({ userId, query }) => ({ status: 200, body: await jobsNotAppliedTo(getDb(), userId, query) })),
    implement(routes.getJob, async ({ params }) => {
      const job = await jobs.getJob(getDb(), params.jobId);
      if (!job) throw notFound('job');
      return { status: 200, body: job };
    }),
    implement(routes.addJob, async ({ body }) => {
      const { job, created } = await jobs.addCustomJob(getDb(), body);
      return created ? { status: 201, body: job, headers: { location: `/jobs/${job.id}` } } : { status: 200, body: job };
    }),
  ],
  { principals },
);
