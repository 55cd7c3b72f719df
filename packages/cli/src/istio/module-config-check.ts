import { ConfigurationRefusedError, Host } from "@envoyscript/testkit";
import type { PluginConfigValidator } from "./validate.ts";

/**
 * Checks a pluginConfig the way the filter itself will: loads the module in
 * the testkit's emulator and hands the configuration to its
 * `proxy_on_configure`. A refusal comes back as the lines the filter logged
 * at WARN or above (each names the field and the reason).
 */
export function moduleConfigValidator(modulePath: string): PluginConfigValidator {
  return async (pluginName, config) => {
    const host = new Host({ logLevel: "info" });
    const vm = await host.loadVm({ wasm: modulePath });
    try {
      vm.configurePlugin({ rootId: pluginName, name: pluginName, configuration: JSON.stringify(config ?? {}) });
      return [];
    } catch (error) {
      if (!(error instanceof ConfigurationRefusedError)) throw error;
      const lines = host.logs.entries
        .filter((line) => line.source === "module" && ["warn", "error", "critical"].includes(line.level))
        .map((line) => line.message);
      return lines.length > 0 ? lines : ["the filter refused this configuration (proxy_on_configure returned false)"];
    }
  };
}
