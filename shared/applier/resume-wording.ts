/** How a form says "resume": in an upload slot's label, and in the line of a form that asks for one. */
export const RESUME_WORDING = '(?<![\\p{L}\\p{N}])(resume|résumé|cv|curriculum vitae)(?![\\p{L}\\p{N}])';

export const resumeWording = new RegExp(RESUME_WORDING, 'iu');
