// trap-on-demand: a filter that traps (WebAssembly `unreachable`) when a
// request asks it to, so that what Envoy does with a failed VM can be seen
// and tested: its failure_policy (FAIL_CLOSED, FAIL_OPEN, FAIL_RELOAD; Istio's
// failStrategy) decides whether later requests are refused, let through
// unfiltered, or served by a new VM.
//
// A request carrying the trap header traps the VM where its value says:
//   "1" or "request-headers"   in onRequestHeaders
//   "response-headers"         in onResponseHeaders
// Every response it filters gets
//   x-vm-id:       a random id chosen when the VM started (a new VM, a new id)
//   x-vm-requests: how many requests this VM has seen, this one included
//   x-vm-env-<name>: the VM's environment variable <name>, for each name in "env"
//
// Configuration (all optional): {"header": "x-trap", "env": ["POD_NAME"]}

export * from "@envoyscript/sdk/assembly/proxy";
import {
  FilterHeadersStatus,
  HttpContext,
  JsonConfig,
  RootContext,
  getPluginConfiguration,
  log,
  randomHex,
  registerRootContext,
  requestHeaders,
  responseHeaders,
} from "@envoyscript/sdk/assembly";
import { environmentVariable } from "./environment";

const TRAP_IN_REQUEST_HEADERS = "request-headers";
const TRAP_IN_RESPONSE_HEADERS = "response-headers";

class TrapRoot extends RootContext {
  header: string = "x-trap";
  /** `x-vm-env-<name>` → value, read once per VM at configure time. */
  envHeaders: Map<string, string> = new Map<string, string>();
  readonly vmId: string = randomHex(8);
  requests: u64 = 0;

  onConfigure(pluginConfigurationSize: u32): bool {
    const config = JsonConfig.parse(getPluginConfiguration());
    const header = config.root.optionalString("header", "x-trap").toLowerCase();
    const names = config.root.stringArray("env");
    if (config.failed) {
      log.error("trap-on-demand: " + config.error!.toString());
      return false;
    }
    this.header = header;
    const envHeaders = new Map<string, string>();
    for (let i = 0; i < names.length; i++) {
      const value = environmentVariable(names[i]);
      envHeaders.set("x-vm-env-" + names[i].toLowerCase(), value === null ? "(unset)" : value);
    }
    this.envHeaders = envHeaders;
    log.info("trap-on-demand: VM " + this.vmId + " configured; requests with " + header + " trap it");
    return true;
  }

  newHttpContext(contextId: u32): HttpContext | null {
    return new TrapRequest(contextId, this);
  }
}

class TrapRequest extends HttpContext {
  trapIn: string = "";

  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const root = <TrapRoot>this.root;
    root.requests++;
    const value = requestHeaders.get(root.header);
    if (value !== null) this.trapIn = value == "1" ? TRAP_IN_REQUEST_HEADERS : value;
    if (this.trapIn == TRAP_IN_REQUEST_HEADERS) trap(root, "onRequestHeaders");
    return FilterHeadersStatus.Continue;
  }

  onResponseHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const root = <TrapRoot>this.root;
    if (this.trapIn == TRAP_IN_RESPONSE_HEADERS) trap(root, "onResponseHeaders");
    responseHeaders.add("x-vm-id", root.vmId);
    responseHeaders.add("x-vm-requests", root.requests.toString());
    const names = root.envHeaders.keys();
    for (let i = 0; i < names.length; i++) responseHeaders.add(names[i], root.envHeaders.get(names[i]));
    return FilterHeadersStatus.Continue;
  }
}

/** Logs, then executes `unreachable`: the VM is failed from here on. */
function trap(root: TrapRoot, callback: string): void {
  log.warn("trap-on-demand: trapping VM " + root.vmId + " in " + callback + " as asked by " + root.header);
  unreachable();
}

registerRootContext((contextId: u32, rootId: string): RootContext => new TrapRoot(contextId, rootId), "trap-on-demand");
