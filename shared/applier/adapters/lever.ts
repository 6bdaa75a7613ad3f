import type { FormAdapter } from './adapter';

/** Lever hosted postings (jobs.lever.co): the posting links to /apply, a multipart POST that lands on /thanks. */
export const lever: FormAdapter = {
  name: 'lever',
  hosts: /^jobs\.(eu\.)?lever\.co$/,
  marker: 'body.lever-job-page form#application-form, form#application-form li.application-question',
  scope: '#application-form',
  buttonGroups: null,
  submit: '#btn-submit, [data-qa=btn-submit]',
  confirmation: '[data-qa=msg-submit-success], .application-confirmation',
  confirmationUrl: /\/thanks\/?$/,
};
