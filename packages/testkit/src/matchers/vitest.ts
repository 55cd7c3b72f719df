/**
 * `@envoyscript/testkit/vitest`: list it in vitest's `setupFiles` (or import
 * it once) to have `toHaveStatus`, `toHaveHeader`, `toHaveMetric` and
 * `toHaveLogged` on `expect`, typed.
 */
import { expect } from "vitest";
import { matchers, type EnvoyscriptMatchers } from "./matchers.ts";

expect.extend(matchers);

declare module "vitest" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends EnvoyscriptMatchers<T> {}
}
