// IP addresses and CIDR blocks, IPv4 and IPv6, for `ipBlocks` and the
// `source.ip` condition. Addresses are kept as 16 bytes; an IPv4 address is
// stored in the IPv4-mapped form (::ffff:a.b.c.d), so a client reaching a
// dual-stack listener over IPv6 with a mapped address matches IPv4 blocks.

const MAPPED_PREFIX_BITS: i32 = 96;

export class IpAddress {
  constructor(public readonly bytes: Uint8Array, public readonly isV4: bool) {}
}

export class CidrBlock {
  constructor(private readonly network: Uint8Array, private readonly prefixBits: i32) {}

  /** "10.0.0.0/8", "2001:db8::/32", or a single address; null when malformed. */
  static parse(text: string): CidrBlock | null {
    const slash = text.indexOf("/");
    const address = parseIp(slash < 0 ? text : text.substring(0, slash));
    if (address === null) return null;
    // Written as IPv4: the prefix counts IPv4 bits, placed after the mapped prefix.
    const writtenAsV4 = text.indexOf(":") < 0;
    const maxBits = writtenAsV4 ? 32 : 128;
    let bits = maxBits;
    if (slash >= 0) {
      bits = parseSmallInt(text.substring(slash + 1));
      if (bits < 0 || bits > maxBits) return null;
    }
    return new CidrBlock(address.bytes, writtenAsV4 ? bits + MAPPED_PREFIX_BITS : bits);
  }

  contains(address: IpAddress): bool {
    const fullBytes = this.prefixBits >> 3;
    for (let i = 0; i < fullBytes; i++) {
      if (unchecked(this.network[i]) != unchecked(address.bytes[i])) return false;
    }
    const rest = this.prefixBits & 7;
    if (rest == 0) return true;
    const mask: u32 = (<u32>0xff << <u32>(8 - rest)) & 0xff;
    return (<u32>unchecked(this.network[fullBytes]) & mask) == (<u32>unchecked(address.bytes[fullBytes]) & mask);
  }
}

/** An IPv4 or IPv6 address (no brackets, no zone), or null. */
export function parseIp(text: string): IpAddress | null {
  if (text.length == 0 || text.length > 45) return null;
  if (text.indexOf(":") < 0) {
    const bytes = new Uint8Array(16);
    bytes[10] = 0xff;
    bytes[11] = 0xff;
    return parseV4Into(text, bytes, 12) ? new IpAddress(bytes, true) : null;
  }
  const bytes = parseV6(text);
  if (bytes === null) return null;
  return new IpAddress(bytes, isMapped(bytes));
}

/** The IP of a `source.address` value: "1.2.3.4:5678", "[::1]:5678" or a bare address. */
export function ipOfSocketAddress(text: string): IpAddress | null {
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    return close < 0 ? null : parseIp(text.substring(1, close));
  }
  const colon = text.lastIndexOf(":");
  if (colon >= 0 && text.indexOf(":") == colon) return parseIp(text.substring(0, colon));
  return parseIp(text);
}

function isMapped(bytes: Uint8Array): bool {
  for (let i = 0; i < 10; i++) if (unchecked(bytes[i]) != 0) return false;
  return unchecked(bytes[10]) == 0xff && unchecked(bytes[11]) == 0xff;
}

function parseV4Into(text: string, out: Uint8Array, offset: i32): bool {
  const parts = text.split(".");
  if (parts.length != 4) return false;
  for (let i = 0; i < 4; i++) {
    const part = unchecked(parts[i]);
    if (part.length > 1 && part.charCodeAt(0) == 0x30) return false; // no octal-looking octets
    const value = parseSmallInt(part);
    if (value < 0 || value > 255) return false;
    out[offset + i] = <u8>value;
  }
  return true;
}

function parseV6(text: string): Uint8Array | null {
  const doubleColon = text.indexOf("::");
  if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) return null;
  const head = doubleColon < 0 ? text : text.substring(0, doubleColon);
  const tail = doubleColon < 0 ? "" : text.substring(doubleColon + 2);
  const headGroups = new Uint8Array(16);
  const tailGroups = new Uint8Array(16);
  const headCount = parseGroups(head, headGroups);
  const tailCount = parseGroups(tail, tailGroups);
  if (headCount < 0 || tailCount < 0) return null;
  if (doubleColon < 0 ? headCount != 16 : headCount + tailCount > 14) return null;
  const bytes = new Uint8Array(16);
  for (let i = 0; i < headCount; i++) bytes[i] = headGroups[i];
  for (let i = 0; i < tailCount; i++) bytes[16 - tailCount + i] = tailGroups[i];
  return bytes;
}

/** Parses colon-separated hex groups (the last may be dotted IPv4) into `out`; returns the byte count or -1. */
function parseGroups(text: string, out: Uint8Array): i32 {
  if (text.length == 0) return 0;
  const groups = text.split(":");
  let count = 0;
  for (let i = 0; i < groups.length; i++) {
    const group = unchecked(groups[i]);
    if (i == groups.length - 1 && group.indexOf(".") >= 0) {
      if (count + 4 > 16 || !parseV4Into(group, out, count)) return -1;
      return count + 4;
    }
    const value = parseHexGroup(group);
    if (value < 0 || count + 2 > 16) return -1;
    out[count] = <u8>(value >> 8);
    out[count + 1] = <u8>(value & 0xff);
    count += 2;
  }
  return count;
}

function parseHexGroup(text: string): i32 {
  if (text.length == 0 || text.length > 4) return -1;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let digit = -1;
    if (code >= 0x30 && code <= 0x39) digit = code - 0x30;
    else if (code >= 0x61 && code <= 0x66) digit = code - 0x61 + 10;
    else if (code >= 0x41 && code <= 0x46) digit = code - 0x41 + 10;
    if (digit < 0) return -1;
    value = (value << 4) | digit;
  }
  return value;
}

/** A decimal of 1 to 5 digits, or -1. */
export function parseSmallInt(text: string): i32 {
  if (text.length == 0 || text.length > 5) return -1;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return -1;
    value = value * 10 + (code - 0x30);
  }
  return value;
}
