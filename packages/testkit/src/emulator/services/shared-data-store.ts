/**
 * Shared key-value data, with Envoy's rules: data is scoped by VM id (VMs
 * with the same id share it, across plugins); every write gets a new CAS
 * value; a write with CAS 0 is unconditional; a write to an existing key with
 * a stale CAS fails with CAS_MISMATCH (a write to a new key ignores the CAS).
 */
import { Status } from "../abi/enums.ts";
import type { SharedDataPort } from "../hostcalls/ports.ts";

export interface SharedValue {
  value: Uint8Array;
  cas: number;
}

export class SharedDataStore implements SharedDataPort {
  private readonly byVm = new Map<string, Map<string, SharedValue>>();
  private nextCas = 1;

  get(vmId: string, key: string): SharedValue | undefined {
    return this.byVm.get(vmId)?.get(key);
  }

  set(vmId: string, key: string, value: Uint8Array, cas: number): Status {
    let map = this.byVm.get(vmId);
    if (!map) {
      map = new Map();
      this.byVm.set(vmId, map);
    }
    const existing = map.get(key);
    if (existing && cas !== 0 && cas !== existing.cas) return Status.CAS_MISMATCH;
    map.set(key, { value, cas: this.takeCas() });
    return Status.OK;
  }

  /** Every key of one VM id, for tests. */
  keys(vmId: string): string[] {
    return [...(this.byVm.get(vmId)?.keys() ?? [])];
  }

  private takeCas(): number {
    const cas = this.nextCas;
    this.nextCas = (this.nextCas + 1) >>> 0 || 1; // 0 is never a valid CAS
    return cas;
  }
}
