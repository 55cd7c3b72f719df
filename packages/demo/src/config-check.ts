import { CliError, moduleConfigValidator } from "@envoyscript/cli";

/**
 * Hands each filter its demo configuration in the in-process emulator first,
 * so a filter that refuses it stops the demo with the filter's own reasons
 * (the field and why) instead of an Envoy that will not start, and no filter
 * is ever dropped silently.
 */
export async function assertConfigurationsAccepted(filters: readonly { readonly rootId: string; readonly module: string; readonly configuration: Record<string, unknown> }[]): Promise<void> {
  const refusals: string[] = [];
  for (const filter of filters) {
    let reasons: string[];
    try {
      reasons = await moduleConfigValidator(filter.module)(filter.rootId, filter.configuration);
    } catch (error) {
      reasons = [`the module could not be loaded: ${(error as Error).message}`];
    }
    for (const reason of reasons) refusals.push(`  ${filter.rootId} (${filter.module}): ${reason}`);
  }
  if (refusals.length > 0) {
    throw new CliError(
      "E_DEMO_CONFIG_REFUSED",
      `a filter refused its demo configuration (packages/demo/src/filter-configs.ts), so the demo cannot run the full chain:\n${refusals.join("\n")}\nfix the configuration to match the filter's docs (packages/filters/docs/) or the filter, then run again`,
    );
  }
}
