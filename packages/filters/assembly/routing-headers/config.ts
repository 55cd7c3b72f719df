// The routing-headers configuration once validated: plain data, built by
// config-reader.ts in onConfigure and read per request. Field names follow
// the JSON (Istio VirtualService http section); see docs/routing-headers.md.

import { Counter, HeaderPair } from "@envoyscript/sdk/assembly";
import { RequestMatch } from "@envoyscript/sdk/assembly/matcher";

/** Header edits for one direction, applied in Envoy's order: remove, then set, then add. */
export class HeaderEdits {
  /** `remove`: names (lower-case). */
  toRemove: string[] = new Array<string>();
  /** `set`: replace every value of the name. */
  toSet: HeaderPair[] = new Array<HeaderPair>();
  /** `add`: append a value, keeping existing ones. */
  toAdd: HeaderPair[] = new Array<HeaderPair>();

  get isEmpty(): bool {
    return this.toRemove.length == 0 && this.toSet.length == 0 && this.toAdd.length == 0;
  }
}

/** `headers: {request, response}` of a rule or of one destination. */
export class HeaderActions {
  request: HeaderEdits = new HeaderEdits();
  response: HeaderEdits = new HeaderEdits();
}

/** One entry of `route`: the value written to the destination header, and its share. */
export class Destination {
  constructor(
    public readonly value: string,
    /** Percent of requests, 0 to 100; a rule's weights sum to 100. */
    public readonly weight: i32,
    public readonly headers: HeaderActions,
  ) {}
}

export enum StickyKind {
  /** No stickiness: each request draws at random. */
  None = 0,
  Header = 1,
  Cookie = 2,
  QueryParam = 3,
  /** The client's IP address (without port). */
  SourceIp = 4,
}

/** `stickyBy`: which request value is hashed to pick a side. */
export class StickyKey {
  constructor(public readonly kind: StickyKind, public readonly name: string) {}
}

/** `rewrite`: a new path (prefix) and/or authority for the upstream request. */
export class Rewrite {
  uri: string | null = null;
  authority: string | null = null;
}

/** `redirect`: answer with a 3xx and a Location built from these parts and the request's. */
export class Redirect {
  uri: string | null = null;
  authority: string | null = null;
  scheme: string | null = null;
  redirectCode: u32 = 301;
}

/** `directResponse`: answer locally with this status and body. */
export class DirectResponse {
  constructor(public readonly status: u32, public readonly body: string) {}
}

export class Rule {
  /** `name`, or `rule-<index>`: labels the rule's counter and log lines. */
  name: string = "";
  index: i32 = 0;
  match: RequestMatch = RequestMatch.all();
  /** Empty when the rule does not choose a destination. */
  destinations: Destination[] = new Array<Destination>();
  sticky: StickyKey = new StickyKey(StickyKind.None, "");
  headers: HeaderActions = new HeaderActions();
  rewrite: Rewrite | null = null;
  redirect: Redirect | null = null;
  directResponse: DirectResponse | null = null;
  /** `routing_headers.rule.<name>`: requests this rule applied to. */
  matched: Counter = new Counter("");
}

export class RoutingConfig {
  /** The request header the chosen destination is written to. */
  destinationHeader: string = DEFAULT_DESTINATION_HEADER;
  /** When false, a destination header sent by the client is removed before routing. */
  trustIncomingDestination: bool = false;
  rules: Rule[] = new Array<Rule>();
  /** `routing_headers.unmatched`: requests no rule applied to. */
  unmatched: Counter = new Counter("routing_headers.unmatched");
}

export const DEFAULT_DESTINATION_HEADER = "x-route-destination";
