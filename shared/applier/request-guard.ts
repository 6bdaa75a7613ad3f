/**
 * Every request the page makes goes through the URL check: a form cannot send the browser (or an
 * iframe the screenshot would capture) to a private or metadata address. One decision per origin.
 */
import type { HTTPRequest, Page } from 'puppeteer-core';
import { checkTarget } from '../net/url-guard';

export async function guardRequests(page: Page, onBlocked: (url: string, reason: string) => void): Promise<void> {
  const decisions = new Map<string, Promise<string | null>>();
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    const url = request.url();
    if (/^(data|blob|about):/i.test(url)) {
      void request.continue();
      return;
    }
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      void request.abort('blockedbyclient');
      return;
    }
    let decision = decisions.get(origin);
    if (!decision) {
      // Reported once per origin, so a page full of refused resources does not flood the log.
      decision = checkTarget(url).then(() => null, (error: Error) => {
        onBlocked(url, error.message);
        return error.message;
      });
      decisions.set(origin, decision);
    }
    void decision.then((refusal) => (refusal === null ? request.continue() : request.abort('blockedbyclient'))).catch(() => undefined);
  });
}
