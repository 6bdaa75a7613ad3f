import type { FormAdapter } from './adapter';

/** Any other HTML form, single page or in steps: the form with the most fields is the application. */
export const generic: FormAdapter = {
  name: 'generic',
  hosts: null,
  marker: null,
  scope: null,
  buttonGroups: null,
  submit: null,
  confirmation: null,
  confirmationUrl: null,
};
