// Drives the filter in the testkit's emulator directly, for what the
// scenario API cannot express: moving virtual time, and dynamic metadata
// left by a filter that exists only in Envoy (jwt_authn).
import { Host, type emulator } from "@envoyscript/testkit";
import { MODULE, ROOT_ID } from "./setup.ts";

export interface EmulatedFilter {
  readonly host: Host;
  request(input: emulator.HttpRequestInput, options?: emulator.ExchangeOptions): Promise<emulator.ExchangeResult>;
  metric(name: string): number;
}

export async function emulateFilter(configuration: object, clusters: Record<string, emulator.CalloutTarget> = {}): Promise<EmulatedFilter> {
  const host = new Host({ logLevel: "debug", clusters });
  const plugin = await host.loadPlugin({ wasm: MODULE, rootId: ROOT_ID, configuration: JSON.stringify(configuration) });
  const chain = host.chain([plugin]);
  return {
    host,
    request: (input, options = {}) => chain.request(input, { upstream: () => ({ status: 200, headers: {}, body: "upstream" }), ...options }),
    metric: (name) => host.metrics.all().find((metric) => metric.name === name)?.value ?? 0,
  };
}
