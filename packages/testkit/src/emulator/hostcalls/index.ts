/**
 * Everything the host offers a module to import, by ABI version: the
 * `env.proxy_*` functions of that version, the WASI set Envoy provides under
 * both WASI module names, and `env.pthread_equal` /
 * `env.emscripten_notify_memory_growth`. Anything else is a missing import.
 */
import { bufferImports } from "./buffers.ts";
import { foreignFunctionImports } from "./ffi.ts";
import { grpcImports } from "./grpc.ts";
import { headerImports } from "./headers.ts";
import { httpCallImports } from "./http-call.ts";
import { loggingImports } from "./logging.ts";
import { metricImports } from "./metrics.ts";
import { propertyImports } from "./properties.ts";
import { sharedDataImports } from "./shared-data.ts";
import { sharedQueueImports } from "./shared-queue.ts";
import { legacyStreamImports, streamImports } from "./stream.ts";
import { timerImports } from "./timers.ts";
import type { HostcallPorts } from "./ports.ts";
import type { ImportSet } from "./types.ts";
import { envHelperImports, wasiImports } from "./wasi.ts";

/** Names present in ABI 0.2.x but not in 0.1.0 (and `proxy_get_log_level` only in 0.2.1). */
const NOT_IN_0_1_0 = ["proxy_continue_stream", "proxy_close_stream", "proxy_get_log_level"];

export function buildHostImports(ports: HostcallPorts): Record<string, ImportSet> {
  const { memory, vm } = ports;
  const env: ImportSet = {
    ...loggingImports(memory, vm, ports.logLevel),
    ...timerImports(memory, vm, ports.clock),
    ...headerImports(memory, vm),
    ...bufferImports(memory, vm),
    ...streamImports(memory, vm),
    ...httpCallImports(memory, vm, ports.callouts),
    ...grpcImports(memory, vm, ports.grpc),
    ...sharedDataImports(memory, vm, ports.sharedData),
    ...sharedQueueImports(memory, vm, ports.queues),
    ...metricImports(memory, ports.metrics),
    ...propertyImports(memory, vm, ports.properties),
    ...foreignFunctionImports(memory, vm, ports.foreignFunctions),
    ...envHelperImports(),
  };
  if (vm.abiVersion === "0.1.0") {
    for (const name of NOT_IN_0_1_0) delete env[name];
    Object.assign(env, legacyStreamImports(memory, vm));
  } else if (vm.abiVersion === "0.2.0") {
    delete env.proxy_get_log_level;
  }
  const wasi = wasiImports(memory, vm, ports.clock);
  return { env, wasi_snapshot_preview1: wasi, wasi_unstable: wasi };
}
