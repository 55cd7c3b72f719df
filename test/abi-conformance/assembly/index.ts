// ABI conformance module: calls every proxy-wasm 0.2.1 hostcall and
// implements every callback, logging `conformance: <hostcall> -> <result>`
// at INFO so runs on the emulator and on real Envoy can be compared.
// Root ids: "abi-conformance" (HTTP filter), "abi-conformance-tcp" (network filter).

export * from "@envoyscript/sdk/assembly/proxy";
import { RootContext, registerRootContext } from "@envoyscript/sdk/assembly";
import { ConformanceRoot, ConformanceTcpRoot } from "./root";
import { observe } from "./observe";

function createHttpRoot(contextId: u32, rootId: string): RootContext {
  observe("proxy_on_context_create", "root " + rootId);
  return new ConformanceRoot(contextId, rootId);
}

function createTcpRoot(contextId: u32, rootId: string): RootContext {
  observe("proxy_on_context_create", "root " + rootId);
  return new ConformanceTcpRoot(contextId, rootId);
}

registerRootContext(createHttpRoot, "abi-conformance");
registerRootContext(createTcpRoot, "abi-conformance-tcp");
