/**
 * Remote work: from the source's own field where it has one (JSON-LD jobLocationType TELECOMMUTE or HYBRID,
 * Lever/Ashby workplaceType, Indeed remoteLocation, ZipRecruiter locationTypes), and only where
 * it has none, from the location or title text. Hybrid is not remote.
 */
export type Workplace = 'remote' | 'hybrid' | 'onsite';

export interface RemoteSignals {
  /** The source's own boolean, when it has one. */
  flag?: boolean | null;
  /** The source's own workplace label ("remote", "Hybrid", "OnSite", "TELECOMMUTE", "REMOTE_HYBRID"). */
  workplace?: string | null;
  /** Text to fall back on when the source says nothing: location first, then title. */
  texts?: ReadonlyArray<string | null | undefined>;
}

export function parseWorkplace(label: string | null | undefined): Workplace | null {
  if (!label) return null;
  const t = label.toLowerCase().replace(/[_-]+/g, ' ');
  if (/hybrid/.test(t)) return 'hybrid';
  if (/remote|telecommut|work from home|wfh|home office|anywhere/.test(t)) return 'remote';
  if (/on ?site|in office|office|in person/.test(t)) return 'onsite';
  return null;
}

function fromText(text: string): Workplace | null {
  const t = text.toLowerCase();
  if (/\bhybrid\b/.test(t)) return 'hybrid';
  if (/\b(no|not|non)[\s-]remote\b|\bremote not (available|possible)\b/.test(t)) return 'onsite';
  if (/\bremote\b|\bwork from home\b|\bwfh\b|\btelecommut|\bhome[\s-]?based\b|\banywhere\b/.test(t)) return 'remote';
  return null;
}

export function detectRemote(signals: RemoteSignals): { remote: boolean; workplace: Workplace | null } {
  const labelled = parseWorkplace(signals.workplace);
  if (labelled) return { remote: labelled === 'remote', workplace: labelled };
  if (typeof signals.flag === 'boolean') return { remote: signals.flag, workplace: signals.flag ? 'remote' : null };
  for (const text of signals.texts ?? []) {
    const found = text ? fromText(text) : null;
    if (found) return { remote: found === 'remote', workplace: found };
  }
  return { remote: false, workplace: null };
}
