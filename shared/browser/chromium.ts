/**
 * The one headless browser of a worker process: @sparticuz/chromium driven by puppeteer-core, the
 * same binary in Lambda and on developer machines. Launched once per process (the binary unpacks to
 * /tmp on first use) and reused across the messages a warm Lambda handles.
 */
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

let launching: Promise<Browser> | undefined;

/** Flags that keep Chromium from reaching out on its own (the machines here have no internet). */
const QUIET_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function getBrowser(): Promise<Browser> {
  if (launching) {
    const browser = await launching.catch(() => undefined);
    if (browser?.connected) return browser;
  }
  launching = (async () => {
    chromium.setGraphicsMode = false;
    return puppeteer.launch({
      executablePath: await chromium.executablePath(),
      args: [...chromium.args, ...QUIET_FLAGS],
      headless: 'shell',
      defaultViewport: { width: 1280, height: 900 },
      protocolTimeout: 60_000,
      // Puppeteer's own handlers would exit the process on Ctrl-C before its owner has stopped the
      // rest (the local runtime stops its database); the owner closes the browser (closeBrowser).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  })();
  return launching;
}

/** Runs fn on a fresh page and always closes that page, so a warm browser does not leak tabs. */
export async function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const browser = await getBrowser();
  const page = await browser.newPage();
  try {
    return await fn(page);
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** browser.close() can hang: close pages first, bound the wait, then kill the process. */
export async function closeBrowser(timeoutMs = 5_000): Promise<void> {
  const pending = launching;
  launching = undefined;
  const browser = await pending?.catch(() => undefined);
  if (!browser) return;
  await Promise.all((await browser.pages().catch(() => [])).map((p) => p.close().catch(() => undefined)));
  const closed = browser.close().then(() => true, () => false);
  const timedOut = new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref());
  if (!(await Promise.race([closed, timedOut]))) browser.process()?.kill('SIGKILL');
}
