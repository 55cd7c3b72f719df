import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { auditModule, buildProject, ImportAuditError } from "../src/index.ts";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));

describe("import audit after build", () => {
  it("fails a module importing env.seed, naming the import", async () => {
    const error = await buildProject(path.join(fixtures, "imports-seed"), ["release"]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportAuditError);
    const audit = error as ImportAuditError;
    expect(audit.code).toBe("E_IMPORT_AUDIT");
    expect(audit.findings.map((finding) => finding.name)).toEqual(["env.seed"]);
    expect(audit.message).toMatch(/imports env\.seed: Math\.random needs a seed/);
  });

  it("fails a module importing env.abort and lacking the allocator, naming each", async () => {
    const error = (await buildProject(path.join(fixtures, "imports-abort"), ["release"]).catch((caught: unknown) => caught)) as ImportAuditError;
    expect(error).toBeInstanceOf(ImportAuditError);
    expect(error.findings.map((finding) => `${finding.problem} ${finding.name}`)).toEqual([
      "forbidden-import env.abort",
      "missing-export malloc",
      "missing-export proxy_on_memory_allocate",
    ]);
    expect(error.message).toContain("imports env.abort");
  });
});

describe("auditModule", () => {
  // (module (import "env" "proxy_log" (func (param i32 i32 i32) (result i32))) (import "wasi_snapshot_preview1" "fd_write" ...))
  // built by hand so the audit's own logic is tested without a compiler.
  const typeSection = [0x01, 0x0b, 0x02, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x00];
  function moduleWithImport(moduleName: string, fieldName: string): Uint8Array {
    const encode = (text: string) => [text.length, ...Buffer.from(text)];
    const entry = [...encode(moduleName), ...encode(fieldName), 0x00, 0x00];
    const importSection = [0x02, entry.length + 1, 0x01, ...entry];
    return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...typeSection, ...importSection]);
  }

  it("accepts proxy_* and Envoy's WASI functions, but not other env imports", () => {
    const names = (wasm: Uint8Array) => auditModule(wasm).filter((finding) => finding.problem !== "missing-export").map((finding) => finding.name);
    expect(names(moduleWithImport("env", "proxy_log"))).toEqual([]);
    expect(names(moduleWithImport("wasi_snapshot_preview1", "fd_write"))).toEqual([]);
    expect(names(moduleWithImport("env", "Date.now"))).toEqual(["env.Date.now"]);
    expect(names(moduleWithImport("env", "proxy_clear_route_cache"))).toEqual(["env.proxy_clear_route_cache"]);
  });

  // What Go's wasip1 runtime (proxy-wasm Go SDK modules) imports beyond AssemblyScript's needs; Envoy 1.40 links them all.
  const goRuntimeImports = ["sched_yield", "poll_oneoff", "fd_fdstat_set_flags", "fd_prestat_get", "fd_prestat_dir_name", "path_open", "clock_res_get", "fd_filestat_get"];
  const forbidden = (wasm: Uint8Array) => auditModule(wasm).filter((finding) => finding.problem === "forbidden-import").map((finding) => finding.name);

  it.each(["wasi_snapshot_preview1", "wasi_unstable"])("accepts the WASI functions a Go SDK module imports, under %s", (moduleName) => {
    expect(goRuntimeImports.flatMap((name) => forbidden(moduleWithImport(moduleName, name)))).toEqual([]);
  });

  it("refuses WASI functions Envoy does not provide, and WASI names outside the two WASI modules", () => {
    expect(forbidden(moduleWithImport("wasi_snapshot_preview1", "proc_raise"))).toEqual(["wasi_snapshot_preview1.proc_raise"]);
    expect(forbidden(moduleWithImport("wasi_unstable", "sock_open"))).toEqual(["wasi_unstable.sock_open"]);
    expect(forbidden(moduleWithImport("env", "sched_yield"))).toEqual(["env.sched_yield"]);
  });
});
