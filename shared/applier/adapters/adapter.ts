/**
 * A form family: how to recognise its page and where its form, submit button and confirmation are.
 * Filling itself is shared (fields are found by label and type in every family).
 */
export interface FormAdapter {
  name: 'greenhouse' | 'lever' | 'ashby' | 'generic';
  /** Hosts this family serves its hosted forms from. */
  hosts: RegExp | null;
  /** Markup that only this family's form has (forms embedded on an employer's own domain). */
  marker: string | null;
  /** The form's container: fields outside it (site search boxes, newsletter sign-ups) are not the application. */
  scope: string | null;
  /** Containers of answer buttons ("Yes" / "No") that act as one question. */
  buttonGroups: string | null;
  submit: string | null;
  /** Elements that only a confirmation shows. */
  confirmation: string | null;
  confirmationUrl: RegExp | null;
}
