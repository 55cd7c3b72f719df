// The `proxy_on_*` callbacks of context lifecycle and configuration: the host
// calls them with a context id, the dispatcher finds (or creates) the context
// object and calls its method. HTTP, TCP and asynchronous callbacks live in
// dispatch/http.ts, dispatch/tcp.ts and dispatch/async.ts; proxy.ts exports
// them all.

import { RootContext } from "./contexts/root-context";
import {
  addHttpContext,
  addRoot,
  addTcpContext,
  findContext,
  findFactory,
  findRoot,
  forgetContext,
  registeredRootIds,
} from "./dispatch/registry";
import { enterCallback, leaveCallback, leaveCallbackWith } from "./dispatch/callback-scope";
import { getPropertyString } from "./properties";
import { log } from "./logging";

/** A root context for a root id no factory was registered for: refuses to start, naming the ids it knows. */
class UnregisteredRootContext extends RootContext {
  onVmStart(vmConfigurationSize: u32): bool {
    return this.refuse();
  }
  onConfigure(pluginConfigurationSize: u32): bool {
    return this.refuse();
  }
  private refuse(): bool {
    log.critical(
      "envoyscript: no root context registered for root_id \"" + this.rootId +
      "\" (registered: " + registeredRootIds() + "); call registerRootContext(factory, \"" + this.rootId + "\")",
    );
    return false;
  }
}

function createRootContext(contextId: u32): void {
  const rootIdValue = getPropertyString(["plugin_root_id"]);
  const rootId = rootIdValue === null ? "" : rootIdValue;
  const entry = findFactory(rootId);
  if (entry === null) {
    addRoot(new UnregisteredRootContext(contextId, rootId));
    return;
  }
  addRoot(entry.factory(contextId, rootId));
}

function createStreamContext(contextId: u32, rootContextId: u32): void {
  const root = findRoot(rootContextId);
  if (root === null) return; // Unknown root: stream callbacks will let traffic through.
  const http = root.newHttpContext(contextId);
  if (http !== null) {
    addHttpContext(http);
    return;
  }
  const tcp = root.newTcpContext(contextId);
  if (tcp !== null) addTcpContext(tcp);
}

/** Host callback: a root context (`parentContextId` 0) or a stream context was created. */
export function proxy_on_context_create(contextId: u32, parentContextId: u32): void {
  enterCallback(contextId);
  if (parentContextId == 0) createRootContext(contextId);
  else createStreamContext(contextId, parentContextId);
  leaveCallback();
}

/** Host callback: the VM started; `vmConfigurationSize` bytes of VM configuration are readable. */
export function proxy_on_vm_start(rootContextId: u32, vmConfigurationSize: u32): bool {
  enterCallback(rootContextId);
  const root = findRoot(rootContextId);
  return leaveCallbackWith(root === null ? true : root.onVmStart(vmConfigurationSize));
}

/** Host callback: the plugin is (re)configured; `pluginConfigurationSize` bytes are readable. */
export function proxy_on_configure(rootContextId: u32, pluginConfigurationSize: u32): bool {
  enterCallback(rootContextId);
  const root = findRoot(rootContextId);
  return leaveCallbackWith(root === null ? true : root.onConfigure(pluginConfigurationSize));
}

/** Host callback: the host is done with a context; false keeps it until `proxy_done`. */
export function proxy_on_done(contextId: u32): bool {
  enterCallback(contextId);
  const context = findContext(contextId);
  return leaveCallbackWith(context === null ? true : context.onDone());
}

/** Host callback: last logging opportunity for a context. */
export function proxy_on_log(contextId: u32): void {
  enterCallback(contextId);
  const context = findContext(contextId);
  if (context !== null) context.onLog();
  leaveCallback();
}

/** Host callback: the context is gone; the SDK forgets it. */
export function proxy_on_delete(contextId: u32): void {
  enterCallback(contextId);
  const context = findContext(contextId);
  if (context !== null) context.onDelete();
  forgetContext(contextId);
  leaveCallback();
}
