/** `@envoyscript/testkit/matchers`: the matchers, to pass to any runner's `expect.extend`. */
export { matchers, SETTLE_TIMEOUT_MS } from "./matchers.ts";
export type { EnvoyscriptMatchers } from "./matchers.ts";
