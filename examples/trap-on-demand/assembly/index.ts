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
  FilterRequest,
  FilterRoot,
  HttpContext,
  JsonField,
  RootContext,
  log,
  randomHex,
  registerRootContext,
  requestHeaders,
  responseHeaders,
} from "@envoyscript/sdk/assembly";
import { environmentVariable } from "./environment";

const FILTER_NAME = "trap-on-demand";
const TRAP_IN_REQUEST_HEADERS = "request-headers";
const TRAP_IN_RESPONSE_HEADERS = "response-headers";

class TrapConfig {
  constructor(
    /** The request header that asks for a trap, lower-cased. */
    readonly header: string,
    /** `x-vm-env-<name>` → value, read from the VM's environment at configure time. */
    readonly envHeaders: Map<string, string>,
  ) {}
}

/** The plugin, one per VM: its id and request count say which VM served a response. */
class TrapRoot extends FilterRoot<TrapConfig> {
  readonly vmId: string = randomHex(8);
  requests: u64 = 0;

  readConfig(root: JsonField): TrapConfig {
    root.checkFields(["header", "env"]);
    const header = root.field("header").asHeaderName("x-trap");
    const names = root.field("env").asStringArray();
    const envHeaders = new Map<string, string>();
    for (let i = 0; i < names.length; i++) {
      const value = environmentVariable(names[i]);
      envHeaders.set("x-vm-env-" + names[i].toLowerCase(), value === null ? "(unset)" : value);
    }
    return new TrapConfig(header, envHeaders);
  }

  onConfigured(config: TrapConfig): void {
    log.info(FILTER_NAME + ": VM " + this.vmId + " configured; requests with " + config.header + " trap it");
  }

  newRequest(contextId: u32, config: TrapConfig): HttpContext {
    return new TrapRequest(contextId, this, config);
  }
}

class TrapRequest extends FilterRequest<TrapConfig> {
  trapIn: string = "";

  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const root = <TrapRoot>this.root;
    root.requests++;
    const value = requestHeaders.get(this.config.header);
    if (value !== null) this.trapIn = value == "1" ? TRAP_IN_REQUEST_HEADERS : value;
    if (this.trapIn == TRAP_IN_REQUEST_HEADERS) trap(root, this.config, "onRequestHeaders");
    return FilterHeadersStatus.Continue;
  }

  onResponseHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const root = <TrapRoot>this.root;
    if (this.trapIn == TRAP_IN_RESPONSE_HEADERS) trap(root, this.config, "onResponseHeaders");
    responseHeaders.add("x-vm-id", root.vmId);
    responseHeaders.add("x-vm-requests", root.requests.toString());
    const names = this.config.envHeaders.keys();
    for (let i = 0; i < names.length; i++) responseHeaders.add(names[i], this.config.envHeaders.get(names[i]));
    return FilterHeadersStatus.Continue;
  }
}

/** Logs, then executes `unreachable`: the VM is failed from here on. */
function trap(root: TrapRoot, config: TrapConfig, callback: string): void {
  log.warn(FILTER_NAME + ": trapping VM " + root.vmId + " in " + callback + " as asked by " + config.header);
  unreachable();
}

registerRootContext((contextId: u32, rootId: string): RootContext => new TrapRoot(contextId, rootId, FILTER_NAME), FILTER_NAME);
