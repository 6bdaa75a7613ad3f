/** Applications: asking to apply, following them, their screenshots, and the changes a user makes. */
import { screenshotKey } from '../../shared/applications/attempts';
import * as applications from '../../shared/applications/store';
import { getArtifactStore } from '../../shared/artifacts/store';
import { getDb } from '../../shared/data/db';
import { apiFunction } from '../../shared/http/api';
import { principals } from '../../shared/http/principals';
import { notFound } from '../../shared/http/problem';
import { implement } from '../../shared/http/route';
import { sendMessage } from '../../shared/queue/send';
import { apiFunctions, routes } from '../../shared/tables/routes';

const sendApply: applications.ApplySender = (message) => sendMessage('apply', message);

/** The image a screenshot key names; a key no log lists, or an image gone from the store, is not found. */
async function screenshot(key: string | undefined) {
  const artifact = key && (await getArtifactStore().get(key));
  if (!artifact) throw notFound('screenshot');
  return { body: artifact.bytes, contentType: artifact.contentType };
}

export const handler = apiFunction(
  apiFunctions.applications,
  [
    implement(routes.apply, async ({ userId, body, log }) => {
      const application = await applications.createApplication(getDb(), sendApply, userId, body, log);
      return { status: 202, body: application, headers: { location: `/applications/${application.id}` } };
    }),
    implement(routes.listApplications, async ({ userId, query }) => ({
      status: 200,
      body: await applications.listApplications(getDb(), userId, query),
    })),
    implement(routes.getApplication, async ({ userId, params }) => {
      const application = await applications.getApplication(getDb(), userId, params.applicationId);
      if (!application) throw notFound('application');
      return { status: 200, body: application };
    }),
    implement(routes.getApplicationScreenshot, async ({ userId, params }) => {
      const key = await screenshotKey(getDb(), userId, params.applicationId, params.name);
      return { status: 200, ...(await screenshot(key)) };
    }),
    implement(routes.getAttemptScreenshot, async ({ userId, params }) => {
      const key = await screenshotKey(getDb(), userId, params.applicationId, params.name, params.attempt);
      return { status: 200, ...(await screenshot(key)) };
    }),
    implement(routes.setApplicationStatus, async ({ userId, params, body }) => {
      const application = await applications.setStatus(getDb(), userId, params.applicationId, body.status);
      if (!application) throw notFound('application');
      return { status: 200, body: application };
    }),
    implement(routes.retryApplication, async ({ userId, params, log }) => {
      const application = await applications.retryApplication(getDb(), sendApply, userId, params.applicationId, log);
      if (!application) throw notFound('application');
      return { status: 202, body: application };
    }),
    implement(routes.deleteApplication, async ({ userId, params }) => {
      if (!(await applications.deleteApplication(getDb(), getArtifactStore(), userId, params.applicationId))) throw notFound('application');
      return { status: 204, body: undefined };
    }),
  ],
  { principals },
);
