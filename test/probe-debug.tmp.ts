import { envoyBackend } from "@envoyscript/testkit";
const mod = process.argv[2]!;
const paths = process.argv[3]!.split(",");
const target = await envoyBackend.start({ filters: [{ module: mod, rootId: "property-probe" }] });
try {
  const r = await target.request({ method: "POST", path: "/callbacks", headers: { "x-probe-callbacks": paths.join(","), "content-type": "text/plain", "user-agent": "probe" }, body: "hello" });
  console.log(r.status, JSON.stringify(r.trap));
  await new Promise((res) => setTimeout(res, 300));
  console.log((await target.wasmLogs()).join("\n").slice(0, 3000));
} finally { await target.stop(); }
