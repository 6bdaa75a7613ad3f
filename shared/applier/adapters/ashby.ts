import type { FormAdapter } from './adapter';

/** Ashby (jobs.ashbyhq.com): a client-rendered form with yes/no button pairs and custom dropdowns; success is shown in place. */
export const ashby: FormAdapter = {
  name: 'ashby',
  hosts: /^jobs\.ashbyhq\.com$/,
  marker: '.ashby-application-form-container',
  scope: '.ashby-application-form-container',
  buttonGroups: '[class*="_yesno_"]',
  submit: '.ashby-application-form-submit-button',
  confirmation: '.ashby-application-form-success-container',
  confirmationUrl: null,
};
