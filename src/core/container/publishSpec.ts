/**
 * `-p/--publish` read as Docker reads it (go-connections nat.ParsePortSpec): `[IP:][HOST_PORT:]CONTAINER_PORT[/PROTO]`
 * where ports may be ranges, IPv6 addresses come in brackets (`[::1]:8080:80`) and a missing host port means "any
 * free port". A missing IP means every interface of the host to Docker; LW Coder reads it as 127.0.0.1 instead, so a
 * repository cannot open the agent's ports to the network without the user confirming an explicit address.
 */

export interface PortMapping {
  /** `80/tcp`, the engine's ExposedPorts/PortBindings key. */
  readonly containerPort: string;
  /** As written; '' when the option named none. */
  readonly hostIp: string;
  /** '' for any free port, a port, or a range when one container port takes the first free port of a host range. */
  readonly hostPort: string;
}

export type PublishParse = { readonly ok: true; readonly mappings: readonly PortMapping[] } | { readonly ok: false; readonly why: string };

/** Where LW Coder binds a published port whose option names no address. */
export const DEFAULT_PUBLISH_IP = '127.0.0.1';

export function parsePublish(raw: string): PublishParse {
  if (raw.includes('=')) return { ok: false, why: 'the long form (target=...,published=...) is not supported' };
  const parts = raw.split(':');
  const containerPart = parts[parts.length - 1]!;
  const hostPort = parts.length >= 2 ? parts[parts.length - 2]! : '';
  let ip = parts.length >= 3 ? parts.slice(0, parts.length - 2).join(':') : '';
  if (ip.startsWith('[')) {
    if (!ip.endsWith(']')) return { ok: false, why: `'${ip}' is not a bracketed IPv6 address` };
    ip = ip.slice(1, -1);
  }
  if (ip !== '' && parseIp(ip) === undefined) return { ok: false, why: `'${ip}' is not an IP address` };
  const slash = containerPart.split('/');
  if (containerPart === '' || slash[0] === '') return { ok: false, why: 'it names no container port' };
  const proto = slash.length === 1 || slash[1] === '' ? 'tcp' : slash[1]!.toLowerCase();
  if (!['tcp', 'udp', 'sctp'].includes(proto)) return { ok: false, why: `'${slash[1] ?? ''}' is not tcp, udp or sctp` };
  const container = portRange(slash[0]!);
  if (!container) return { ok: false, why: `'${slash[0]!}' is not a port or a range of ports` };
  const host = hostPort === '' ? undefined : portRange(hostPort);
  if (hostPort !== '' && !host) return { ok: false, why: `'${hostPort}' is not a port or a range of ports` };
  const span = container[1] - container[0];
  // A host range with a single container port is "the first free port of the range"; otherwise the sizes must agree.
  if (host && host[1] - host[0] !== span && span !== 0) return { ok: false, why: `the ranges ${slash[0]!} and ${hostPort} differ in size` };
  const mappings: PortMapping[] = [];
  for (let i = 0; i <= span; i++) {
    const hostPortOf = !host ? '' : span === 0 && host[0] !== host[1] ? `${host[0]}-${host[1]}` : String(host[0] + i);
    mappings.push({ containerPort: `${container[0] + i}/${proto}`, hostIp: ip, hostPort: hostPortOf });
  }
  return { ok: true, mappings };
}

/** strconv.ParseUint(p, 10, 16) on each end of `a` or `a-b`. */
function portRange(text: string): [number, number] | undefined {
  const ends = text.split('-');
  if (ends.length > 2) return undefined;
  const nums = ends.map((e) => (/^\d+$/.test(e) && Number(e) <= 65535 ? Number(e) : undefined));
  if (nums.some((n) => n === undefined)) return undefined;
  const [start, end = start] = nums as number[];
  return start! <= end! ? [start!, end!] : undefined;
}

export type IpClass = 'loopback' | 'unspecified' | 'other';

/** Classifies an address that parseIp accepts; '' (no address) is every interface to Docker. */
export function classifyIp(ip: string): IpClass {
  if (ip === '') return 'unspecified';
  const bytes = parseIp(ip);
  if (!bytes) return 'other';
  // IPv4 and IPv4-mapped IPv6 (::ffff:a.b.c.d) share the last four bytes.
  const mapped = bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  const v4 = bytes.length === 4 ? bytes : mapped ? bytes.slice(12) : undefined;
  if (v4) return v4[0] === 127 ? 'loopback' : v4.every((b) => b === 0) ? 'unspecified' : 'other';
  if (bytes.every((b) => b === 0)) return 'unspecified';
  return bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1 ? 'loopback' : 'other';
}

/** Go's net.ParseIP: dotted IPv4 without leading zeros, or IPv6 (with `::` and an IPv4 tail); no zones. */
export function parseIp(text: string): number[] | undefined {
  const v4 = parseIpv4(text);
  if (v4) return v4;
  if (!text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes('.')) {
        const tail = parseIpv4(piece);
        if (!tail) return undefined;
        out.push((tail[0]! << 8) | tail[1]!, (tail[2]! << 8) | tail[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) out.push(parseInt(piece, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const words = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((p) => (/^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255 ? Number(p) : undefined));
  return bytes.every((b) => b !== undefined) ? (bytes as number[]) : undefined;
}
