// Picks one destination of a rule: by a bucket in [0, 100) drawn at random
// per request, or derived from the sticky key's hash so that the same key
// always lands on the same destination.

import { source } from "@envoyscript/sdk/assembly";
import { RequestView } from "@envoyscript/sdk/assembly/matcher";
import { Destination, Rule, StickyKey, StickyKind } from "./config/config";
import { stickyHash } from "./sticky-hash";

/** The destination for this request; `rule.destinations` is not empty. */
export function pickDestination(rule: Rule, view: RequestView): Destination {
  const destinations = rule.destinations;
  if (destinations.length == 1) return unchecked(destinations[0]);
  const key = stickyKeyValue(rule.sticky, view);
  const bucket = key === null ? randomBucket() : <i32>(stickyHash(key) % 100);
  return destinationForBucket(destinations, bucket);
}

/** The destination whose cumulative weight range holds `bucket` (0 to 99). */
export function destinationForBucket(destinations: Destination[], bucket: i32): Destination {
  let upper = 0;
  for (let i = 0; i < destinations.length; i++) {
    const destination = unchecked(destinations[i]);
    upper += destination.weight;
    if (bucket < upper) return destination;
  }
  // Weights sum to 100 (checked at configure time), so this is not reached.
  return unchecked(destinations[destinations.length - 1]);
}

/** The value to hash, or null when the request has none (then the split is random). */
function stickyKeyValue(sticky: StickyKey, view: RequestView): string | null {
  switch (sticky.kind) {
    case StickyKind.Header: return view.header(sticky.name);
    case StickyKind.Cookie: return view.cookie(sticky.name);
    case StickyKind.QueryParam: return view.queryParam(sticky.name);
    case StickyKind.SourceIp: return sourceIp();
    default: return null;
  }
}

function randomBucket(): i32 {
  const bucket = <i32>(Math.random() * 100);
  return bucket < 100 ? bucket : 99;
}

/** The client's IP without port: `10.0.0.1:5000` → `10.0.0.1`, `[::1]:5000` → `::1`. */
export function sourceIp(): string | null {
  const address = source.address();
  if (address === null) return null;
  return stripPort(address);
}

export function stripPort(address: string): string {
  if (address.startsWith("[")) {
    const close = address.indexOf("]");
    return close > 0 ? address.substring(1, close) : address;
  }
  const colon = address.lastIndexOf(":");
  // One colon: IPv4 with port. Several: a bare IPv6 address without port.
  if (colon > 0 && address.indexOf(":") == colon) return address.substring(0, colon);
  return address;
}
