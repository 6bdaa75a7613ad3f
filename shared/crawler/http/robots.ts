/**
 * robots.txt for career sites: fetched once per origin per crawl, read with robots-parser.
 * A missing robots.txt (404) allows everything; a 401/403 one disallows everything (the common
 * reading, and Google's); an unreachable one (5xx, network) allows nothing until it can be read.
 */
import robotsParser from 'robots-parser';

export const CRAWLER_AGENT = 'JobAutomationBot';

type Robot = ReturnType<typeof robotsParser>;

export interface RobotsRules {
  allowed(url: string): boolean;
  /** Seconds between requests the site asks for, if any. */
  crawlDelay(): number | undefined;
}

const ALLOW_ALL: RobotsRules = { allowed: () => true, crawlDelay: () => undefined };
const DENY_ALL: RobotsRules = { allowed: () => false, crawlDelay: () => undefined };

export function robotsRules(robotsUrl: string, status: number, body: string): RobotsRules {
  if (status >= 200 && status < 300) {
    const robot: Robot = robotsParser(robotsUrl, body);
    return {
      allowed: (url) => robot.isAllowed(url, CRAWLER_AGENT) !== false,
      crawlDelay: () => robot.getCrawlDelay(CRAWLER_AGENT),
    };
  }
  if (status === 401 || status === 403) return DENY_ALL;
  if (status >= 400 && status < 500) return ALLOW_ALL;
  return DENY_ALL;
}
