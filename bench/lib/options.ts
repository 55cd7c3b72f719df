/** Command-line options of bench/run.ts. */
export interface BenchOptions {
  /** Short run for checking by hand (~2 minutes): fewer, shorter rounds, fewer emulator requests. */
  readonly quick: boolean;
  /** Seconds of load per configuration before the measured rounds. */
  readonly warmupSeconds: number;
  /** Measured rounds; each round visits every configuration once, in rotated order. */
  readonly rounds: number;
  /** Seconds of load per configuration per round. */
  readonly roundSeconds: number;
  /** Open connections of the load generator (the fixed concurrency). */
  readonly connections: number;
  /** Requests driven through the emulator for the memory measurement. */
  readonly emulatorRequests: number;
  /** Only configurations whose id contains one of these strings (all when empty); the baseline and the floor always run. */
  readonly only: readonly string[];
  /** Skip the Envoy load runs (micro-benchmarks only). */
  readonly skipLoad: boolean;
  /** Skip the emulator and crypto micro-benchmarks. */
  readonly skipMicro: boolean;
  /** Leave out Envoy's Wasm floor (the hand-written modules) and the explained-floor columns. */
  readonly skipFloor: boolean;
}

const USAGE = `usage: npx tsx bench/run.ts [--quick] [--rounds N] [--seconds S] [--warmup S] [--connections C]
                            [--emulator-requests N] [--only id,id] [--skip-load] [--skip-micro] [--skip-floor]`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes("--quick");
  const options = {
    quick,
    warmupSeconds: quick ? 1 : 3,
    rounds: quick ? 2 : 5,
    roundSeconds: quick ? 2 : 5,
    connections: 16,
    emulatorRequests: quick ? 50_000 : 1_000_000,
    only: [] as string[],
    skipLoad: argv.includes("--skip-load"),
    skipMicro: argv.includes("--skip-micro"),
    skipFloor: argv.includes("--skip-floor"),
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return next;
    };
    switch (flag) {
      case "--quick":
      case "--skip-load":
      case "--skip-micro":
      case "--skip-floor":
        break;
      case "--rounds": options.rounds = positive(flag, value()); break;
      case "--seconds": options.roundSeconds = positive(flag, value()); break;
      case "--warmup": options.warmupSeconds = positive(flag, value()); break;
      case "--connections": options.connections = positive(flag, value()); break;
      case "--emulator-requests": options.emulatorRequests = positive(flag, value()); break;
      case "--only": options.only = value().split(",").filter(Boolean); break;
      case "--help":
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option "${flag}"\n${USAGE}`);
    }
  }
  return options;
}

function positive(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} takes a positive integer, got "${text}"`);
  return value;
}
