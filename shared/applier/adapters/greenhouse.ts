import type { FormAdapter } from './adapter';

/** Greenhouse hosted job boards (job-boards. and boards.greenhouse.io): the form is on the job page; success goes to /confirmation. */
export const greenhouse: FormAdapter = {
  name: 'greenhouse',
  hosts: /(^|\.)greenhouse\.io$/,
  marker: 'form#application-form.application--form, #grnhse_app, form#application_form[action*="greenhouse"]',
  scope: '#application-form, #application_form',
  buttonGroups: null,
  submit: '#application-form button[type=submit], #application_form #submit_app',
  confirmation: '.application-confirmation, #application_confirmation',
  confirmationUrl: /\/confirmation\/?$/,
};
