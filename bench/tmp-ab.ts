import { driveThroughEmulator } from "./micro/emulator-drive.ts";
import { emulatorSubjects } from "./micro/emulator-subjects.ts";
import { makeJwtFixtures } from "./lib/jwt-fixtures.ts";
const subjects = emulatorSubjects({ jwt: makeJwtFixtures(), goPeer: {} } as any).filter((s) => s.author !== "go-peer");
const n = Number(process.argv[2] ?? 50000);
for (let round = 0; round < 2; round++) for (const s of subjects) for (const variant of ["base", "new"]) {
  const module = variant === "base" ? `/tmp/base/${s.module.split("/").pop()}` : s.module;
  const r = await driveThroughEmulator({ ...s, module }, n, () => {});
  console.log(round, s.name, variant, r.status, r.reason ?? "", Math.round(r.requestsPerSecond ?? 0), r.memoryAfterWarmupBytes, r.memoryAfterBytes);
}
