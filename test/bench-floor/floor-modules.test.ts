// The benchmark's floor (bench/floor) prices every callback and hostcall a
// filter makes from hand-written modules. Those numbers mean something only
// if each module is one Envoy loads and runs as it runs in the emulator, and
// makes exactly the calls it declares, counted the way the benchmark counts
// our filters' calls.
import { beforeAll, describe, expect, it } from "vitest";
import { compareBackends, realEnvoySkipped, scenarioBackends } from "@envoyscript/testkit";
import { buildFloorModules, floorModulePath } from "../../bench/floor/build.ts";
import { countCalls } from "../../bench/floor/call-counts.ts";
import { floorModules, HELLO_EQUIVALENT_ID, NO_CALLBACKS_ID, PER_REQUEST_CALLBACKS } from "../../bench/floor/modules.ts";
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
      const callbacks = module.id === NO_CALLBACKS_ID ? {} : Object.fromEntries(PER_REQUEST_CALLBACKS.map((name) => [name, 1]));
      expect(counts.callbacks, module.id).toEqual(callbacks);
      if (module.unit) {
        expect(counts.hostcalls, module.id).toEqual(Object.fromEntries(module.unit.prices.map((name) => [name, module.unit!.repeat])));
      } else if (module.id === HELLO_EQUIVALENT_ID) {
        expect(counts.hostcalls).toEqual({ "env.proxy_get_log_level": 1, "env.proxy_add_header_map_value": 1 });
        expect(counts.allocations, "no header value handed back").toBe(0);
      } else {
        expect(counts.hostcalls, module.id).toEqual({});
      }
    }
  });
});
