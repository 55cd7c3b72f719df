// Compiles an AssemblyScript entry with the asc API (raw ESM bindings, so
// strings and typed arrays cross over as they are) and instantiates it with
// no imports: for modules built from the filter's pure code, without the
// proxy-wasm host (unit tests, the benchmark).
import asc from "assemblyscript/asc";

/** `runtime`: the benchmark builds with the SDK preset's minimal runtime; unit tests keep the collector that runs by itself. */
export async function loadAscModule<T>(entry: string, optimize: "-O0" | "-O3", runtime: "incremental" | "minimal" = "incremental"): Promise<T> {
  let binary: Uint8Array | undefined;
  let bindings: string | undefined;
  const output: string[] = [];
  const sink = { write: (chunk: string | Uint8Array) => void output.push(String(chunk)) };
  // SIMD as the SDK preset enables it for shipped modules (the crypto uses it where the build allows).
  const flags = ["--runtime", runtime, "--use", "abort=", "--enable", "simd", optimize, "--bindings", "raw", "--outFile", "module.wasm"];
  const { error } = await asc.main([entry, ...flags], {
    stdout: sink,
    stderr: sink,
    writeFile: (name: string, contents: Uint8Array | string) => {
      if (name.endsWith(".wasm") && typeof contents !== "string") binary = contents;
      if (name.endsWith(".js")) bindings = String(contents);
    },
  });
  if (error || !binary || !bindings) throw new Error(`asc could not build ${entry}: ${error?.message ?? "no output"}\n${output.join("")}`);
  const raw = (await import(/* @vite-ignore */ `data:text/javascript;base64,${Buffer.from(bindings).toString("base64")}`)) as {
    instantiate(module: WebAssembly.Module, imports: WebAssembly.Imports): Promise<T>;
  };
  return raw.instantiate(await WebAssembly.compile(binary), {});
}
