import { curlCommand, type CurlRequest, type DemoCurl, type CurlExpectation } from "./curl-list.ts";
import type { DemoIdentity } from "./demo-tokens.ts";
import { CANARY_SPLIT, REVIEWS_V2 } from "./filter-configs.ts";
import { stickyBucket, stickyDestination } from "./sticky-bucket.ts";

/**
 * The demo's tour, in the order it is printed: routing (sticky canary and
 * opt-in), fault injection, authorization (allowed, denied, forged). Each
 * answer follows from the configurations in filter-configs.ts; where a user
 * lands is computed with the routing filter's own hash.
 */
export function demoCurls(listenerUrl: string, identity: DemoIdentity): DemoCurl[] {
  const bearer = (sub: string) => `authorization: Bearer ${identity.tokens.get(sub)!}`;
  const curl = (title: string, request: CurlRequest, expect: CurlExpectation): DemoCurl => ({ title, command: curlCommand(listenerUrl, request), expect });
  const version = (destination: string) => destination.replace(/^reviews-/, "");
  const sticky = (sub: string) => {
    const destination = stickyDestination(sub, CANARY_SPLIT);
    return curl(
      `${sub}'s token: allowed, and sticky on ${destination} (bucket ${stickyBucket(sub)} of the 90/10 split; same answer every time)`,
      { path: "/reviews", headers: [bearer(sub)] },
      { status: 200, bodyHas: [`"version":"${version(destination)}"`, `"user":"${sub}"`] },
    );
  };
  return [
    sticky("alice"),
    sticky("bob"),
    curl("canary opt-in by header: x-canary: always goes to reviews-v2", { path: "/reviews", headers: [bearer("alice"), "x-canary: always"] }, {
      status: 200,
      bodyHas: [`"version":"${version(REVIEWS_V2)}"`],
    }),
    curl("canary opt-in by cookie: canary=always goes to reviews-v2", { path: "/reviews", headers: [bearer("bob"), "cookie: canary=always"] }, {
      status: 200,
      bodyHas: [`"version":"${version(REVIEWS_V2)}"`],
    }),
    curl("injected fault: x-chaos: abort is answered 503 by fault-injection", { path: "/reviews", headers: [bearer("alice"), "x-chaos: abort"] }, {
      status: 503,
      bodyHas: ["fault filter abort"],
    }),
    curl("injected fault: x-chaos: delay is held one second, then served", { path: "/reviews", headers: [bearer("alice"), "x-chaos: delay"] }, {
      status: 200,
      minSeconds: 1,
    }),
    curl("denied: /reviews without a token", { path: "/reviews" }, { status: 403, bodyHas: ["RBAC: access denied"] }),
    curl("denied: a forged token (alice's claims, bob's signature)", { path: "/reviews", headers: [`authorization: Bearer ${identity.forgedToken}`] }, {
      status: 401,
      bodyHas: ["Jwt verification fails"],
    }),
    curl("denied: alice is a reviewer, not an admin", { path: "/admin", headers: [bearer("alice")] }, { status: 403, bodyHas: ["RBAC: access denied"] }),
  ];
}
