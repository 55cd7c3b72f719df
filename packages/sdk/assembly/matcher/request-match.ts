// A compiled Istio HTTPMatchRequest list: alternatives (any may hold), each
// a conjunction of conditions on parts of the request. Built once by
// readRequestMatch at configure time; `matches` runs per request.

import { RequestPart, RequestView } from "./request-view";
import { StringMatch } from "./string-match";

/** One condition: the value of `part` (named `key` for headers, parameters, cookies) satisfies `match`. */
export class Condition {
  constructor(
    public readonly part: RequestPart,
    /** Header name (lower-case), parameter or cookie name; "" for method, authority, scheme, path. */
    public readonly key: string,
    public readonly match: StringMatch,
    /** Istio `withoutHeaders`: the condition holds when the match does not. */
    public readonly negate: bool,
  ) {}

  holds(view: RequestView): bool {
    return this.match.matches(view.value(this.part, this.key)) != this.negate;
  }
}

/** One HTTPMatchRequest: every condition must hold. No conditions: always holds. */
export class MatchAlternative {
  constructor(
    /** Istio's `name` of the match, for logs; "" when unnamed. */
    public readonly name: string,
    /** Conditions, cheapest part first (the order does not change the outcome). */
    public readonly conditions: Condition[],
  ) {}

  holds(view: RequestView): bool {
    const conditions = this.conditions;
    for (let i = 0; i < conditions.length; i++) {
      if (!unchecked(conditions[i]).holds(view)) return false;
    }
    return true;
  }
}

/** A list of alternatives; an empty list matches every request. */
export class RequestMatch {
  constructor(public readonly alternatives: MatchAlternative[]) {}

  /** A match that holds for every request. */
  static all(): RequestMatch {
    return new RequestMatch(new Array<MatchAlternative>());
  }

  /** True when every request matches (no alternatives): callers may skip building a view. */
  get matchesEverything(): bool {
    return this.alternatives.length == 0;
  }

  /**
   * Adds to `names` (once each) the request headers the conditions read:
   * pseudo-headers for method, authority, scheme and path (`:path` for query
   * parameters too), `cookie` for cookies. For choosing how to read them.
   */
  collectHeaderNames(names: string[]): void {
    const alternatives = this.alternatives;
    for (let i = 0; i < alternatives.length; i++) {
      const conditions = unchecked(alternatives[i]).conditions;
      for (let j = 0; j < conditions.length; j++) {
        const name = headerNameOf(unchecked(conditions[j]));
        if (!names.includes(name)) names.push(name);
      }
    }
  }

  /** True when some alternative holds for the request. */
  matches(view: RequestView): bool {
    const alternatives = this.alternatives;
    if (alternatives.length == 0) return true;
    for (let i = 0; i < alternatives.length; i++) {
      if (unchecked(alternatives[i]).holds(view)) return true;
    }
    return false;
  }

  /** Index of the first alternative that holds, or -1 (0 when there are none: everything matches). */
  firstMatching(view: RequestView): i32 {
    const alternatives = this.alternatives;
    if (alternatives.length == 0) return 0;
    for (let i = 0; i < alternatives.length; i++) {
      if (unchecked(alternatives[i]).holds(view)) return i;
    }
    return -1;
  }
}

function headerNameOf(condition: Condition): string {
  switch (condition.part) {
    case RequestPart.Method: return ":method";
    case RequestPart.Authority: return ":authority";
    case RequestPart.Scheme: return ":scheme";
    case RequestPart.Path:
    case RequestPart.Query: return ":path";
    case RequestPart.Header: return condition.key;
    default: return "cookie";
  }
}
