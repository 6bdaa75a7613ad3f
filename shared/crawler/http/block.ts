/**
 * Recognizes the pages boards answer bots with instead of results: captchas, login walls,
 * Cloudflare-style challenges, plain 403s. Checked on every page before it is parsed, so a block
 * fails the crawl with its reason instead of looking like "no jobs found".
 */
import type { BlockKind } from '../errors';

export interface BlockVerdict {
  kind: BlockKind;
  detail: string;
}

const CHALLENGE = [
  /<title>\s*just a moment\.{0,3}\s*<\/title>/i,
  // Not "challenge-platform" or "__cf_chl_": Cloudflare injects those into ordinary pages it let through too.
  /cf-browser-verification|_cf_chl_opt\s*=|id=["']?challenge-form/i,
  /checking (if the site connection is secure|your browser before accessing)/i,
  /<title>\s*attention required!? \| cloudflare/i,
  /enable javascript and cookies to continue/i,
  /px-captcha|_pxCaptcha|perimeterx/i,
  /ddos protection by|datadome/i,
];
const CAPTCHA = [
  /g-recaptcha|grecaptcha|recaptcha\/api\.js/i,
  /h-captcha|hcaptcha\.com/i,
  /captcha-delivery|funcaptcha|arkoselabs/i,
  // The title is the check itself ("Security Check | Indeed"), not a results page that echoes the
  // search in its title ("20 captcha Jobs | ZipRecruiter", "Security Check Officer Jobs | Indeed").
  /<title>\s*(captcha|security check|are you a robot\??|verify you are human)\s*(?:[|:\-\u2013\u2014][^<]*)?<\/title>/i,
  /id=["']?captcha/i,
];
const LOGIN = [
  /<title>[^<]*(sign ?in|log ?in|login)[^<]*<\/title>/i,
  /authwall|uas\/login|session_redirect|\/checkpoint\/|id=["']?login-form/i,
];
const LOGIN_URL = /\/(login|signin|sign-in|authwall|uas\/login|account\/login|checkpoint)\b/i;

export function detectBlock(status: number, finalUrl: string, body: string): BlockVerdict | null {
  // Only the head of a page: a challenge says so early; a job description may mention "captcha" later on.
  const head = body.slice(0, 20_000);
  if (CHALLENGE.some((re) => re.test(head))) return { kind: 'challenge page', detail: 'a bot-protection challenge page' };
  if (CAPTCHA.some((re) => re.test(head))) return { kind: 'captcha', detail: 'a captcha page' };
  let path = '';
  try {
    path = new URL(finalUrl).pathname;
  } catch {
    // an unparseable URL never reaches here; keep the text checks
  }
  if (LOGIN_URL.test(path) || (status !== 200 && LOGIN.some((re) => re.test(head))) || (status === 200 && /authwall/i.test(head))) {
    return { kind: 'login wall', detail: 'a login wall' };
  }
  if (status === 401) return { kind: 'login wall', detail: 'HTTP 401 (login required)' };
  if (status === 403) return { kind: 'forbidden', detail: 'HTTP 403 Forbidden' };
  if (status === 999) return { kind: 'forbidden', detail: 'HTTP 999 (request denied)' };
  return null;
}
