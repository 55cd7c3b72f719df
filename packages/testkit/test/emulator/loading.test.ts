import { beforeAll, describe, expect, it } from "vitest";
import { ConfigureRejectedError, DuplicateRootIdError, EmulatorError, Host, ImportTypeMismatchError, MissingImportError, NoAbiVersionError } from "../../src/emulator/index.ts";
import { compileFixture, writeTempWasm } from "../fixtures/compile-fixture.ts";
import { buildModule, fnType, minimalProxyModule, op } from "../fixtures/wasm-builder.ts";

let kitchen: Uint8Array;
beforeAll(async () => {
  kitchen = await compileFixture("kitchen");
});

async function loadError(wasm: Uint8Array): Promise<EmulatorError> {
  const error = await new Host().loadVm({ wasm }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(EmulatorError);
  return error as EmulatorError;
}

describe("loading a module", () => {
  it("names every import the host does not provide, like Envoy's missing import", async () => {
    const wasm = minimalProxyModule({
      imports: [
        { module: "env", name: "abort", type: fnType(["i32", "i32", "i32", "i32"], []) },
        { module: "env", name: "proxy_log", type: fnType(["i32", "i32", "i32"], ["i32"]) },
        { module: "env", name: "__stack_pointer", type: "global" },
      ],
    });
    const error = await loadError(wasm);
    expect(error).toBeInstanceOf(MissingImportError);
    expect(error.code).toBe("E_MISSING_IMPORT");
    expect((error as MissingImportError).imports).toEqual(["env.abort", "env.__stack_pointer"]);
    expect(error.message).toContain("env.abort");
  });

  it("refuses an import declared with the wrong signature", async () => {
    const wasm = minimalProxyModule({ imports: [{ module: "env", name: "proxy_log", type: fnType(["i32", "i32"], ["i32"]) }] });
    const error = await loadError(wasm);
    expect(error).toBeInstanceOf(ImportTypeMismatchError);
    expect(error.code).toBe("E_IMPORT_TYPE_MISMATCH");
    expect(error.message).toContain("env.proxy_log");
  });

  it("refuses a 0.1.0-only import under a 0.2.1 marker", async () => {
    const wasm = minimalProxyModule({ imports: [{ module: "env", name: "proxy_continue_request", type: fnType([], ["i32"]) }] });
    expect((await loadError(wasm)).code).toBe("E_MISSING_IMPORT");
  });

  it("requires an ABI version marker", async () => {
    const wasm = buildModule({ memory: true, functions: [{ type: fnType(["i32"], ["i32"]), export: "malloc" }] });
    const error = await loadError(wasm);
    expect(error).toBeInstanceOf(NoAbiVersionError);
    expect(error.code).toBe("E_NO_ABI_VERSION");
  });

  it("requires malloc or proxy_on_memory_allocate", async () => {
    const wasm = buildModule({ memory: true, functions: [{ type: fnType([], []), export: "proxy_abi_version_0_2_1" }] });
    expect((await loadError(wasm)).code).toBe("E_NO_ALLOCATOR");
  });

  it("reports bytes that are not WebAssembly", async () => {
    expect((await loadError(Uint8Array.from([1, 2, 3, 4]))).code).toBe("E_INVALID_WASM");
  });

  it("loads a module from a path", async () => {
    const path = await writeTempWasm("kitchen-by-path", kitchen);
    const vm = await new Host().loadVm({ wasm: path });
    expect(vm.abiVersion).toBe("0.2.1");
  });

  it("gives a module built without AssemblyScript the WASI functions Envoy provides", async () => {
    // environ_sizes_get(0, 4); environ_get(16, 256); proxy_log(INFO, 256, *4); fd_write(1, iovec at 512) of "hi from stdout\n"
    const wasm = minimalProxyModule({
      imports: [
        { module: "wasi_snapshot_preview1", name: "environ_sizes_get", type: fnType(["i32", "i32"], ["i32"]) },
        { module: "wasi_snapshot_preview1", name: "environ_get", type: fnType(["i32", "i32"], ["i32"]) },
        { module: "env", name: "proxy_log", type: fnType(["i32", "i32", "i32"], ["i32"]) },
        { module: "wasi_unstable", name: "fd_write", type: fnType(["i32", "i32", "i32", "i32"], ["i32"]) },
      ],
      data: [
        { offset: 512, text: "\u0000\u0003\u0000\u0000\u000f\u0000\u0000\u0000" }, // iovec {ptr 768, len 15}
        { offset: 768, text: "hi from stdout\n" },
      ],
      functions: [
        {
          type: fnType([], []),
          export: "_initialize",
          body: [
            ...op.i32(0), ...op.i32(4), ...op.call(0), ...op.drop,
            ...op.i32(16), ...op.i32(256), ...op.call(1), ...op.drop,
            ...op.i32(2), ...op.i32(256), ...op.i32(4), ...op.i32Load(), ...op.call(2), ...op.drop,
            ...op.i32(1), ...op.i32(512), ...op.i32(1), ...op.i32(600), ...op.call(3), ...op.drop,
          ],
        },
      ],
    });
    const host = new Host();
    await host.loadVm({ wasm, environment: { A: "1", B: "two" } });
    expect(host.logs.messages("info")).toEqual(["A=1\u0000B=two\u0000", "hi from stdout"]);
    expect(host.logs.entries[1]!.source).toBe("stdout");
  });

  it("fails the VM when the module traps after proc_exit", async () => {
    const wasm = minimalProxyModule({
      imports: [{ module: "wasi_snapshot_preview1", name: "proc_exit", type: fnType(["i32"], []) }],
      functions: [{ type: fnType([], []), export: "_start", body: [...op.i32(3), ...op.call(0), ...op.unreachable] }],
    });
    const error = await loadError(wasm);
    expect(error.code).toBe("E_VM_FAILED");
    expect(error.message).toContain("wasi_unstable proc_exit");
  });
});

describe("starting and configuring plugins", () => {
  it("hands the VM configuration to proxy_on_vm_start and the plugin configuration to proxy_on_configure", async () => {
    const host = new Host();
    await host.loadPlugin({ wasm: kitchen, vmConfiguration: "vm-settings", configuration: { mode: "strict" } });
    expect(host.logs.messages("info")).toEqual(["vm config: vm-settings", 'configured: {"mode":"strict"}']);
  });

  it("rejects a plugin whose proxy_on_configure returns false, with the module's log lines", async () => {
    const host = new Host();
    const error = await host.loadPlugin({ wasm: kitchen, rootId: "auth", configuration: "reject" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigureRejectedError);
    expect((error as ConfigureRejectedError).code).toBe("E_CONFIGURE_REJECTED");
    expect((error as ConfigureRejectedError).logs).toContainEqual({ level: "error", message: "bad configuration: reject" });
    expect((error as Error).message).toContain('root id "auth"');
  });

  it("rejects a VM whose proxy_on_vm_start returns false", async () => {
    const error = await new Host().loadPlugin({ wasm: kitchen, vmConfiguration: "reject-vm" }).catch((e: unknown) => e);
    expect((error as EmulatorError).code).toBe("E_VM_START_REJECTED");
  });

  it("reports a trap during configuration as a failed VM", async () => {
    const error = await new Host().loadPlugin({ wasm: kitchen, configuration: "trap" }).catch((e: unknown) => e);
    expect((error as EmulatorError).code).toBe("E_VM_FAILED");
    expect((error as Error).message).toContain("proxy_on_configure");
  });

  it("runs several plugins on one VM, each with its own root context, starting the VM once", async () => {
    const host = new Host();
    const vm = await host.loadVm({ wasm: kitchen, vmId: "shared-vm", vmConfiguration: "once" });
    const first = vm.configurePlugin({ rootId: "first", configuration: "one" });
    const second = vm.configurePlugin({ rootId: "second", configuration: "two" });
    expect(first.rootContextId).not.toBe(second.rootContextId);
    expect(host.logs.messages("info")).toEqual(["vm config: once", "configured: one", "configured: two"]);
    expect((await first.request()).upstreamRequest!.headers["x-config"]).toBe("one");
    expect((await second.request()).upstreamRequest!.headers["x-config"]).toBe("two");
    expect(() => vm.configurePlugin({ rootId: "first" })).toThrow(DuplicateRootIdError);
  });
});
