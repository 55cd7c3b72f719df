// Fuzzing at scale (`npm run fuzz` at the repository root): random and
// malformed traffic through each filter under each documented example
// configuration, then fuzzed configurations into proxy_on_configure, all in
// the testkit's emulator. Prints the totals; exits 1 at the first trap,
// stalled stream or unnamed refusal, with its reproduction.
//
//   npm run fuzz -- [--requests N] [--configurations M] [--seed S] [--filter NAME]
//
// --requests: per filter and documented configuration (default 1,000,000),
// sent in chunks of 50,000 whose seeds are S, S+1, ... (replay one chunk with
// fuzzFilters(setup, { seed, requests: 50000 })). --configurations: per
// filter (default 20,000). --seed: default random, printed.
import { parseArgs } from "node:util";
import { describeConfigurationFuzzFailure, describeFuzzFailure, fuzzConfigurations, fuzzFilters } from "@envoyscript/testkit";
import { FILTERS, type FilterName, acceptedExamples, moduleOf } from "./documented-examples.ts";

const CHUNK = 50_000;

interface Options {
  requests: number;
  configurations: number;
  seed: number;
  filters: FilterName[];
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      requests: { type: "string", default: "1000000" },
      configurations: { type: "string", default: "20000" },
      seed: { type: "string" },
      filter: { type: "string", multiple: true },
    },
  });
  const count = (name: string, text: string): number => {
    const value = Number(text.replace(/_/g, ""));
    if (!Number.isInteger(value) || value < 0) usage(`--${name} must be a whole number, got "${text}"`);
    return value;
  };
  const filters = (values.filter ?? [...FILTERS]) as FilterName[];
  for (const filter of filters) if (!FILTERS.includes(filter)) usage(`--filter must be one of ${FILTERS.join(", ")}, got "${filter}"`);
  return {
    requests: count("requests", values.requests!),
    configurations: count("configurations", values.configurations!),
    seed: values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : count("seed", values.seed),
    filters,
  };
}

function usage(message: string): never {
  console.error(`fuzz: ${message}\nusage: npm run fuzz -- [--requests N] [--configurations M] [--seed S] [--filter NAME]`);
  process.exit(2);
}

function fail(text: string): never {
  console.error(`\nFAILED\n${text}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const options = readOptions();
  console.log(`fuzz: seed ${options.seed}, ${options.requests.toLocaleString("en")} requests per filter and documented configuration, ${options.configurations.toLocaleString("en")} configurations per filter`);
  const started = performance.now();
  const totals: string[] = [];
  for (const filter of options.filters) {
    const module = moduleOf(filter);
    const examples = await acceptedExamples(filter);
    let requests = 0;
    const statuses: Record<number, number> = {};
    const filterStarted = performance.now();
    for (const [index, configuration] of examples.entries()) {
      for (let sent = 0, chunk = 0; sent < options.requests; chunk++) {
        const size = Math.min(CHUNK, options.requests - sent);
        const seed = options.seed + chunk;
        const report = await fuzzFilters({ filters: [{ module, rootId: filter, configuration: configuration as object }] }, { requests: size, seed });
        if (report.failure) fail(`${filter}, documented example ${index}, chunk seed ${seed}:\n${describeFuzzFailure(report.failure)}`);
        for (const [status, n] of Object.entries(report.statuses)) statuses[Number(status)] = (statuses[Number(status)] ?? 0) + n;
        sent += size;
        requests += size;
      }
      console.log(`  ${filter}: example ${index}: ${options.requests.toLocaleString("en")} requests, no trap`);
    }
    const trafficSeconds = (performance.now() - filterStarted) / 1000;
    const configurationReport = await fuzzConfigurations(module, filter, examples, { configurations: options.configurations, seed: options.seed });
    if (configurationReport.failure) fail(`${filter}:\n${describeConfigurationFuzzFailure(configurationReport.failure)}`);
    const line =
      `${filter}: ${requests.toLocaleString("en")} requests (${examples.length} documented configurations, ${Math.round(requests / trafficSeconds).toLocaleString("en")}/s), traps 0, statuses ${JSON.stringify(statuses)}; ` +
      `${configurationReport.configurations.toLocaleString("en")} configurations: ${configurationReport.accepted} accepted, ${configurationReport.refused} refused with a named field, traps 0`;
    console.log(line);
    totals.push(line);
  }
  console.log(`\nTotals (seed ${options.seed}, ${Math.round((performance.now() - started) / 1000)} s):\n${totals.map((line) => `  ${line}`).join("\n")}`);
}

await main();
