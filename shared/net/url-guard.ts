/**
 * Server-side request forgery guard for every URL a crawl or an application follows: http(s) only,
 * and in AWS never an address inside the VPC, the host, or the instance metadata service. The name
 * is resolved and every address it resolves to is checked (one private answer is enough to refuse).
 *
 * `guardedLookup` is the same check as a socket `lookup` function, so the address a connection is
 * actually made to is the one that was checked (no DNS-rebinding gap between check and connect).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { config } from '../config';

export class BlockedTargetError extends Error {
  override readonly name = 'BlockedTargetError';
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
  }
}

export interface TargetOptions {
  /** Allow private and loopback addresses (local fixture sites). Default: config.allowPrivateTargets(). */
  allowPrivate?: boolean;
}

/** Cloud metadata endpoints: refused even when private targets are allowed (nothing local needs them). */
const METADATA = new BlockList();
METADATA.addAddress('169.254.169.254', 'ipv4');
METADATA.addAddress('169.254.170.2', 'ipv4'); // ECS task metadata
METADATA.addAddress('fd00:ec2::254', 'ipv6');

/** Addresses that are not the public internet. */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local (includes fd00:ec2::254)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

/** The IPv4 address carried inside an IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::) or compatible IPv6 address. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1] as string;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const hi = parseInt(hex[1] as string, 16);
  const lo = parseInt(hex[2] as string, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Why an address is refused, or null when it may be reached. */
export function addressRefusal(address: string, allowPrivate: boolean): string | null {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const inner = family === 6 ? embeddedIpv4(address) : null;
  if (inner) return addressRefusal(inner, allowPrivate);
  if (METADATA.check(address, type)) return 'a cloud metadata address';
  if (!allowPrivate && PRIVATE.check(address, type)) return 'a private, loopback or link-local address';
  return null;
}

function resolveAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  });
}

function parse(url: string | URL): URL {
  try {
    return new URL(url);
  } catch {
    throw new BlockedTargetError(`"${String(url).slice(0, 200)}" is not a valid URL`, String(url));
  }
}

/** The URL, parsed, once its scheme and every address its host resolves to are acceptable; else BlockedTargetError. */
export async function checkTarget(url: string | URL, options: TargetOptions = {}): Promise<URL> {
  const allowPrivate = options.allowPrivate ?? config.allowPrivateTargets();
  const target = parse(url);
  const shown = target.origin;
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new BlockedTargetError(`${shown}: only http and https URLs may be crawled (got ${target.protocol})`, target.href);
  }
  if (target.username || target.password) {
    throw new BlockedTargetError(`${shown}: URLs with credentials are not followed`, target.href);
  }
  const host = target.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await resolveAll(host)).map((a) => a.address);
    } catch (err) {
      throw new BlockedTargetError(`${shown}: the host name does not resolve (${(err as NodeJS.ErrnoException).code ?? 'lookup failed'})`, target.href);
    }
  }
  if (addresses.length === 0) throw new BlockedTargetError(`${shown}: the host name does not resolve`, target.href);
  for (const address of addresses) {
    const refusal = addressRefusal(address, allowPrivate);
    if (refusal) throw new BlockedTargetError(`${shown} resolves to ${address}, ${refusal}; refused`, target.href);
  }
  return target;
}

/** A socket lookup that refuses what checkTarget refuses, for http(s).request({ lookup }). */
export function guardedLookup(options: TargetOptions = {}): LookupFunction {
  const allowPrivate = options.allowPrivate ?? config.allowPrivateTargets();
  return (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as LookupAddress[];
      for (const { address } of list) {
        const refusal = addressRefusal(address, allowPrivate);
        if (refusal) return callback(new BlockedTargetError(`${hostname} resolves to ${address}, ${refusal}; refused`, hostname), '', 0);
      }
      if (lookupOptions.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      const firstAddress = list[0];
      if (!firstAddress) return callback(new BlockedTargetError(`${hostname} does not resolve`, hostname), '', 0);
      callback(null, firstAddress.address, firstAddress.family);
    });
  };
}
