// Inserting the filters into a user's own bootstrap (`run --envoy-config`):
// before the router of every HTTP connection manager, the user's tag rules kept.
import { describe, expect, it } from "vitest";
import { addStatsTags, insertHttpFilters, listenerAddresses } from "../src/run/envoy-config.ts";

const HCM = "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
const ROUTER = { name: "envoy.filters.http.router", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" } };
const CORS = { name: "envoy.filters.http.cors", typed_config: {} };
const WASM = { name: "wasm.greeter", typed_config: {} };

function manager(httpFilters: object[]) {
  return { name: "hcm", typed_config: { "@type": HCM, stat_prefix: "x", http_filters: httpFilters } };
}

function httpFiltersOf(bootstrap: Record<string, unknown>): string[][] {
  const listeners = (bootstrap.static_resources as { listeners: { filter_chains?: { filters: { typed_config: { http_filters: { name: string }[] } }[] }[]; default_filter_chain?: { filters: { typed_config: { http_filters: { name: string }[] } }[] } }[] }).listeners;
  return listeners.flatMap((listener) => [...(listener.filter_chains ?? []), ...(listener.default_filter_chain ? [listener.default_filter_chain] : [])]).map((chain) => chain.filters[0].typed_config.http_filters.map((filter) => filter.name));
}

describe("insertHttpFilters", () => {
  it("puts the filters before the router in every chain, the default chain too, and at the end of a manager without a router", () => {
    const bootstrap = {
      static_resources: {
        listeners: [
          { name: "a", address: { socket_address: { address: "0.0.0.0", port_value: 8080 } }, filter_chains: [{ filters: [manager([CORS, ROUTER])] }], default_filter_chain: { filters: [manager([ROUTER])] } },
          { name: "b", filter_chains: [{ filters: [manager([CORS])] }] },
        ],
      },
    };
    const result = insertHttpFilters(bootstrap, [WASM], "envoy.yaml");
    expect(httpFiltersOf(result)).toEqual([
      ["envoy.filters.http.cors", "wasm.greeter", "envoy.filters.http.router"],
      ["wasm.greeter", "envoy.filters.http.router"],
      ["envoy.filters.http.cors", "wasm.greeter"],
    ]);
    // The user's object is left as it was.
    expect(httpFiltersOf(bootstrap)[0]).toEqual(["envoy.filters.http.cors", "envoy.filters.http.router"]);
    expect(listenerAddresses(result)).toEqual([{ name: "a", address: "0.0.0.0", port: 8080 }]);
  });

  it("refuses a bootstrap without an HTTP connection manager", () => {
    expect(() => insertHttpFilters({ static_resources: { listeners: [{ name: "tcp", filter_chains: [{ filters: [{ name: "tcp_proxy" }] }] }] } }, [WASM], "tcp.yaml")).toThrow(
      /--envoy-config "tcp.yaml" has no HTTP connection manager/,
    );
  });
});

describe("addStatsTags", () => {
  it("appends the rules, keeping the user's own rule for a tag they already extract", () => {
    const bootstrap: Record<string, unknown> = { stats_config: { use_all_default_tags: false, stats_tags: [{ tag_name: "team", regex: "mine" }] } };
    addStatsTags(bootstrap, [{ tag_name: "team", regex: "generated" }, { tag_name: "response_code", regex: "rc" }]);
    expect(bootstrap.stats_config).toEqual({ use_all_default_tags: false, stats_tags: [{ tag_name: "team", regex: "mine" }, { tag_name: "response_code", regex: "rc" }] });
  });
});
