// Run by provision.test.ts in a child process with a controlled PATH and cache.
import { provisionEnvoy } from "../../src/index.ts";

const progress: string[] = [];
try {
  const tools = provisionEnvoy({ progress: (line) => progress.push(line) });
  process.stdout.write(JSON.stringify({ ok: true, tools, progress }));
} catch (error) {
  process.stdout.write(JSON.stringify({ ok: false, code: (error as { code?: string }).code, message: (error as Error).message, progress }));
}
