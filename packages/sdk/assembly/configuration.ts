// Plugin and VM configuration: the bytes Envoy's `configuration` and
// `vm_config.configuration` fields hold, read through the buffer hostcalls.

import { BufferType } from "./enums";
import { getBufferBytes, getBufferString } from "./buffers";

/**
 * The plugin configuration bytes (empty when none). Wraps
 * `proxy_get_buffer_bytes(PLUGIN_CONFIGURATION)`; call it in `onConfigure`.
 */
export function getPluginConfiguration(): ArrayBuffer {
  const bytes = getBufferBytes(BufferType.PluginConfiguration);
  return bytes === null ? new ArrayBuffer(0) : bytes;
}

/**
 * The plugin configuration as UTF-8 text (empty when none). Wraps
 * `proxy_get_buffer_bytes(PLUGIN_CONFIGURATION)`; call it in `onConfigure`.
 */
export function getPluginConfigurationString(): string {
  const text = getBufferString(BufferType.PluginConfiguration);
  return text === null ? "" : text;
}

/**
 * The VM configuration bytes (empty when none). Wraps
 * `proxy_get_buffer_bytes(VM_CONFIGURATION)`; call it in `onVmStart`.
 */
export function getVmConfiguration(): ArrayBuffer {
  const bytes = getBufferBytes(BufferType.VmConfiguration);
  return bytes === null ? new ArrayBuffer(0) : bytes;
}

/**
 * The VM configuration as UTF-8 text (empty when none). Wraps
 * `proxy_get_buffer_bytes(VM_CONFIGURATION)`; call it in `onVmStart`.
 */
export function getVmConfigurationString(): string {
  const text = getBufferString(BufferType.VmConfiguration);
  return text === null ? "" : text;
}
