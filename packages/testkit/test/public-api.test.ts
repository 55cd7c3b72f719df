// The testkit's public surface: the entry lists its names, and the
// emulator's handles keep their internals private.
import { describe, expect, it } from "vitest";
import * as testkit from "../src/index.ts";
import { compileFixture } from "./fixtures/compile-fixture.ts";

describe("the testkit's public entry", () => {
  it("offers the emulator's curated names, and nothing of its layers", () => {
    expect(Object.keys(testkit.emulator).sort()).toEqual([
      "BufferType",
      "ConfigurationRefusedError",
      "DataStatus",
      "DuplicateRootIdError",
      "EmulatorError",
      "GrpcStatus",
      "HeadersStatus",
      "Host",
      "ImportTypeMismatchError",
      "InvalidWasmError",
      "LogLevel",
      "MapType",
      "MetricType",
      "MissingImportError",
      "NetworkStatus",
      "NoAbiVersionError",
      "NoAllocatorError",
      "PeerType",
      "Status",
      "StreamStalledError",
      "StreamStateError",
      "StreamType",
      "TrailersStatus",
      "VmFailedError",
      "VmStartRejectedError",
      "echoUpstream",
      "property",
      "unmarshalBytePairs",
    ]);
  });

  it("hands out a Vm and a Plugin whose state is private", async () => {
    const host = new testkit.Host();
    const plugin = await host.loadPlugin({ wasm: await compileFixture("header-only"), rootId: "" });
    expect(Object.getOwnPropertyNames(plugin.vm)).toEqual([]);
    expect(Object.getOwnPropertyNames(plugin)).toEqual([]); // `vm` is a getter: FAIL_RELOAD may move a plugin to a new VM
    expect(plugin.vm.memoryBytes).toBeGreaterThan(0);
    expect(plugin.vm.plugins.get("")).toBe(plugin);
  });
});
