// Which context object answers which context id, and which factory builds the
// root context of which plugin (root id). Several plugins may share one
// module: Envoy tells them apart by `root_id`, which the SDK reads from the
// `plugin_root_id` property when the host creates a root context.

import { Context } from "../contexts/context";
import { RootContext } from "../contexts/root-context";
import { HttpContext } from "../contexts/http-context";
import { TcpContext } from "../contexts/tcp-context";

/** Builds a plugin's root context. A plain function: AssemblyScript has no closures. */
export type RootContextFactory = (contextId: u32, rootId: string) => RootContext;

class FactoryEntry {
  constructor(public rootId: string, public factory: RootContextFactory) {}
}

const factories = new Array<FactoryEntry>();
const roots = new Map<u32, RootContext>();
const httpContexts = new Map<u32, HttpContext>();
const tcpContexts = new Map<u32, TcpContext>();

/** The id of the context whose callback is running (0 outside callbacks). */
let activeId: u32 = 0;

/**
 * Registers the factory of the root context for plugins configured with
 * `root_id: rootId`. Call it at the top level of the filter's entry file (it
 * runs in `_initialize`, before the host creates any context).
 */
export function registerRootContext(factory: RootContextFactory, rootId: string): void {
  for (let i = 0; i < factories.length; i++) {
    if (unchecked(factories[i]).rootId == rootId) {
      unchecked(factories[i]).factory = factory;
      return;
    }
  }
  factories.push(new FactoryEntry(rootId, factory));
}

/**
 * The factory for `rootId`: exact match, else the one registered for "",
 * else the first one when the plugin has no root id or only one factory exists.
 */
export function findFactory(rootId: string): FactoryEntry | null {
  let fallback: FactoryEntry | null = null;
  for (let i = 0; i < factories.length; i++) {
    const entry = unchecked(factories[i]);
    if (entry.rootId == rootId) return entry;
    if (entry.rootId == "") fallback = entry;
  }
  if (fallback === null && factories.length > 0 && (rootId == "" || factories.length == 1)) fallback = unchecked(factories[0]);
  return fallback;
}

/** Root ids registered so far, for error messages. */
export function registeredRootIds(): string {
  const ids = new Array<string>();
  for (let i = 0; i < factories.length; i++) ids.push("\"" + unchecked(factories[i]).rootId + "\"");
  return ids.length == 0 ? "(none)" : ids.join(", ");
}

export function addRoot(root: RootContext): void {
  roots.set(root.contextId, root);
}

export function addHttpContext(context: HttpContext): void {
  httpContexts.set(context.contextId, context);
}

export function addTcpContext(context: TcpContext): void {
  tcpContexts.set(context.contextId, context);
}

export function findRoot(contextId: u32): RootContext | null {
  return roots.has(contextId) ? roots.get(contextId) : null;
}

export function findHttpContext(contextId: u32): HttpContext | null {
  return httpContexts.has(contextId) ? httpContexts.get(contextId) : null;
}

export function findTcpContext(contextId: u32): TcpContext | null {
  return tcpContexts.has(contextId) ? tcpContexts.get(contextId) : null;
}

/** Any context (root, HTTP or TCP) with this id. */
export function findContext(contextId: u32): Context | null {
  if (httpContexts.has(contextId)) return httpContexts.get(contextId);
  if (tcpContexts.has(contextId)) return tcpContexts.get(contextId);
  if (roots.has(contextId)) return roots.get(contextId);
  return null;
}

/** True while the host still knows the context (created and not yet deleted). */
export function isContextAlive(contextId: u32): bool {
  return httpContexts.has(contextId) || tcpContexts.has(contextId) || roots.has(contextId);
}

/** Forgets a deleted context so its object can be collected. */
export function forgetContext(contextId: u32): void {
  httpContexts.delete(contextId);
  tcpContexts.delete(contextId);
  roots.delete(contextId);
}

/** Number of live stream (HTTP + TCP) contexts; a leak shows here first. */
export function liveStreamContextCount(): i32 {
  return httpContexts.size + tcpContexts.size;
}

/** Records which context's callback is running, so callouts remember their origin. */
// @ts-ignore: decorator
@inline export function enterContext(contextId: u32): void {
  activeId = contextId;
}

/** The id of the context whose callback is running. */
export function activeContextId(): u32 {
  return activeId;
}
