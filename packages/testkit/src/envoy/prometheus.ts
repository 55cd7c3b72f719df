/** One sample of Prometheus text exposition: `name{label="value",...} value`. */
export interface PrometheusSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Parses Prometheus text format (as Envoy's `/stats/prometheus` writes it). Comments and TYPE lines are skipped. */
export function parsePrometheus(text: string): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const sample = parseLine(line);
    if (sample) samples.push(sample);
  }
  return samples;
}

function parseLine(line: string): PrometheusSample | null {
  const brace = line.indexOf("{");
  const space = line.indexOf(" ");
  if (brace >= 0 && (space < 0 || brace < space)) {
    const close = findClosingBrace(line, brace);
    if (close < 0) return null;
    return { name: line.slice(0, brace), labels: parseLabels(line.slice(brace + 1, close)), value: Number(line.slice(close + 1).trim().split(" ")[0]) };
  }
  if (space < 0) return null;
  return { name: line.slice(0, space), labels: {}, value: Number(line.slice(space + 1).trim().split(" ")[0]) };
}

function findClosingBrace(line: string, from: number): number {
  let quoted = false;
  for (let i = from + 1; i < line.length; i++) {
    const char = line[i];
    if (char === "\\" && quoted) i++;
    else if (char === '"') quoted = !quoted;
    else if (char === "}" && !quoted) return i;
  }
  return -1;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const pattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
  for (const match of text.matchAll(pattern)) {
    labels[match[1]] = match[2].replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
  }
  return labels;
}

/** Samples named `name` whose labels include every pair of `labels`. */
export function findSamples(samples: readonly PrometheusSample[], name: string, labels: Readonly<Record<string, string>> = {}): PrometheusSample[] {
  return samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
}
