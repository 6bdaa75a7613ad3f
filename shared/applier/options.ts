/**
 * Picking the option of a select, radio group, custom dropdown or button group that says what the
 * user's answer says. No close-enough guesses: an answer that fits no option, or fits several, is
 * returned as null and the question is treated as unanswered.
 */
import { normalize } from './text';

const PLACEHOLDER = /^(select|choose|please select|please choose|select an option|select one|none selected)?$/;
const DECLINE = /decline|prefer not|\b(not|dont) (wish|want) to\b|choose not|not to (say|answer|disclose|self identify|identify)|rather not/;

/** The options a user could mean, without "Select..." placeholders. */
export function realOptions(options: string[]): string[] {
  return [...new Set(options)].filter((o) => !PLACEHOLDER.test(normalize(o)) && !/^-+$/.test(o.trim()));
}

function unique(matches: string[]): string | null {
  return matches.length === 1 ? (matches[0] as string) : null;
}

export function declineOption(options: string[]): string | null {
  return unique(realOptions(options).filter((o) => DECLINE.test(normalize(o))));
}

function yesNo(options: string[], yes: boolean): string | null {
  const word = yes ? 'yes' : 'no';
  return unique(realOptions(options).filter((o) => normalize(o).split(' ')[0] === word));
}

/** The option the answer names, or null when none (or more than one) does. */
export function chooseOption(answer: string | boolean, options: string[], { decline = false } = {}): string | null {
  if (typeof answer === 'boolean') return yesNo(options, answer);
  const wanted = normalize(answer);
  if (decline && wanted === 'decline') return declineOption(options);
  const candidates = realOptions(options);
  const exact = unique(candidates.filter((o) => normalize(o) === wanted));
  if (exact) return exact;
  // "Yes, I am authorized to work in the US" against Yes / No options.
  const lead = wanted.split(' ')[0];
  if ((lead === 'yes' || lead === 'no') && candidates.every((o) => /^(yes|no)\b/.test(normalize(o)))) return yesNo(candidates, lead === 'yes');
  // "Female" against "Female / Woman"; "4 weeks" against "4 weeks or less" — a whole-word containment, one way or the other.
  const contains = (outer: string, inner: string) => inner.length > 0 && ` ${outer} `.includes(` ${inner} `);
  return unique(candidates.filter((o) => contains(normalize(o), wanted) || contains(wanted, normalize(o))));
}
