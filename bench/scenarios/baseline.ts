import { HELLO_MODULE } from "../lib/paths.ts";
import { CATCH_ALL, RESPONSE_BODY, directBootstrap, directRoute, standardRequest } from "./common.ts";
import type { LoadConfiguration, ScenarioContext } from "./types.ts";

/** No filter: the denominator of every ratio. And hello, the smallest useful wasm filter (one header, one log call). */
export function baselineConfigurations(context: ScenarioContext): LoadConfiguration[] {
  const request = standardRequest(context.jwt);
  const hello = { module: HELLO_MODULE, rootId: "hello", configuration: { greeting: "bench" } };
  return [
    {
      id: "baseline/no-filter",
      family: "baseline",
      variant: "baseline",
      label: "no filter (router + direct_response)",
      modules: [],
      bootstrap: () => directBootstrap([], [directRoute(CATCH_ALL)]),
      request,
      expect: { status: 200, body: RESPONSE_BODY },
    },
    {
      id: "hello/ours",
      family: "hello",
      variant: "example",
      label: "hello example (AssemblyScript, header-only)",
      modules: [HELLO_MODULE],
      plugin: hello,
      bootstrap: () => directBootstrap([{ wasm: hello }], [directRoute(CATCH_ALL)]),
      request,
      expect: { status: 200, header: ["x-hello", "bench"] },
    },
  ];
}
