/** What goes through the emulator: hello (header-only), our four filters and the Go peers, each with its load-test configuration and request. */
import type { HttpRequestInput } from "../../packages/testkit/src/emulator/index.ts";
import { HELLO_MODULE, filterModule } from "../lib/paths.ts";
import { REQUEST_PATH, standardRequest } from "../scenarios/common.ts";
import { FAULT_CONFIG } from "../scenarios/fault-injection.ts";
import { jwtConfig } from "../scenarios/jwt-authz.ts";
import { ROUTING_CONFIG } from "../scenarios/routing-headers.ts";
import { TELEMETRY_CONFIG } from "../scenarios/telemetry.ts";
import type { ScenarioContext } from "../scenarios/types.ts";
import type { EmulatorSubject } from "./emulator-drive.ts";

export function emulatorSubjects(context: ScenarioContext): EmulatorSubject[] {
  const request: HttpRequestInput = { method: "GET", path: REQUEST_PATH, headers: { ...standardRequest(context.jwt).headers } };
  const subject = (name: string, author: EmulatorSubject["author"], module: string | undefined, configuration: EmulatorSubject["configuration"]): EmulatorSubject => ({
    name,
    author,
    module: module ?? `go-peer/${name}.wasm (not built)`,
    rootId: name,
    configuration,
    request,
    expectStatus: 200,
  });
  return [
    subject("hello", "example", HELLO_MODULE, { greeting: "bench" }),
    subject("routing-headers", "ours", filterModule("routing-headers"), ROUTING_CONFIG),
    subject("routing-headers", "go-peer", context.goPeer["routing-headers"], ROUTING_CONFIG),
    subject("fault-injection", "ours", filterModule("fault-injection"), FAULT_CONFIG),
    subject("telemetry", "ours", filterModule("telemetry"), TELEMETRY_CONFIG),
    subject("jwt-authz", "ours", filterModule("jwt-authz"), jwtConfig(context.jwt)),
    subject("jwt-authz", "go-peer", context.goPeer["jwt-authz"], jwtConfig(context.jwt)),
  ];
}
