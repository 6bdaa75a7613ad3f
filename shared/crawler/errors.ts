/**
 * How a crawl stops early. A block (captcha, login wall, 403, challenge page, a rate limit that
 * outlasts the crawl) fails the crawl with its reason; the deadline ends it with what it has.
 */
export type BlockKind = 'captcha' | 'login wall' | 'forbidden' | 'challenge page' | 'rate limited' | 'not found' | 'unavailable' | 'unexpected page';

export class CrawlBlockedError extends Error {
  override readonly name = 'CrawlBlockedError';
  constructor(
    readonly kind: BlockKind,
    /** For the user: "answered with a captcha page (https://...)" */
    message: string,
    readonly url: string,
  ) {
    super(message);
  }
}

/** The deadline arrived before the crawl finished; what was saved stays saved. */
export class CrawlDeadlineError extends Error {
  override readonly name = 'CrawlDeadlineError';
}

/** A page the adapter could not read (the board changed its markup): fails the crawl, never "0 jobs". */
export class UnreadablePageError extends Error {
  override readonly name = 'UnreadablePageError';
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
  }
}
