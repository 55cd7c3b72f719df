/**
 * Shared queues, with Envoy's rules: a queue is registered by name within a
 * VM id and owned by the registering root context, which is told (through
 * `proxy_on_queue_ready`, posted, never inline) each time an item arrives.
 * Anyone who resolves the name (any VM) may enqueue; tokens are global.
 */
import { Status } from "../abi/enums.ts";
import type { QueueOwner, QueuesPort } from "../hostcalls/ports.ts";

interface Queue {
  vmId: string;
  name: string;
  owner: QueueOwner;
  items: Uint8Array[];
}

export class SharedQueueStore implements QueuesPort {
  private readonly tokens = new Map<string, number>();
  private readonly queues = new Map<number, Queue>();
  private nextToken = 1;

  register(vmId: string, name: string, owner: QueueOwner): number {
    const key = `${vmId}\u0000${name}`;
    const existing = this.tokens.get(key);
    if (existing !== undefined) {
      this.queues.get(existing)!.owner = owner;
      return existing;
    }
    const token = this.nextToken++;
    this.tokens.set(key, token);
    this.queues.set(token, { vmId, name, owner, items: [] });
    return token;
  }

  resolve(vmId: string, name: string): number | undefined {
    return this.tokens.get(`${vmId}\u0000${name}`);
  }

  enqueue(token: number, item: Uint8Array): Status {
    const queue = this.queues.get(token);
    if (!queue) return Status.NOT_FOUND;
    queue.items.push(item);
    queue.owner.queueReady(token);
    return Status.OK;
  }

  dequeue(token: number): Uint8Array | Status {
    const queue = this.queues.get(token);
    if (!queue) return Status.NOT_FOUND;
    const item = queue.items.shift();
    return item === undefined ? Status.EMPTY : item;
  }

  /** Items waiting in a queue, for tests. */
  peek(vmId: string, name: string): Uint8Array[] {
    const token = this.resolve(vmId, name);
    return token === undefined ? [] : [...this.queues.get(token)!.items];
  }
}
