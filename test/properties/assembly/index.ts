// property-probe: answers what the host says about properties, so a test can
// hold the emulator's answers against real Envoy's.
//
//   x-probe-raw: "xds/node/id,node/id"  -> for each path (segments split by
//                                          "/") the hostcall status and the
//                                          raw value bytes in hex
//   x-probe: any                        -> only the SDK helpers' values
//
// Such requests are answered locally with {"raw": [...], "sdk": {...}}; other
// requests go upstream. Logs: "probe-root: <node helpers>" when configured,
// "probe-log: <sizes>" in onLog of every request.

export * from "@envoyscript/sdk/assembly/proxy";
import { FilterDataStatus, FilterHeadersStatus, HttpContext, RootContext, log, registerRootContext, requestHeaders, sendTextResponse } from "@envoyscript/sdk/assembly";
import { rawProperty } from "./raw-property";
import { nodeAttributes, streamAttributes } from "./sdk-attributes";
import { sizeAttributes } from "./size-attributes";
import { CallbackStatuses } from "./callback-statuses";

class ProbeRoot extends RootContext {
  onConfigure(pluginConfigurationSize: u32): bool {
    log.info("probe-root: " + nodeAttributes());
    return true;
  }

  newHttpContext(contextId: u32): HttpContext | null {
    return new ProbeRequest(contextId, this);
  }
}

class ProbeRequest extends HttpContext {
  callbacks: CallbackStatuses | null = null;

  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const asked = requestHeaders.get("x-probe-callbacks");
    if (asked !== null) {
      this.callbacks = new CallbackStatuses(asked.split(","));
      this.callbacks!.record("onRequestHeaders");
      return FilterHeadersStatus.Continue;
    }
    const wanted = requestHeaders.get("x-probe-raw");
    if (wanted === null && requestHeaders.get("x-probe") === null) return FilterHeadersStatus.Continue;
    const raw = new Array<string>();
    if (wanted !== null && wanted.length > 0) {
      const paths = wanted.split(",");
      for (let i = 0; i < paths.length; i++) raw.push(rawProperty(paths[i]));
    }
    sendTextResponse(200, "{\"raw\":[" + raw.join(",") + "],\"sdk\":" + streamAttributes() + "}", [], "property-probe");
    return FilterHeadersStatus.StopIteration;
  }

  onRequestBody(bodySize: u32, endOfStream: bool): FilterDataStatus {
    if (this.callbacks !== null && endOfStream) this.callbacks!.record("onRequestBody");
    return FilterDataStatus.Continue;
  }

  onResponseHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    if (this.callbacks !== null) this.callbacks!.record("onResponseHeaders");
    return FilterHeadersStatus.Continue;
  }

  onResponseBody(bodySize: u32, endOfStream: bool): FilterDataStatus {
    if (this.callbacks !== null && endOfStream) this.callbacks!.record("onResponseBody");
    return FilterDataStatus.Continue;
  }

  onLog(): void {
    log.info("probe-log: " + sizeAttributes());
    if (this.callbacks !== null) {
      this.callbacks!.record("onLog");
      log.info("probe-callbacks: " + this.callbacks!.toJson());
    }
  }
}

registerRootContext((contextId: u32, rootId: string): RootContext => new ProbeRoot(contextId, rootId), "property-probe");
