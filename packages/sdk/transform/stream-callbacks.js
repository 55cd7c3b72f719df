// An AssemblyScript transform, loaded by the SDK's build preset
// (asconfig.preset.json): a module exports only the per-stream callbacks
// that one of its contexts overrides.
//
// Envoy calls every `proxy_on_*` callback a module exports, for every
// request, and each call costs about 1,600 instructions and a V8 entry and
// exit whether or not the filter does anything in it. The SDK's dispatcher
// defines all of them; a filter that reads headers only should not pay for
// `proxy_on_request_body` or `proxy_on_response_body`. After the program is
// initialized, this transform looks at every class that extends one of the
// SDK's context classes (or the compat entry's), collects the callback
// methods those classes declare, and removes the exports of the others before
// the optimizer runs, which then drops their dispatch code too. A callback
// Envoy does not find is one it does not call: a header callback continues,
// `proxy_on_done` counts as done, the others do nothing; the same as the
// SDK's defaults.
//
// Lifecycle and configuration callbacks (`proxy_on_context_create`,
// `proxy_on_delete`, `proxy_on_vm_start`, `proxy_on_configure`) and the ones
// Envoy calls only on an event (ticks, queues, callouts, foreign functions)
// are always kept: the SDK needs the first, the others cost nothing per
// request.

/** Per-stream callbacks, by the context method that answers each. */
export const STREAM_CALLBACKS = Object.freeze({
  onRequestHeaders: "proxy_on_request_headers",
  onRequestBody: "proxy_on_request_body",
  onRequestTrailers: "proxy_on_request_trailers",
  onResponseHeaders: "proxy_on_response_headers",
  onResponseBody: "proxy_on_response_body",
  onResponseTrailers: "proxy_on_response_trailers",
  onNewConnection: "proxy_on_new_connection",
  onDownstreamData: "proxy_on_downstream_data",
  onUpstreamData: "proxy_on_upstream_data",
  onDownstreamConnectionClose: "proxy_on_downstream_connection_close",
  onUpstreamConnectionClose: "proxy_on_upstream_connection_close",
  onDone: "proxy_on_done",
  onLog: "proxy_on_log",
});

// The SDK's dispatcher function that anchors the SDK's location in the
// program: internal names are `<path without .ts>/<name>`.
const ANCHOR = "dispatch/http/proxy_on_request_headers";

// Classes whose methods are the do-nothing defaults, relative to the SDK's
// assembly folder.
const DEFAULT_CLASSES = [
  "contexts/context/Context",
  "contexts/http-context/HttpContext",
  "contexts/tcp-context/TcpContext",
  "compat/context/BaseContext",
  "compat/context/Context",
];

// SDK classes that only forward each callback to a compat context: what the
// compat context overrides decides, not the forwarder.
const FORWARDING_CLASSES = ["compat/adapters/RootContextAdapter", "compat/adapters/HttpContextAdapter", "compat/adapters/TcpContextAdapter"];

/**
 * The stream callbacks `program` needs: the callback of each method that a
 * class extending a default context class declares. Null when the program
 * holds no SDK dispatcher (nothing to prune).
 * @param {{ elementsByName: Map<string, any> }} program
 * @returns {Set<string> | null}
 */
export function usedStreamCallbacks(program) {
  const roots = [];
  for (const name of program.elementsByName.keys()) {
    if (name.endsWith("/" + ANCHOR)) roots.push(name.slice(0, -ANCHOR.length));
  }
  if (roots.length === 0) return null;
  const defaults = new Set();
  const skipped = new Set();
  for (const root of roots) {
    for (const name of DEFAULT_CLASSES) defaults.add(root + name);
    for (const name of FORWARDING_CLASSES) skipped.add(root + name);
  }
  // The SDK's own context classes must be where this file expects them: if a
  // compiler or SDK change moved them, pruning would drop callbacks a filter
  // needs, so nothing is pruned and the build says why.
  const httpContext = program.elementsByName.get(roots[0] + "contexts/http-context/HttpContext");
  if (httpContext === undefined || !isClassPrototype(httpContext)) {
    throw new Error("envoyscript stream-callbacks transform: the SDK's HttpContext class was not found; this transform expects AssemblyScript 0.28 and the SDK it ships with");
  }
  const used = new Set();
  for (const [name, element] of program.elementsByName) {
    if (!isClassPrototype(element) || defaults.has(name) || skipped.has(name)) continue;
    if (!extendsAny(element, defaults) || element.instanceMembers === null) continue;
    for (const member of element.instanceMembers.keys()) {
      if (Object.hasOwn(STREAM_CALLBACKS, member)) used.add(STREAM_CALLBACKS[member]);
    }
  }
  return used;
}

// A class prototype (ElementKind.ClassPrototype, or an interface's, which
// never extends a class): the one element kind with a base prototype.
function isClassPrototype(element) {
  return "basePrototype" in element && "instanceMembers" in element;
}

function extendsAny(prototype, internalNames) {
  for (let base = prototype.basePrototype; base !== null; base = base.basePrototype) {
    if (internalNames.has(base.internalName)) return true;
  }
  return false;
}

/** The transform asc instantiates: decides after initialization, prunes after compilation. */
export default class StreamCallbacks {
  /** @type {Set<string> | null} */
  used = null;

  afterInitialize(program) {
    this.used = usedStreamCallbacks(program);
  }

  afterCompile(module) {
    if (this.used === null) return;
    for (const name of Object.values(STREAM_CALLBACKS)) {
      if (!this.used.has(name) && module.getExport(name) !== 0) module.removeExport(name);
    }
  }
}
