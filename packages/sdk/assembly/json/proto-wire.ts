// The protobuf wire format, read one field at a time over a byte range the
// caller keeps alive. Bounds-checked: a truncated or malformed field stops the
// scan and sets `failed`, never a trap. Groups (wire types 3 and 4, long
// deprecated) count as malformed.

export const WIRE_VARINT: u32 = 0;
export const WIRE_I64: u32 = 1;
export const WIRE_LEN: u32 = 2;
export const WIRE_I32: u32 = 5;

/** Walks the fields of one message in [from, to). */
export class ProtoScanner {
  /** Field number of the field `next()` just read. */
  fieldNumber: u32 = 0;
  /** Wire type of that field. */
  wireType: u32 = 0;
  /** Its varint value (WIRE_VARINT only). */
  varint: u64 = 0;
  /** Where its payload starts: the bytes of a WIRE_LEN field, the 8 or 4 bytes of a fixed one. */
  valueStart: usize = 0;
  /** Where its payload ends. */
  valueEnd: usize = 0;
  /** True once a field ran past the range or was not well formed. */
  failed: bool = false;
  private position: usize;

  constructor(from: usize, private readonly to: usize) {
    this.position = from;
  }

  /** Reads the next field; false at the end of the range or on malformed bytes (then `failed` is set). */
  next(): bool {
    if (this.failed || this.position >= this.to) return false;
    const tag = this.readVarint();
    if (this.failed) return false;
    this.fieldNumber = <u32>(tag >> 3);
    this.wireType = <u32>(tag & 7);
    if (this.fieldNumber == 0) return this.fail();
    if (this.wireType == WIRE_VARINT) {
      this.varint = this.readVarint();
      this.valueStart = this.valueEnd = this.position;
      return !this.failed;
    }
    if (this.wireType == WIRE_LEN) {
      const length = this.readVarint();
      if (this.failed || length > <u64>(this.to - this.position)) return this.fail();
      return this.take(<usize>length);
    }
    if (this.wireType == WIRE_I64) return this.take(8);
    if (this.wireType == WIRE_I32) return this.take(4);
    return this.fail();
  }

  private take(size: usize): bool {
    if (this.to - this.position < size) return this.fail();
    this.valueStart = this.position;
    this.valueEnd = this.position + size;
    this.position = this.valueEnd;
    return true;
  }

  private readVarint(): u64 {
    let result: u64 = 0;
    for (let shift: u64 = 0; shift < 64; shift += 7) {
      if (this.position >= this.to) break;
      const byte = <u64>load<u8>(this.position);
      this.position++;
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return result;
    }
    this.failed = true;
    return 0;
  }

  private fail(): bool {
    this.failed = true;
    return false;
  }
}

/** The UTF-8 text of the current WIRE_LEN field of `scanner`. */
export function fieldText(scanner: ProtoScanner): string {
  return String.UTF8.decodeUnsafe(scanner.valueStart, scanner.valueEnd - scanner.valueStart);
}
