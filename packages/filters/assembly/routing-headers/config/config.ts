// The routing-headers configuration once read and checked: immutable data,
// built by ./read-config.ts in onConfigure and read by every request. Field
// names follow the JSON (Istio VirtualService http section); see
// docs/routing-headers.md.

import { Counter, HeaderPair } from "@envoyscript/sdk/assembly";
import { RequestMatch } from "@envoyscript/sdk/assembly/matcher";

/** Header edits for one direction, applied in Envoy's order: remove, then set, then add. */
export class HeaderEdits {
  constructor(
    /** `remove`: names (lower-case). */
    public readonly toRemove: string[],
    /** `set`: replace every value of the name. */
    public readonly toSet: HeaderPair[],
    /** `add`: append a value, keeping existing ones. */
    public readonly toAdd: HeaderPair[],
  ) {}

  static none(): HeaderEdits {
    return new HeaderEdits([], [], []);
  }

  get isEmpty(): bool {
    return this.toRemove.length == 0 && this.toSet.length == 0 && this.toAdd.length == 0;
  }
}

/** `headers: {request, response}` of a rule or of one destination. */
export class HeaderActions {
  constructor(public readonly request: HeaderEdits, public readonly response: HeaderEdits) {}

  static none(): HeaderActions {
    return new HeaderActions(HeaderEdits.none(), HeaderEdits.none());
  }

  get isEmpty(): bool {
    return this.request.isEmpty && this.response.isEmpty;
  }
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

  static none(): StickyKey {
    return new StickyKey(StickyKind.None, "");
  }
}

/** `rewrite`: a new path (prefix) and/or authority for the upstream request. */
export class Rewrite {
  constructor(public readonly uri: string | null, public readonly authority: string | null) {}
}

/** `redirect`: answer with a 3xx and a Location built from these parts and the request's. */
export class Redirect {
  constructor(
    public readonly uri: string | null,
    public readonly authority: string | null,
    public readonly scheme: string | null,
    public readonly redirectCode: u32,
  ) {}
}

/** `directResponse`: answer locally with this status and body. */
export class DirectResponse {
  constructor(public readonly status: u32, public readonly body: string) {}
}

export class Rule {
  /** `routing_headers.rule.<name>`: requests this rule applied to. */
  public readonly matched: Counter;

  constructor(
    /** `name`, or `rule-<index>`: labels the rule's counter and log lines. */
    public readonly name: string,
    public readonly match: RequestMatch,
    /** Empty when the rule does not choose a destination. */
    public readonly destinations: Destination[],
    public readonly sticky: StickyKey,
    public readonly headers: HeaderActions,
    public readonly rewrite: Rewrite | null,
    public readonly redirect: Redirect | null,
    public readonly directResponse: DirectResponse | null,
  ) {
    this.matched = new Counter("routing_headers.rule." + name);
  }
}

export class RoutingConfig {
  /** `routing_headers.unmatched`: requests no rule applied to. */
  public readonly unmatched: Counter = new Counter("routing_headers.unmatched");

  constructor(
    /** The request header the chosen destination is written to. */
    public readonly destinationHeader: string,
    /** When false, a destination header sent by the client is removed before routing. */
    public readonly trustIncomingDestination: bool,
    public readonly rules: Rule[],
  ) {}

  /** Defines every counter, so each rule's shows in Envoy's stats (at 0) before its first request. */
  defineMetrics(): void {
    this.unmatched.define();
    for (let i = 0; i < this.rules.length; i++) unchecked(this.rules[i]).matched.define();
  }
}

export const DEFAULT_DESTINATION_HEADER = "x-route-destination";
