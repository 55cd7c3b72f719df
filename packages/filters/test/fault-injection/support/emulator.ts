// Direct access to the testkit's emulator for what the scenario API does not
// show: virtual time (when a delayed request completes), a client that leaves
// mid-delay, several VMs sharing one vm_id, and the log line of a refused
// configuration.
import { Host, emulator, type HostOptions } from "@envoyscript/testkit";
import { MODULE, ROOT_ID } from "./setup.ts";

export { ConfigurationRefusedError } from "@envoyscript/testkit";
export type Plugin = emulator.Plugin;

/** A fresh emulated Envoy with the fault-injection plugin configured on `workers` VMs sharing one vm_id. */
export async function emulatedFaults(
  configuration: Record<string, unknown> | string,
  workers = 1,
  options: HostOptions = {},
): Promise<{ host: Host; plugins: Plugin[] }> {
  const host = new Host({ logLevel: "debug", ...options });
  const plugins: Plugin[] = [];
  for (let i = 0; i < workers; i++) {
    plugins.push(await host.loadPlugin({ wasm: MODULE, vmId: "faults", rootId: ROOT_ID, configuration }));
  }
  return { host, plugins };
}
