// `registerRootContext(factory, name)` of 0.1.15 on top of the SDK's
// registry: the SDK stores one shared adapter factory per name and picks it
// exactly as for SDK plugins (exact root id, else "", else a module's only
// factory); the adapter factory then builds the old-style root context
// registered under the name the SDK picked.

import { RootContext as SdkRootContext } from "../contexts/root-context";
import { findFactory, registerRootContext as registerSdkRootContext } from "../dispatch/registry";
import { RootContextAdapter } from "./adapters";
import { RootContext } from "./root-context";

/** Builds a plugin's root context from the host's context id. A plain function: it captures nothing. */
export type RootContextFactory = (context_id: u32) => RootContext;

class CompatFactory {
  constructor(public readonly name: string, public factory: RootContextFactory) {}
}

const compatFactories = new Array<CompatFactory>();

/**
 * Registers the root context factory for plugins configured with
 * `root_id: name`. Call it at the top level of the filter's entry file.
 */
export function registerRootContext(root_context_factory: RootContextFactory, name: string): void {
  for (let i = 0; i < compatFactories.length; i++) {
    if (unchecked(compatFactories[i]).name == name) {
      unchecked(compatFactories[i]).factory = root_context_factory;
      return;
    }
  }
  compatFactories.push(new CompatFactory(name, root_context_factory));
  registerSdkRootContext(createAdaptedRoot, name);
}

function createAdaptedRoot(contextId: u32, rootId: string): SdkRootContext {
  const entry = findFactory(rootId);
  const name = entry === null ? rootId : entry.rootId;
  for (let i = 0; i < compatFactories.length; i++) {
    const candidate = unchecked(compatFactories[i]);
    if (candidate.name != name) continue;
    const factory = candidate.factory;
    const root = factory(contextId);
    root.context_id = contextId;
    return new RootContextAdapter(contextId, rootId, root);
  }
  abort("envoyscript compat: no root context registered under \"" + name + "\" for root_id \"" + rootId + "\"; call registerRootContext(factory, \"" + rootId + "\")");
  return changetype<SdkRootContext>(0);
}
