// The benchmark's floor (bench/floor) prices every callback and hostcall a
// filter makes from hand-written modules. Those numbers mean something only
// if each module is one Envoy loads and runs as it runs in the emulator, and
// makes exactly the calls it declares, counted the way the benchmark counts
// our filters' calls.
import { beforeAll, describe, expect, it } from "vitest";
import { compareBackends, realEnvoySkipped, scenarioBackends } from "@envoyscript/testkit";
import { buildFloorModules, floorModulePath } from "../../bench/floor/build.ts";
import { countCalls } from "../../bench/floor/call-counts.ts";
import { unitCosts } from "../../bench/floor/explain.ts";
import { ABSENT_HEADER_GET, CALLBACKS_ID, FAULT_EQUIVALENT_ID, floorModules, HEADER_MAP_INDEX_ID, HEADER_MAP_INDEX_KIND, HELLO_EQUIVALENT_ID, NO_CALLBACKS_ID } from "../../bench/floor/modules.ts";
import { makeJwtFixtures } from "../../bench/lib/jwt-fixtures.ts";
import { floorConfigurations } from "../../bench/scenarios/floor.ts";

const modules = floorModules();

beforeAll(async () => {
  await buildFloorModules(modules);
});

describe("the floor modules", () => {
  it("load and run alike in real Envoy and in the emulator, all chained in one filter chain", async () => {
    const backends = scenarioBackends();
    if (!realEnvoySkipped()) expect(backends.map((backend) => backend.name)).toContain("envoy");
    const filters = modules.map((module) => ({ module: floorModulePath(module), rootId: "floor" }));
    const request = { path: "/reviews/1", headers: { "x-team": "payments", "end-user": "alice" } };
    const report = await compareBackends({ filters }, [request, request], backends);
    expect(report.differences).toEqual([]);
    for (const observations of Object.values(report.observations)) {
      // A hostcall that does not answer OK traps its module: the request would get 503.
      expect(observations.map((observation) => observation.status)).toEqual([200, 200]);
      expect(observations[0]!.headers["x-hello"]).toBe("bench");
    }
  });

  it("make exactly the callbacks and hostcalls they declare, as the benchmark counts them", async () => {
    const configurations = floorConfigurations({ jwt: makeJwtFixtures(), goPeer: {} }, modules);
    for (const module of modules) {
      const counts = await countCalls(configurations.find((configuration) => configuration.id === module.id)!);
      expect(counts.status, module.id).toBe("counted");
      expect(counts.callbacks, module.id).toEqual(Object.fromEntries(module.callbacks.map((name) => [name, 1])));
      // Lookups by name (get, replace, remove): one more, first, which indexes the request headers.
      const indexes = module.id === HEADER_MAP_INDEX_ID || module.unit?.base === HEADER_MAP_INDEX_ID || module.id === FAULT_EQUIVALENT_ID ? 1 : 0;
      expect(counts.headerMapIndexes, module.id).toBe(indexes);
      if (module.unit) {
        const expected: Record<string, number> = Object.fromEntries(module.unit.prices.map((name) => [name, module.unit!.repeat]));
        if (indexes) expected[ABSENT_HEADER_GET] = (expected[ABSENT_HEADER_GET] ?? 0) + 1;
        expect(counts.hostcalls, module.id).toEqual(expected);
      } else if (module.id === HELLO_EQUIVALENT_ID) {
        expect(counts.hostcalls).toEqual({ "env.proxy_get_log_level": 1, "env.proxy_add_header_map_value": 1 });
        expect(counts.allocations, "no header value handed back").toBe(0);
      } else if (module.id === FAULT_EQUIVALENT_ID) {
        expect(counts.hostcalls).toEqual({ [ABSENT_HEADER_GET]: 1 });
      } else {
        expect(counts.hostcalls, module.id).toEqual({});
      }
    }
  });

  it("price the index of a header map once, from the module that makes one lookup, without the lookup itself", () => {
    // Made-up added costs: no-ops 10, the index module 14.5, 10 absent lookups over it 20.
    const added: Record<string, number> = { [NO_CALLBACKS_ID]: 5, [CALLBACKS_ID]: 10, [HEADER_MAP_INDEX_ID]: 14.5, "floor/header-get-absent": 20 };
    const units = unitCosts(modules, (id) => (id in added ? { us: added[id]!, cpuUs: null } : undefined));
    const byKind = Object.fromEntries(units.map((unit) => [unit.kind, unit.us]));
    expect(byKind["header-get-absent"]).toBeCloseTo(0.55);
    expect(byKind[HEADER_MAP_INDEX_KIND]).toBeCloseTo(14.5 - 10 - 0.55);
    // Lookups by name whose module was not measured have no unit (priced as the plain hostcall).
    expect(byKind["header-get"]).toBeUndefined();
  });
});
