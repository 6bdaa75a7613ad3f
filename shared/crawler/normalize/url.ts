/**
 * Canonical posting URLs: tracking parameters removed, host lowercased, default port and fragment
 * dropped, remaining parameters sorted, so the same posting reached from two searches has one URL.
 */

/** Parameters that only say how a visitor arrived. */
const TRACKING_PARAMS = new Set([
  'gclid', 'gclsrc', 'dclid', 'fbclid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id', 'igshid',
  'mc_cid', 'mc_eid', '_ga', '_gl', '_hsenc', '_hsmi', 'hsctatracking', 'mkt_tok', 'oly_anon_id', 'oly_enc_id',
  'vero_id', 'wickedid', 'rb_clickid', 's_cid', 'cmpid', 'campaignid', 'cmpratingc', 'ref', 'referer', 'referrer',
  'refid', 'trk', 'trkinfo', 'trackingid', 'tracking_id', 'position', 'pagenum', 'lipi', 'midtoken', 'midsig',
  'eid', 'otptoken', 'gh_src', 'lever-source', 'lever-origin', 'source_id', 'src', 'from', 'tk', 'advn', 'adid',
  'ad', 'sjdu', 'acatk', 'pub', 'camk', 'xkcb', 'xpse', 'xfps', 'vjs', 'jsa', 'fromjk', 'jrtk', 'guid', 'ao', 'cs',
  'cb', 'pos', 'uido', 'vt', 'ea', 'lk', 'match_token', 'ojs', 'clickid', 'spm', 'share_id', 'sharesource',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'hsa_', 'mtm_', 'piwik_', 'matomo_', 'at_', 'ga_'];

export function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING_PARAMS.has(n) || TRACKING_PREFIXES.some((p) => n.startsWith(p));
}

export interface CanonicalOptions {
  /** Keep only these parameters (a board's id parameter, e.g. `jk`, `jid`, `gh_jid`). */
  keep?: readonly string[];
  /** Resolve a relative href against this URL first. */
  base?: string;
}

/** The canonical form, or null when the input is not an http(s) URL. */
export function canonicalUrl(input: string | null | undefined, options: CanonicalOptions = {}): string | null {
  if (!input) return null;
  let url: URL;
  try {
    url = new URL(input.trim(), options.base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  url.username = '';
  url.password = '';
  url.hostname = url.hostname.toLowerCase();
  const keep = options.keep?.map((k) => k.toLowerCase());
  const params = [...url.searchParams.entries()]
    .filter(([name]) => (keep ? keep.includes(name.toLowerCase()) : !isTrackingParam(name)))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = '';
  for (const [name, value] of params) url.searchParams.append(name, value);
  return url.toString();
}
