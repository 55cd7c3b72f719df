/**
 * Metric hostcalls with Envoy's rules: ids carry the type in their low two
 * bits; a counter only grows (a non-positive increment is BAD_ARGUMENT); a
 * gauge moves both ways and `record` sets it; a histogram records values and
 * cannot be read back through the ABI. Ids are the VM's own, as in Envoy:
 * the table that maps them to stats is kept here, one per VM.
 */
import { MetricType, Status } from "../abi/enums.ts";
import type { MetricCell, MetricsPort, ModuleMemory } from "./ports.ts";
import type { ImportSet } from "./types.ts";

export function metricImports(memory: ModuleMemory, metrics: MetricsPort): ImportSet {
  const byId = new Map<number, MetricCell>();
  const lastIds = [0, 1, 2];
  const nextId = (type: number) => (lastIds[type]! += 4);
  return {
    proxy_define_metric: [
      "iiii:i",
      (type: number, namePtr: number, nameSize: number, idPtr: number) => {
        if (type > MetricType.HISTOGRAM) return Status.BAD_ARGUMENT;
        const name = memory.readString(namePtr, nameSize);
        if (name === null) return Status.INVALID_MEMORY_ACCESS;
        const id = nextId(type);
        byId.set(id, metrics.define(type, name));
        return memory.setU32(idPtr, id) ? Status.OK : Status.INVALID_MEMORY_ACCESS;
      },
    ],
    proxy_increment_metric: [
      "il:i",
      (id: number, offset: bigint) => {
        const type = id & 3;
        if (type === MetricType.HISTOGRAM || type === 3) return Status.BAD_ARGUMENT;
        const metric = byId.get(id >>> 0);
        if (metric === undefined) return Status.NOT_FOUND;
        if (type === MetricType.COUNTER && offset <= 0n) return Status.BAD_ARGUMENT;
        metric.value += Number(offset);
        return Status.OK;
      },
    ],
    proxy_record_metric: [
      "il:i",
      (id: number, value: bigint) => {
        const metric = byId.get(id >>> 0);
        if (metric === undefined) return Status.NOT_FOUND;
        const amount = Number(BigInt.asUintN(64, value));
        if (metric.type === "counter") metric.value += amount;
        else if (metric.type === "gauge") metric.value = amount;
        else metric.values.push(amount);
        return Status.OK;
      },
    ],
    proxy_get_metric: [
      "ii:i",
      (id: number, resultPtr: number) => {
        const type = id & 3;
        if (type === MetricType.HISTOGRAM || type === 3) return Status.BAD_ARGUMENT;
        const metric = byId.get(id >>> 0);
        if (metric === undefined) return Status.NOT_FOUND;
        return memory.setU64(resultPtr, BigInt(Math.trunc(metric.value))) ? Status.OK : Status.INVALID_MEMORY_ACCESS;
      },
    ],
  };
}
