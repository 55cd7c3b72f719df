// Started by orphans.test.ts as a separate process, then killed with SIGKILL
// midway: it starts Envoy, reports where, and waits forever.
import { startEnvoy, startUpstream } from "../../src/index.ts";

const upstream = await startUpstream("v1");
const envoy = await startEnvoy({ filters: [], upstreams: [{ name: "v1", port: upstream.port }] });
process.stdout.write(`${JSON.stringify({ runDir: envoy.runDir, listenerUrl: envoy.listenerUrl })}\n`);
setInterval(() => undefined, 60_000);
