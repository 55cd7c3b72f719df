// header-auth: API keys in a request header, checked by Envoy before the
// upstream sees the request. A known key lets the request through with the
// key's user in `x-auth-user` (and without the key); a missing key gets 401,
// an unknown one 403; requests the `public` match selects need no key.
// See README.md; the layout is the one the envoyscript filters use:
//
//   index.ts             the entry: the ABI exports and the plugin's registration
//   root.ts              the plugin: reads the configuration (FilterRoot)
//   request.ts           one request under that configuration (FilterRequest)
//   config/config.ts     the configuration type, immutable once read
//   config/read-config.ts  its reader (the SDK's JsonField)
//   config/codes.ts      the filter's own error codes

export * from "@envoyscript/sdk/assembly/proxy";
import { RootContext, registerRootContext } from "@envoyscript/sdk/assembly";
import { FILTER_NAME, HeaderAuthRoot } from "./root";

registerRootContext((contextId: u32, rootId: string): RootContext => new HeaderAuthRoot(contextId, rootId, FILTER_NAME), FILTER_NAME);
