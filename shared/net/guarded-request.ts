/**
 * One HTTP(S) request and the redirects it leads to, through the URL guard at every hop, for every
 * fetch the platform makes on a URL it was given (a crawl's pages, a user's https resume). A
 * redirect's target is checked as the first URL was (scheme, credentials, an address literal, what
 * its name resolves to), and every connection resolves its host name through guardedLookup, so the
 * address connected to is the one that was checked: a name that answers a public address to the
 * check and a private one to the connect (DNS rebinding) is refused at the connect.
 */
import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { BlockedTargetError, checkTarget, guardedLookup } from './url-guard';

export interface GuardedAgents {
  http: http.Agent;
  https: https.Agent;
  close(): void;
}

/** Connection pools whose every lookup is guarded; private targets only where `allowPrivate` (local fixture sites). */
export function guardedAgents(options: { allowPrivate: boolean; keepAlive?: boolean; maxSockets?: number }): GuardedAgents {
  const lookup = guardedLookup({ allowPrivate: options.allowPrivate });
  const settings = { keepAlive: options.keepAlive ?? false, maxSockets: options.maxSockets ?? Infinity, lookup };
  const agents = { http: new http.Agent(settings), https: new https.Agent(settings) };
  return {
    ...agents,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** A redirect that is not followed: to a refused address, to a scheme not allowed, or one too many. */
export class RedirectRefused extends Error {
  override readonly name = 'RedirectRefused';
  constructor(
    message: string,
    readonly kind: 'refused' | 'scheme' | 'too-many',
    /** Where it pointed (not for 'too-many'). */
    readonly target?: URL,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface GuardedRequestOptions {
  agents: GuardedAgents;
  allowPrivate: boolean;
  method?: 'GET' | 'POST';
  /** Sent with every hop; a content-type only with the body. */
  headers?: OutgoingHttpHeaders;
  body?: Buffer | null;
  maxRedirects: number;
  /** The schemes a redirect may lead to (a resume: https only). Default http: and https:. */
  protocols?: readonly string[];
  /** Each hop's answer must start within this long, and no pause while it is read may last longer. */
  timeoutMs: number;
  /** Ends the whole exchange, reading included. */
  signal?: AbortSignal;
  /** Before each hop's request is sent (the crawler counts them and checks its deadline). */
  beforeHop?: (url: URL) => void;
}

export interface GuardedResponse {
  /** The URL that answered, after redirects. */
  url: URL;
  response: IncomingMessage;
}

/**
 * The response of `start` (a URL checkTarget accepted) or of where its redirects lead, with its body
 * unread. Throws RedirectRefused for a redirect not followed, BlockedTargetError when a connection's
 * lookup finds a refused address, and the network's own errors.
 */
export async function guardedRequest(start: URL, options: GuardedRequestOptions): Promise<GuardedResponse> {
  const protocols = options.protocols ?? ['http:', 'https:'];
  let current = start;
  let method = options.method ?? 'GET';
  let body = options.body ?? null;
  for (let hop = 0; ; hop++) {
    options.beforeHop?.(current);
    const response = await once(current, method, body, options);
    const location = response.headers.location;
    if (response.statusCode === undefined || response.statusCode < 300 || response.statusCode >= 400 || !location) return { url: current, response };
    response.resume(); // the redirect's own body is not wanted; its socket goes back to the pool
    if (hop >= options.maxRedirects) throw new RedirectRefused(`${start.href} redirected more than ${options.maxRedirects} times`, 'too-many');
    // As browsers do: 307 and 308 repeat a POST where they point; the other redirects continue as a GET.
    if (response.statusCode !== 307 && response.statusCode !== 308) {
      method = 'GET';
      body = null;
    }
    const next = new URL(location, current);
    if (!protocols.includes(next.protocol)) throw new RedirectRefused(`${start.href} redirected to ${next.origin}, which is not ${protocols.join(' or ')}`, 'scheme', next);
    try {
      current = await checkTarget(next, { allowPrivate: options.allowPrivate });
    } catch (error) {
      if (error instanceof BlockedTargetError) throw new RedirectRefused(`${start.href} redirected to a refused address: ${error.message}`, 'refused', next, { cause: error });
      throw error;
    }
  }
}

function once(url: URL, method: string, body: Buffer | null, options: GuardedRequestOptions): Promise<IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method,
        agent: url.protocol === 'https:' ? options.agents.https : options.agents.http,
        // A redirect that goes on as a GET sends no body, nor the headers that describe one.
        headers: body ? { ...options.headers, 'content-length': String(body.length) } : withoutBodyHeaders(options.headers),
        signal: options.signal,
      },
      resolve,
    );
    request.setTimeout(options.timeoutMs, () => request.destroy(new Error(`no answer within ${Math.round(options.timeoutMs / 1000)}s`)));
    request.on('error', reject);
    request.end(body ?? undefined);
  });
}

function withoutBodyHeaders(headers: OutgoingHttpHeaders = {}): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-type'));
}
