/**
 * The route table: every HTTP route of the API, the Lambda that serves it (one per resource), its
 * auth, schemas and responses. The CDK app makes API Gateway's routes from it, the local server
 * routes by it, and the OpenAPI document is generated from it.
 */
import * as z from 'zod';
import {
  accountDeletionSchema,
  accountSchema,
  accountUpdateSchema,
  emailVerificationSchema,
  loginSchema,
  passwordChangeSchema,
  registrationSchema,
  tokenSchema,
  verificationResultSchema,
  verificationSentSchema,
} from '../accounts/schema';
import { autoApplyStatusSchema } from '../applications/auto-apply-schema';
import {
  applicationIdParams,
  applicationListQuerySchema,
  applicationRequestSchema,
  applicationSchema,
  applicationSummarySchema,
  attemptScreenshotParams,
  screenshotParams,
  statusChangeSchema,
} from '../applications/schema';
import { crawlIdParams, crawlListQuerySchema, crawlRequestSchema, crawlSchema } from '../crawls/schema';
import { healthSchema } from '../health/schema';
import { pageQueryShape, pageSchema } from '../http/pagination';
import { PROBLEM_CONTENT_TYPE, problemSchema } from '../http/problem';
import { route } from '../http/route';
import {
  customJobSchema,
  jobIdParams,
  jobSchema,
  jobSearchQuerySchema,
  jobSummarySchema,
  notAppliedQuerySchema,
  recommendedJobSchema,
  recommendedQuerySchema,
} from '../jobs/api-schema';
import { profileIdParams, profileInputSchema, profilePatchSchema, profileSchema } from '../profiles/api-schema';
import { resumeUploadRequestSchema, resumeUploadSchema } from '../resumes/schema';
import { saveJobSchema, savedJobIdParams, savedJobSchema, savedJobUpdateSchema } from '../saved-jobs/schema';
import { statsSummarySchema, statusCountsSchema } from '../stats/schema';
import type { FunctionSpec, RouteSpec } from './types';

// --- Functions: one per resource -------------------------------------------------------------

type ApiFunctionOptions = Partial<Pick<FunctionSpec, 'memoryMb' | 'sendsTo' | 'artifacts' | 'uploads' | 'nativePackages' | 'sendsEmail'>>;

const apiFunction = (id: string, description: string, options: ApiFunctionOptions = {}): FunctionSpec => ({
  id,
  entry: `functions/api/${id}.ts`,
  memoryMb: 512,
  // API Gateway gives up on an integration at 30 s.
  timeoutSeconds: 29,
  description,
  ...options,
});

export const apiFunctions = {
  accounts: apiFunction('accounts', 'Registration, login, the account, password changes and email verification.', {
    // argon2id at m=19 MiB (shared/http/password.ts): more memory buys the CPU that keeps a login
    // fast, and the addon is native, so it ships beside the bundle.
    memoryMb: 1024,
    nativePackages: ['@node-rs/argon2'],
    // The verification email on registration and on request.
    sendsEmail: true,
    // A deleted account's uploaded resumes go with it.
    uploads: 'remove',
  }),
  profiles: apiFunction('profiles', "A user's profiles and resume uploads: resume, links, preferences, the answer bank, and what auto-apply did for each.", {
    // Hands out upload URLs, checks and keeps what was uploaded, deletes resumes no profile names.
    uploads: 'manage',
  }),
  jobs: apiFunction('jobs', 'Job search, a job, recommendations, jobs not applied to, and jobs added by hand.'),
  savedJobs: apiFunction('saved-jobs', "A user's saved jobs and notes."),
  applications: apiFunction('applications', 'Asking to apply, following applications, and moving them through their statuses.', {
    // Asking to apply (or retrying) queues an application; a user reviews the screenshots of each
    // attempt, and deleting an application deletes them.
    sendsTo: ['apply'],
    artifacts: 'read-delete',
  }),
  crawls: apiFunction('crawls', 'Starting crawls and following them.', { sendsTo: ['crawl'] }),
  stats: apiFunction('stats', 'Application statistics and the CSV export.'),
  health: apiFunction('health', 'Liveness: the database is reachable.', { memoryMb: 256 }),
  docs: apiFunction('docs', 'The OpenAPI document and its docs page.', { memoryMb: 256 }),
} as const satisfies Record<string, FunctionSpec>;

