// Steps through a filter's AssemblyScript source under Node's inspector
// while the emulator drives it: the way a debugger attached with --inspect
// (VS Code, Chrome DevTools) sees a debug build. The main thread loads the
// debug module into the emulator and sends a request; a worker, attached to
// the main thread's inspector, puts a breakpoint on `<source>:<line>`
// through the module's source map, and reports where the filter stopped.
//
//   node step-through.mjs <module.debug.wasm> <source> <line>
// prints {"sourceMapURL", "paused": {"function", "source", "line"}} as JSON.
import { Session } from "node:inspector";
import { fileURLToPath } from "node:url";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { Host, WasmSourceMap } from "@envoyscript/testkit";

if (isMainThread) {
  const [module, source, line] = process.argv.slice(2);
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { source, line: Number(line) } });
  worker.on("error", (error) => { console.error("worker failed:", error); process.exitCode = 1; });
  const inbox = [];
  const waiting = [];
  worker.on("message", (message) => (waiting.length > 0 ? waiting.shift()(message) : inbox.push(message)));
  const next = () => (inbox.length > 0 ? Promise.resolve(inbox.shift()) : new Promise((resolve) => waiting.push(resolve)));
  await next(); // attached
  const host = new Host();
  const plugin = await host.loadPlugin({ wasm: module, rootId: "trap-probe", name: "trap-probe" });
  worker.postMessage("loaded");
  const armed = await next();
  if (armed.error) throw new Error(armed.error);
  await plugin.request({ path: "/quota", headers: { "x-quota": "-1" } });
  console.log(JSON.stringify({ sourceMapURL: armed.sourceMapURL, paused: await next() }));
  await worker.terminate();
} else {
  const session = new Session();
  session.connectToMainThread();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  const wasmScripts = [];
  let map = null;
  session.on("Debugger.scriptParsed", ({ params }) => {
    if (params.scriptLanguage === "WebAssembly" || params.url.startsWith("wasm://")) wasmScripts.push(params);
  });
  session.on("Debugger.paused", async ({ params }) => {
    const frame = params.callFrames[0];
    const position = map.lookup(frame.location.columnNumber);
    parentPort.postMessage({ function: frame.functionName, source: position?.source, line: position?.line });
    await post("Debugger.resume");
  });
  // Listening on the port keeps the worker alive: the inspector session alone does not.
  parentPort.on("message", async (message) => {
    if (message !== "loaded") return;
    try {
      const script = wasmScripts.find((candidate) => candidate.sourceMapURL);
      if (!script) throw new Error(`no wasm script with a source map URL among ${JSON.stringify(wasmScripts.map((candidate) => candidate.url))}`);
      map = WasmSourceMap.read(fileURLToPath(script.sourceMapURL));
      const offset = map.offsetOf(workerData.source, workerData.line);
      if (offset === null) throw new Error(`${workerData.source}:${workerData.line} is not in the source map`);
      await post("Debugger.setBreakpoint", { location: { scriptId: script.scriptId, lineNumber: 0, columnNumber: offset } });
      parentPort.postMessage({ sourceMapURL: script.sourceMapURL });
    } catch (error) {
      parentPort.postMessage({ error: String(error) });
    }
  });
  await post("Debugger.enable");
  parentPort.postMessage("attached");
}
