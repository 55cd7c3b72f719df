// The ABI entry of a filter written against the 0.1.15 API: the SDK's own
// `proxy_on_*` callbacks, allocator and version marker, unchanged. The compat
// classes run behind the SDK's dispatcher (./adapters.ts), so there is one
// set of exports for both APIs. A filter's entry file re-exports it:
//
//   export * from "@envoyscript/sdk/assembly/compat/proxy";

export * from "../proxy";