// --- Responses every route shares --------------------------------------------------------------

const problem = (description: string) => ({ description, schema: problemSchema, contentType: PROBLEM_CONTENT_TYPE });
const invalid = { 400: problem('Invalid input: malformed JSON or parameters, or fields that fail validation (per-field details in errors)') };
const body = {
  ...invalid,
  413: problem('The body is larger than 64 KiB'),
  415: problem('The body is not application/json'),
};
const authed = { 401: problem('Missing, malformed, expired or revoked access token'), 403: problem('The account is deactivated') };
const missing = (what: string) => ({ 404: problem(`No such ${what} among yours`) });
const noContent = (description: string) => ({ description });

const page = pageSchema;
const png = {
  description: 'The image',
  schema: z.custom<Uint8Array>((v) => v instanceof Uint8Array).meta({ type: 'string', format: 'binary' }),
  contentType: 'image/png',
};

// --- Routes ------------------------------------------------------------------------------------

const { accounts, profiles, jobs, savedJobs, applications, crawls, stats, health, docs } = apiFunctions;

export const routes = {
  register: route({
    method: 'POST',
    path: '/accounts',
    fn: accounts,
    auth: false,
    summary: 'Register an account (a verification email is sent)',
    tags: ['Accounts'],
    request: { body: registrationSchema },
    responses: { 201: { description: 'Registered', schema: accountSchema }, ...body, 409: problem('The email address or username is taken') },
  }),
  login: route({
    method: 'POST',
    path: '/accounts/login',
    fn: accounts,
    auth: false,
    summary: 'Log in with email address or username, and get an access token',
    tags: ['Accounts'],
    request: { body: loginSchema },
    responses: {
      200: { description: 'Logged in', schema: tokenSchema },
      ...body,
      401: problem('Wrong login or password'),
      403: problem('The account is deactivated'),
      429: problem('Too many failed logins for this account: wait Retry-After seconds'),
    },
  }),
  getAccount: route({
    method: 'GET',
    path: '/accounts/me',
    fn: accounts,
    auth: true,
    summary: 'Read your account',
    tags: ['Accounts'],
    responses: { 200: { description: 'Your account', schema: accountSchema }, ...authed },
  }),
  updateAccount: route({
    method: 'PATCH',
    path: '/accounts/me',
    fn: accounts,
    auth: true,
    summary: 'Change your email address (asks for your password; it must then be verified again), username or full name',
    tags: ['Accounts'],
    request: { body: accountUpdateSchema },
    responses: {
      200: { description: 'Changed', schema: accountSchema },
      ...body,
      ...authed,
      409: problem('The email address or username is taken'),
    },
  }),
  changePassword: route({
    method: 'POST',
    path: '/accounts/me/password',
    fn: accounts,
    auth: true,
    summary: 'Change your password: every earlier token stops working, and a new one is returned',
    tags: ['Accounts'],
    request: { body: passwordChangeSchema },
    responses: { 200: { description: 'Changed', schema: tokenSchema }, ...body, ...authed },
  }),
  deleteAccount: route({
    method: 'DELETE',
    path: '/accounts/me',
    fn: accounts,
    auth: true,
    summary: 'Delete your account with its profiles, uploaded resumes, applications, saved jobs and crawls (asks for your password as currentPassword; the former name password is still accepted, deprecated)',
    tags: ['Accounts'],
    request: { body: accountDeletionSchema },
    responses: { 204: noContent('Deleted'), ...body, ...authed },
  }),
  sendVerificationEmail: route({
    method: 'POST',
    path: '/accounts/me/verification-email',
    fn: accounts,
    auth: true,
    summary: 'Send a new email verification token (earlier ones stop working)',
    tags: ['Accounts'],
    responses: { 202: { description: 'Sent', schema: verificationSentSchema }, ...authed, 409: problem('Already verified'), 503: problem('This deployment has no email sender configured') },
  }),
  verifyEmail: route({
    method: 'POST',
    path: '/accounts/verify-email',
    fn: accounts,
    auth: false,
    summary: 'Verify an email address with the token sent to it (single use, expires after 24 hours)',
    tags: ['Accounts'],
    request: { body: emailVerificationSchema },
    responses: { 200: { description: 'Verified', schema: verificationResultSchema }, ...body },
  }),

  createProfile: route({
    method: 'POST',
    path: '/profiles',
    fn: profiles,
    auth: true,
    summary: 'Create a profile',
    description:
      'resumeUrl is the resumeUrl POST /resume-uploads gave (upload the file first) or an https URL; either is checked now: yours, there, at most 10 MB, a PDF, DOCX, DOC, RTF or TXT document by its content. Every {{placeholder}} of coverLetterTemplate must be one the platform fills. Each refusal is a 400 naming the field.',
    tags: ['Profiles'],
    request: { body: profileInputSchema },
    responses: { 201: { description: 'Created', schema: profileSchema }, ...body, ...authed },
  }),
  listProfiles: route({
    method: 'GET',
    path: '/profiles',
    fn: profiles,
    auth: true,
    summary: 'List your profiles, newest first',
    tags: ['Profiles'],
    request: { query: z.object(pageQueryShape).strict() },
    responses: { 200: { description: 'A page of profiles', schema: page(profileSchema) }, ...invalid, ...authed },
  }),
  getProfile: route({
    method: 'GET',
    path: '/profiles/{profileId}',
    fn: profiles,
    auth: true,
    summary: 'Read a profile',
    tags: ['Profiles'],
    request: { params: profileIdParams },
    responses: { 200: { description: 'The profile', schema: profileSchema }, ...invalid, ...authed, ...missing('profile') },
  }),
  replaceProfile: route({
    method: 'PUT',
    path: '/profiles/{profileId}',
    fn: profiles,
    auth: true,
    summary: 'Replace a profile (fields left out take their defaults)',
    tags: ['Profiles'],
    request: { params: profileIdParams, body: profileInputSchema },
    responses: { 200: { description: 'Replaced', schema: profileSchema }, ...body, ...authed, ...missing('profile') },
  }),
  updateProfile: route({
    method: 'PATCH',
    path: '/profiles/{profileId}',
    fn: profiles,
    auth: true,
    summary: 'Change some fields of a profile (a JSON Merge Patch)',
    description:
      'The body is a JSON Merge Patch (RFC 7396), sent as application/merge-patch+json or application/json. Fields left out keep their values. An object (jobPreferences, answers, jobPreferences.autoApply, answers.eeo) is merged member by member, so {"jobPreferences": {"autoApply": {"enabled": true}}} changes that one setting and keeps every other. null removes a member: it takes its default (an empty list, autoApply off) or becomes null. An array (skills, jobPreferences.keywords, answers.custom) is replaced whole. The merged profile is checked as a whole; a new resumeUrl and the cover letter template are checked as on create.',
    tags: ['Profiles'],
    request: { params: profileIdParams, body: profilePatchSchema },
    responses: { 200: { description: 'Changed', schema: profileSchema }, ...body, ...authed, ...missing('profile') },
  }),
  deleteProfile: route({
    method: 'DELETE',
    path: '/profiles/{profileId}',
    fn: profiles,
    auth: true,
    summary: 'Delete a profile (its applications stay, without the link); its uploaded resume is deleted unless another of your profiles uses it',
    tags: ['Profiles'],
    request: { params: profileIdParams },
    responses: { 204: noContent('Deleted'), ...invalid, ...authed, ...missing('profile') },
  }),
  startResumeUpload: route({
    method: 'POST',
    path: '/resume-uploads',
    fn: profiles,
    auth: true,
    summary: 'Upload a resume: an upload URL to PUT the file to, and the resumeUrl to save in a profile',
    description:
      "PDF, DOCX, DOC, RTF or TXT, at most 10 MB. PUT the file to uploadUrl with exactly `size` bytes and no Authorization header (the URL is signed) within 15 minutes, then save resumeUrl in a profile (POST, PUT or PATCH /profiles). Saving checks that the upload is yours, that it is there, its size, and its type by its content (a name that says another type is refused), each refusal a 400 on resumeUrl; the profile then keeps its own copy, and its resumeUrl changes from uploads/ to resumes/. An upload no profile keeps expires after a day.",
    tags: ['Profiles'],
    request: { body: resumeUploadRequestSchema },
    responses: { 200: { description: 'PUT the file to uploadUrl, then save resumeUrl in a profile', schema: resumeUploadSchema }, ...body, ...authed },
  }),

  autoApplyStatus: route({
    method: 'GET',
    path: '/profiles/{profileId}/auto-apply',
    fn: profiles,
    auth: true,
    summary:
      "A profile's auto-apply: whether it is on, today's count against the daily limit, and what its recent runs did, or why they queued nothing (limit reached, no matching job, settings not valid, turned off)",
    tags: ['Profiles'],
    request: { params: profileIdParams },
    responses: { 200: { description: 'Its auto-apply', schema: autoApplyStatusSchema }, ...invalid, ...authed, ...missing('profile') },
  }),

  searchJobs: route({
    method: 'GET',
    path: '/jobs',
    fn: jobs,
    auth: true,
    summary: 'Search active jobs, newest first',
    tags: ['Jobs'],
    request: { query: jobSearchQuerySchema },
    responses: { 200: { description: 'A page of jobs', schema: page(jobSummarySchema) }, ...invalid, ...authed },
  }),
  recommendedJobs: route({
    method: 'GET',
    path: '/jobs/recommended',
    fn: jobs,
    auth: true,
    summary: "Active jobs that fit a profile's location and minimum salary, best first; none you applied to or deleted an application for (auto-apply picks from these)",
    tags: ['Jobs'],
    request: { query: recommendedQuerySchema },
    responses: { 200: { description: 'A page of jobs', schema: page(recommendedJobSchema) }, ...invalid, ...authed, ...missing('profile') },
  }),
  notAppliedJobs: route({
    method: 'GET',
    path: '/jobs/not-applied',
    fn: jobs,
    auth: true,
    summary: 'Active jobs you have not applied to, newest first',
    tags: ['Jobs'],
    request: { query: notAppliedQuerySchema },
    responses: { 200: { description: 'A page of jobs', schema: page(jobSummarySchema) }, ...invalid, ...authed },
  }),
  getJob: route({
    method: 'GET',
    path: '/jobs/{jobId}',
    fn: jobs,
    auth: true,
    summary: 'Read a job',
    tags: ['Jobs'],
    request: { params: jobIdParams },
    responses: { 200: { description: 'The job', schema: jobSchema }, ...invalid, ...authed, ...missing('job') },
  }),
  addJob: route({
    method: 'POST',
    path: '/jobs',
    fn: jobs,
    auth: true,
    summary: 'Add a job by hand (source custom); the same URL again updates it',
    tags: ['Jobs'],
    request: { body: customJobSchema },
    responses: {
      201: { description: 'Added', schema: jobSchema },
      200: { description: 'A job with this URL existed; updated', schema: jobSchema },
      ...body,
      ...authed,
    },
  }),

  saveJob: route({
    method: 'POST',
    path: '/saved-jobs',
    fn: savedJobs,
    auth: true,
    summary: 'Save a job, with notes',
    tags: ['Saved jobs'],
    request: { body: saveJobSchema },
    responses: {
      201: { description: 'Saved', schema: savedJobSchema },
      ...body,
      ...authed,
      ...missing('job'),
      409: problem('Already saved'),
    },
  }),
  listSavedJobs: route({
    method: 'GET',
    path: '/saved-jobs',
    fn: savedJobs,
    auth: true,
    summary: 'List your saved jobs, last saved first',
    tags: ['Saved jobs'],
    request: { query: z.object(pageQueryShape).strict() },
    responses: { 200: { description: 'A page of saved jobs', schema: page(savedJobSchema) }, ...invalid, ...authed },
  }),
  getSavedJob: route({
    method: 'GET',
    path: '/saved-jobs/{savedJobId}',
    fn: savedJobs,
    auth: true,
    summary: 'Read a saved job',
    tags: ['Saved jobs'],
    request: { params: savedJobIdParams },
    responses: { 200: { description: 'The saved job', schema: savedJobSchema }, ...invalid, ...authed, ...missing('saved job') },
  }),
  updateSavedJob: route({
    method: 'PATCH',
    path: '/saved-jobs/{savedJobId}',
    fn: savedJobs,
    auth: true,
    summary: "Edit a saved job's notes",
    tags: ['Saved jobs'],
    request: { params: savedJobIdParams, body: savedJobUpdateSchema },
    responses: { 200: { description: 'Changed', schema: savedJobSchema }, ...body, ...authed, ...missing('saved job') },
  }),
  removeSavedJob: route({
    method: 'DELETE',
    path: '/saved-jobs/{savedJobId}',
    fn: savedJobs,
    auth: true,
    summary: 'Remove a saved job',
    tags: ['Saved jobs'],
    request: { params: savedJobIdParams },
    responses: { 204: noContent('Removed'), ...invalid, ...authed, ...missing('saved job') },
  }),

  apply: route({
    method: 'POST',
    path: '/applications',
    fn: applications,
    auth: true,
    summary: 'Apply to a job with a profile (optionally as a dry run): queued for the applier',
    tags: ['Applications'],
    request: { body: applicationRequestSchema },
    responses: {
      202: { description: 'Queued (status pending)', schema: applicationSchema },
      ...body,
      ...authed,
      ...missing('job or profile'),
      409: problem('Already applied to this job, or the job is no longer active'),
    },
  }),
  listApplications: route({
    method: 'GET',
    path: '/applications',
    fn: applications,
    auth: true,
    summary: 'List your applications, newest first, optionally by status',
    tags: ['Applications'],
    request: { query: applicationListQuerySchema },
    responses: { 200: { description: 'A page of applications', schema: page(applicationSummarySchema) }, ...invalid, ...authed },
  }),
  getApplication: route({
    method: 'GET',
    path: '/applications/{applicationId}',
    fn: applications,
    auth: true,
    summary: "Read an application with every attempt, newest first, each with the applier's step log and screenshots",
    tags: ['Applications'],
    request: { params: applicationIdParams },
    responses: { 200: { description: 'The application', schema: applicationSchema }, ...invalid, ...authed, ...missing('application') },
  }),
  setApplicationStatus: route({
    method: 'PATCH',
    path: '/applications/{applicationId}',
    fn: applications,
    auth: true,
    summary:
      'Record what happened next: failed or filled -> applied; unconfirmed -> applied, interview, rejected or accepted; applied -> interview, rejected or accepted; interview -> rejected or accepted',
    tags: ['Applications'],
    request: { params: applicationIdParams, body: statusChangeSchema },
    responses: {
      200: { description: 'Changed', schema: applicationSchema },
      ...body,
      ...authed,
      ...missing('application'),
      409: problem('Not allowed from the current status'),
    },
  }),
  getApplicationScreenshot: route({
    method: 'GET',
    path: '/applications/{applicationId}/screenshots/{name}',
    fn: applications,
    auth: true,
    summary: 'The screenshot of that name (filled.png, outcome.png) of the newest attempt that took one',
    tags: ['Applications'],
    request: { params: screenshotParams },
    responses: { 200: png, ...invalid, ...authed, ...missing('application or screenshot') },
  }),
  getAttemptScreenshot: route({
    method: 'GET',
    path: '/applications/{applicationId}/attempts/{attempt}/screenshots/{name}',
    fn: applications,
    auth: true,
    summary: "One of the screenshots an attempt took (each listed, with this path, in the attempt's log)",
    tags: ['Applications'],
    request: { params: attemptScreenshotParams },
    responses: { 200: png, ...invalid, ...authed, ...missing('application, attempt or screenshot') },
  }),
  retryApplication: route({
    method: 'POST',
    path: '/applications/{applicationId}/retry',
    fn: applications,
    auth: true,
    summary: 'Retry a failed application, or run a filled dry run for real: queued again for the applier',
    tags: ['Applications'],
    request: { params: applicationIdParams },
    responses: {
      202: { description: 'Queued again (status pending)', schema: applicationSchema },
      ...invalid,
      ...authed,
      ...missing('application'),
      409: problem('Only a failed application or a filled dry run can be retried'),
    },
  }),
  deleteApplication: route({
    method: 'DELETE',
    path: '/applications/{applicationId}',
    fn: applications,
    auth: true,
    summary:
      'Delete an application, with every attempt, log and screenshot, unless the applier is working on it (in_progress); a pending one is withdrawn before it starts. Auto-apply never picks its job again; you may still apply to it by hand',
    tags: ['Applications'],
    request: { params: applicationIdParams },
    responses: {
      204: noContent('Deleted'),
      ...invalid,
      ...authed,
      ...missing('application'),
      409: problem('The applier is working on it (in_progress): delete it once the attempt has finished'),
    },
  }),

  startCrawl: route({
    method: 'POST',
    path: '/crawls',
    fn: crawls,
    auth: true,
    summary: 'Start a crawl: queued for the crawler',
    tags: ['Crawls'],
    request: { body: crawlRequestSchema },
    responses: { 202: { description: 'Queued', schema: crawlSchema }, ...body, ...authed, ...missing('profile') },
  }),
  listCrawls: route({
    method: 'GET',
    path: '/crawls',
    fn: crawls,
    auth: true,
    summary: 'List your crawls, newest first',
    tags: ['Crawls'],
    request: { query: crawlListQuerySchema },
    responses: { 200: { description: 'A page of crawls', schema: page(crawlSchema) }, ...invalid, ...authed },
  }),
  getCrawl: route({
    method: 'GET',
    path: '/crawls/{crawlId}',
    fn: crawls,
    auth: true,
    summary: 'Read a crawl: status, jobs found, error',
    tags: ['Crawls'],
    request: { params: crawlIdParams },
    responses: { 200: { description: 'The crawl', schema: crawlSchema }, ...invalid, ...authed, ...missing('crawl') },
  }),

  applicationCounts: route({
    method: 'GET',
    path: '/stats/applications',
    fn: stats,
    auth: true,
    summary: 'Your applications counted by status, live',
    tags: ['Stats'],
    responses: { 200: { description: 'Counts', schema: statusCountsSchema }, ...authed },
  }),
  statsSummary: route({
    method: 'GET',
    path: '/stats/summary',
    fn: stats,
    auth: true,
    summary: 'Your totals from the periodically refreshed statistics, with when they were computed',
    tags: ['Stats'],
    responses: { 200: { description: 'Totals', schema: statsSummarySchema }, ...authed },
  }),
  exportApplications: route({
    method: 'GET',
    path: '/stats/applications/export',
    fn: stats,
    auth: true,
    summary: 'Download all your applications as CSV',
    tags: ['Stats'],
    responses: { 200: { description: 'CSV, one application a row, with a header row', schema: z.string(), contentType: 'text/csv' }, ...authed },
  }),

  health: route({
    method: 'GET',
    path: '/health',
    fn: health,
    auth: false,
    summary: 'Is the service up and its database reachable?',
    tags: ['Service'],
    responses: { 200: { description: 'Healthy', schema: healthSchema }, 503: problem('The database is unreachable') },
  }),
  openApi: route({
    method: 'GET',
    path: '/openapi.json',
    fn: docs,
    auth: false,
    summary: 'This API described in OpenAPI 3.1',
    tags: ['Service'],
    responses: { 200: { description: 'The OpenAPI document', schema: z.record(z.string(), z.unknown()) } },
  }),
  docsPage: route({
    method: 'GET',
    path: '/docs',
    fn: docs,
    auth: false,
    summary: 'This API, as a readable page',
    tags: ['Service'],
    responses: { 200: { description: 'HTML', schema: z.string(), contentType: 'text/html' } },
  }),
} as const;

/** Every route, in the order the docs list them. */
export const routeTable: RouteSpec[] = Object.values(routes);
