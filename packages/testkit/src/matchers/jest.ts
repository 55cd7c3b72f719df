/**
 * `@envoyscript/testkit/jest`: list it in jest's `setupFilesAfterEnv` to have
 * `toHaveStatus`, `toHaveHeader`, `toHaveMetric` and `toHaveLogged` on
 * jest's global `expect`, typed for `@types/jest`.
 */
import { matchers, type EnvoyscriptMatchers } from "./matchers.ts";

const jestExpect = (globalThis as { expect?: { extend(matchers: object): void } }).expect;
if (!jestExpect) throw new Error("@envoyscript/testkit/jest found no global expect: list it in jest's setupFilesAfterEnv, not setupFiles");
jestExpect.extend(matchers);

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Matchers<R> extends EnvoyscriptMatchers<R> {}
  }
}
