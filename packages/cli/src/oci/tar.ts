import { CliError } from "../errors.ts";

/**
 * A ustar archive, written and read by hand: the layers of the compat and
 * Docker variants are gzipped tars with `plugin.wasm` inside, and an image
 * that must digest the same every time needs every header byte under our
 * control (mtime 0, uid/gid 0, no user names, fixed mode).
 */

const BLOCK = 512;
const NAME_LENGTH = 100;
const REGULAR_FILE = "0";
const FILE_MODE = 0o644;

export interface TarFile {
  /** A relative path of at most 100 bytes. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface TarEntry {
  /** The entry's path, with a PAX `path` or GNU long name applied. */
  readonly name: string;
  /** The typeflag: "0" a regular file, "5" a directory, and so on. */
  readonly type: string;
  readonly bytes: Uint8Array;
}

/** A tar archive of `files`, in order, ending with the two zero blocks. */
export function createTar(files: readonly TarFile[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const file of files) {
    parts.push(fileHeader(file.name, file.bytes.length), file.bytes, new Uint8Array(padding(file.bytes.length)));
  }
  parts.push(new Uint8Array(2 * BLOCK));
  return Buffer.concat(parts);
}

function fileHeader(name: string, size: number): Uint8Array {
  const header = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(name) > NAME_LENGTH || name.length === 0) {
    throw new CliError("E_OCI_TAR", `tar entry name "${name}" must be 1..${NAME_LENGTH} bytes`);
  }
  header.write(name, 0, "utf8");
  writeOctal(header, 100, 8, FILE_MODE);
  writeOctal(header, 108, 8, 0); // uid
  writeOctal(header, 116, 8, 0); // gid
  writeOctal(header, 124, 12, size);
  writeOctal(header, 136, 12, 0); // mtime: the epoch, so the digest never depends on when
  header.write(REGULAR_FILE, 156, "ascii");
  header.write("ustar\0", 257, "ascii");
  header.write("00", 263, "ascii");
  writeOctal(header, 329, 8, 0); // devmajor
  writeOctal(header, 337, 8, 0); // devminor
  // The checksum is computed with its own field read as eight spaces.
  header.fill(" ", 148, 156);
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  header.write(`${checksum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return header;
}

/** Zero-padded octal digits followed by a NUL, filling `width` bytes. */
function writeOctal(header: Buffer, offset: number, width: number, value: number): void {
  header.write(`${value.toString(8).padStart(width - 1, "0")}\0`, offset, "ascii");
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** The entries of a tar archive, in order; PAX extended and GNU long-name headers are applied, not returned. */
export function* readTar(archive: Uint8Array): Generator<TarEntry> {
  const bytes = Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
  let offset = 0;
  let pendingName: string | undefined;
  while (offset + BLOCK <= bytes.length) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) return;
    verifyChecksum(header, offset);
    const type = String.fromCharCode(header[156] || 0x30);
    const size = readSize(header, offset);
    const start = offset + BLOCK;
    if (start + size > bytes.length) throw tarError(`entry at offset ${offset} claims ${size} bytes but the archive ends first`);
    const data = bytes.subarray(start, start + size);
    offset = start + size + padding(size);
    if (type === "x") pendingName = paxPath(data) ?? pendingName;
    else if (type === "L") pendingName = cString(data);
    else if (type !== "g") {
      yield { name: pendingName ?? headerName(header), type, bytes: data };
      pendingName = undefined;
    }
  }
  // An archive without its end-of-archive blocks is still readable up to here, as Go's reader does.
}

function headerName(header: Buffer): string {
  const name = cString(header.subarray(0, NAME_LENGTH));
  const isUstar = header.subarray(257, 262).toString("ascii") === "ustar";
  const prefix = isUstar ? cString(header.subarray(345, 500)) : "";
  return prefix ? `${prefix}/${name}` : name;
}

function verifyChecksum(header: Buffer, offset: number): void {
  const recorded = parseOctal(header.subarray(148, 156));
  let unsigned = 0;
  let signed = 0;
  header.forEach((byte, index) => {
    const value = index >= 148 && index < 156 ? 0x20 : byte;
    unsigned += value;
    signed += value > 127 ? value - 256 : value;
  });
  // Some old writers summed signed bytes; Go's reader accepts both sums.
  if (recorded !== unsigned && recorded !== signed) throw tarError(`header at offset ${offset} has a bad checksum`);
}

function readSize(header: Buffer, offset: number): number {
  const field = header.subarray(124, 136);
  if ((field[0] & 0x80) !== 0) {
    // GNU base-256 encoding for sizes beyond 8 GiB: big-endian, first byte's high bit set.
    return field.subarray(1).reduce((value, byte) => value * 256 + byte, field[0] & 0x7f);
  }
  const size = parseOctal(field);
  if (Number.isNaN(size)) throw tarError(`header at offset ${offset} has an unreadable size field`);
  return size;
}

function parseOctal(field: Buffer): number {
  const text = cString(field).trim();
  return text === "" ? 0 : /^[0-7]+$/.test(text) ? parseInt(text, 8) : NaN;
}

/** The `path` record of a PAX extended header ("<length> path=<value>\n" records). */
function paxPath(data: Buffer): string | undefined {
  let offset = 0;
  let path: string | undefined;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    const length = parseInt(data.subarray(offset, space).toString("ascii"), 10);
    if (space < 0 || !(length > 0)) break;
    const record = data.subarray(space + 1, offset + length - 1).toString("utf8");
    const equals = record.indexOf("=");
    if (record.slice(0, equals) === "path") path = record.slice(equals + 1);
    offset += length;
  }
  return path;
}

function cString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString("utf8");
}

function tarError(reason: string): CliError {
  return new CliError("E_OCI_TAR", `the layer is not a valid tar archive: ${reason}`);
}
