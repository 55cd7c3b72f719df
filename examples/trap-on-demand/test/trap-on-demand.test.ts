import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_RELOAD_BACKOFF_MS,
  realEnvoySkipped,
  scenarioBackends,
  validateEnvoyConfig,
  type FailureOptions,
  type FilterSetup,
  type ScenarioResponse,
  type ScenarioTarget,
} from "@envoyscript/testkit";

const here = path.dirname(fileURLToPath(import.meta.url));
const module = path.join(here, "..", "build", "trap-on-demand.wasm");
const rootId = "trap-on-demand";

interface SetupOptions extends FailureOptions {
  configuration?: object;
  environment?: Record<string, string>;
}

function setup({ configuration = {}, ...options }: SetupOptions = {}): FilterSetup {
  return { filters: [{ module, rootId, configuration, ...options }] };
}

/** What the client saw that tells which VM answered, if any filtered it. */
function served(response: ScenarioResponse): { status: number; vmId: string | null; requests: string | null; upstream: boolean } {
  return { status: response.status, vmId: response.headers["x-vm-id"] ?? null, requests: response.headers["x-vm-requests"] ?? null, upstream: response.upstream !== null };
}

const TRAP = { headers: { "x-trap": "1" } };
/** Refused by the failed VM: Envoy's 503, no VM headers, nothing reached the upstream. */
const REFUSED = { status: 503, vmId: null, requests: null, upstream: false };

describe.each(scenarioBackends())("trap-on-demand on $name", (backend) => {
  describe("while its VM is healthy", () => {
    let target: ScenarioTarget;
    beforeAll(async () => {
      target = await backend.start(setup({ configuration: { env: ["MODE", "MISSING"] }, environment: { MODE: "strict" } }));
    });
    afterAll(async () => target?.stop());

    it("names its VM and counts the requests it saw", async () => {
      const first = await target.request({ path: "/a" });
      const second = await target.request({ path: "/b" });
      expect(first.status).toBe(200);
      expect(first.headers["x-vm-id"]).toMatch(/^[0-9a-f]{16}$/);
      expect(second.headers["x-vm-id"]).toBe(first.headers["x-vm-id"]);
      expect(Number(second.headers["x-vm-requests"])).toBe(Number(first.headers["x-vm-requests"]) + 1);
    });

    it("reports the VM's environment variables it was asked for", async () => {
      const response = await target.request();
      expect(response.headers["x-vm-env-mode"]).toBe("strict");
      expect(response.headers["x-vm-env-missing"]).toBe("(unset)");
    });
  });

  it.each([
    ["1", "onRequestHeaders"],
    ["request-headers", "onRequestHeaders"],
    ["response-headers", "onResponseHeaders"],
  ])("traps when asked with x-trap: %s (in %s), and a failed-closed VM refuses every later request", async (value, callback) => {
    const target = await backend.start(setup());
    try {
      expect((await target.request()).status).toBe(200);
      const trapped = await target.request({ headers: { "x-trap": value } });
      expect(trapped.status).toBe(503);
      expect((await target.wasmLogs()).some((line) => line.includes("trapping VM") && line.includes(callback))).toBe(true);
      const later = await target.request();
      expect(later.status).toBe(503);
      expect(later.upstream ?? null).toBeNull();
    } finally {
      await target.stop();
    }
  });

  it("lets later requests through unfiltered when it fails open", async () => {
    const target = await backend.start(setup({ failurePolicy: "open" }));
    try {
      await target.request({ headers: { "x-trap": "1" } });
      const later = await target.request({ path: "/after" });
      expect(later.status).toBe(200);
      expect(later.upstream?.path).toBe("/after");
      expect(later.headers["x-vm-id"]).toBeUndefined();
    } finally {
      await target.stop();
    }
  });

  /**
   * FAIL_RELOAD as Envoy 1.40 does it: the backoff counts from the VM's last
   * (re)load and each check draws it in [base, 1.5 × base); it is checked
   * when a request starts. So a VM that served longer than the backoff is
   * replaced by the first request after its trap, and one that trapped
   * right after loading leaves requests refused until the backoff passed.
   * `passTime` moves the emulator's virtual clock, and waits for Envoy.
   */
  describe("under FAIL_RELOAD", () => {
    async function reloadScenario(target: ScenarioTarget, backoffMs: number): Promise<void> {
      const first = served(await target.request());
      expect(first).toMatchObject({ status: 200, requests: "1", upstream: true });
      await target.passTime(1.5 * backoffMs);

      expect(served(await target.request(TRAP))).toEqual(REFUSED);
      const second = served(await target.request());
      expect(second).toMatchObject({ status: 200, requests: "1", upstream: true });
      expect(second.vmId).not.toBe(first.vmId);

      // The new VM was loaded a moment ago: after its trap, requests are refused for the backoff.
      expect(served(await target.request(TRAP))).toEqual(REFUSED);
      expect(served(await target.request())).toEqual(REFUSED);
      await target.passTime(1.5 * backoffMs);
      const third = served(await target.request());
      expect(third).toMatchObject({ status: 200, requests: "1", upstream: true });
      expect([first.vmId, second.vmId]).not.toContain(third.vmId);
    }

    it("replaces a VM that trapped with a new one, refusing requests (503) only within the backoff (1 s by default) since the last load", async () => {
      const target = await backend.start(setup({ failurePolicy: "reload" }));
      try {
        await reloadScenario(target, DEFAULT_RELOAD_BACKOFF_MS);
        expect((await target.wasmLogs()).filter((line) => line.includes("trapping VM"))).toHaveLength(2);
      } finally {
        await target.stop();
      }
    });

    it("takes the backoff from reloadBackoffMs (Envoy's reload_config.backoff.base_interval)", async () => {
      // The request after the trap, 450 ms after the VM loaded, gets a new VM: the default backoff (1 s) would refuse it.
      const target = await backend.start(setup({ failurePolicy: "reload", reloadBackoffMs: 300 }));
      try {
        await reloadScenario(target, 300);
      } finally {
        await target.stop();
      }
    });
  });

  it("traps on another header when configured", async () => {
    const target = await backend.start(setup({ configuration: { header: "X-Crash" } }));
    try {
      expect((await target.request({ headers: { "x-trap": "1" } })).status).toBe(200);
      expect((await target.request({ headers: { "x-crash": "1" } })).status).toBe(503);
    } finally {
      await target.stop();
    }
  });

  it("refuses a configuration whose env is not a list of strings, naming the field", async () => {
    const error = await backend.start(setup({ configuration: { env: "MODE" } })).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/env/);
  });
});

describe.skipIf(realEnvoySkipped())("trap-on-demand's envoy.yaml", () => {
  it("is valid for Envoy", () => {
    const result = validateEnvoyConfig(path.join(here, "..", "envoy.yaml"));
    expect(result.output).toMatch(/OK/);
    expect(result.ok).toBe(true);
  });
});
