/**
 * The one place the applier checks a URL before the browser or a fetch goes there. A minimal local
 * check (http(s) only; private, loopback, link-local and metadata addresses refused unless
 * ALLOW_PRIVATE_TARGETS) until shared/net/url-guard.ts lands on main; then this module re-exports it.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { config } from '../config';

export class BlockedTargetError extends Error {
  override readonly name = 'BlockedTargetError';
}

const METADATA = new BlockList();
METADATA.addAddress('169.254.169.254', 'ipv4');
METADATA.addAddress('169.254.170.2', 'ipv4');
METADATA.addAddress('fd00:ec2::254', 'ipv6');

const PRIVATE = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16]] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10]] as const) PRIVATE.addSubnet(net, prefix, 'ipv6');

function refusal(address: string, allowPrivate: boolean): string | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return refusal(mapped[1] as string, allowPrivate);
  const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (METADATA.check(address, type)) return 'a cloud metadata address';
  if (!allowPrivate && PRIVATE.check(address, type)) return 'a private, loopback or link-local address';
  return null;
}

/** The URL, parsed, once its scheme and every address its host resolves to are acceptable. */
export async function checkTarget(url: string | URL, options: { allowPrivate?: boolean } = {}): Promise<URL> {
  const allowPrivate = options.allowPrivate ?? config.allowPrivateTargets();
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new BlockedTargetError(`"${String(url).slice(0, 200)}" is not a valid URL`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new BlockedTargetError(`${target.protocol} URLs are not followed`);
  if (target.username || target.password) throw new BlockedTargetError(`${target.origin}: URLs with credentials are not followed`);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [host]
    : await lookup(host, { all: true, verbatim: true }).then(
        (list) => list.map((a) => a.address),
        () => { throw new BlockedTargetError(`${target.origin}: the host name does not resolve`); },
      );
  for (const address of addresses) {
    const why = refusal(address, allowPrivate);
    if (why) throw new BlockedTargetError(`${target.origin} resolves to ${address}, ${why}; refused`);
  }
  return target;
}
