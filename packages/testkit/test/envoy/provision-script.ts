// Run by provision.test.ts in a child process with a controlled PATH and cache.
// With --request it then starts Envoy through what was provisioned and sends
// one request through it.
import { provisionEnvoy, startEnvoy, startUpstream } from "../../src/index.ts";

const progress: string[] = [];
try {
  const tools = provisionEnvoy({ progress: (line) => progress.push(line) });
  const status = process.argv.includes("--request") ? await requestThroughEnvoy() : undefined;
  process.stdout.write(JSON.stringify({ ok: true, tools, progress, status }));
} catch (error) {
  process.stdout.write(JSON.stringify({ ok: false, code: (error as { code?: string }).code, message: (error as Error).message, progress }));
}

async function requestThroughEnvoy(): Promise<number> {
  const upstream = await startUpstream("v1");
  try {
    const envoy = await startEnvoy({ filters: [], upstreams: [{ name: "v1", port: upstream.port }] });
    try {
      return (await fetch(`${envoy.listenerUrl}/provisioned`)).status;
    } finally {
      await envoy.stop();
    }
  } finally {
    await upstream.close();
  }
}
