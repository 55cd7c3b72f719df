// The conformance plugin's configuration (all optional):
//   {"httpCluster": "<cluster for HTTP callouts>",
//    "grpcCluster": "<cluster for gRPC callouts>",
//    "tickMilliseconds": <timer period, 0 = no timer>,
//    "foreignCompress": <true to call Envoy's compress/uncompress foreign functions>}

import { JsonConfig } from "@envoyscript/sdk/assembly";

export class ConformanceConfig {
  httpCluster: string = "";
  grpcCluster: string = "";
  tickMilliseconds: u32 = 0;
  foreignCompress: bool = false;
}

/** Reads the configuration; the error names the offending field, or null when valid. */
export function readConfig(bytes: ArrayBuffer, into: ConformanceConfig): string | null {
  const config = JsonConfig.parse(bytes);
  const root = config.root;
  into.httpCluster = root.optionalString("httpCluster", "");
  into.grpcCluster = root.optionalString("grpcCluster", "");
  into.tickMilliseconds = <u32>root.optionalInt("tickMilliseconds", 0, 0, 3600000);
  into.foreignCompress = root.optionalBool("foreignCompress", false);
  return config.failed ? config.error!.toString() : null;
}
