import tarStream from "tar-stream";
import { CliError } from "../errors.ts";

/**
 * Tar archives through `tar-stream`: the layers of the compat and Docker
 * variants are gzipped tars with `plugin.wasm` inside. An image that must
 * digest the same every time needs every header byte pinned, and tar-stream
 * writes exactly what it is given: mtime 0, uid/gid 0, no user names, a fixed
 * mode. Pinned at 3.1.x: 3.3 adds `bare-fs` and its `bare-*` dependencies
 * (5.8 MB installed, for the Bare runtime) to every install of the CLI.
 */

const FILE_MODE = 0o644;
const EPOCH = new Date(0);

export interface TarFile {
  /** A relative path (long ones get a ustar prefix or a PAX header). */
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface TarEntry {
  /** The entry's path, with a PAX `path` or GNU long name applied. */
  readonly name: string;
  /** "file", "directory", "symlink", and so on (tar-stream's names for the typeflags). */
  readonly type: string;
  readonly bytes: Uint8Array;
}

/** A tar archive of `files`, in order, ending with the two zero blocks; the same files always give the same bytes. */
export async function createTar(files: readonly TarFile[]): Promise<Uint8Array> {
  const pack = tarStream.pack();
  for (const file of files) {
    if (file.name.length === 0) throw new CliError("E_OCI_TAR", "a tar entry needs a name");
    pack.entry({ name: file.name, size: file.bytes.length, type: "file", mode: FILE_MODE, mtime: EPOCH, uid: 0, gid: 0, uname: "", gname: "" }, Buffer.from(file.bytes));
  }
  pack.finalize();
  return Buffer.concat(await collect(pack));
}

/**
 * The entries of a tar archive, in order (ustar, GNU, PAX, and old v7
 * headers). A reader may stop early: what comes after is never parsed, so a
 * break later in the archive does not hide what came before.
 */
export async function* readTar(archive: Uint8Array): AsyncGenerator<TarEntry> {
  const extract = tarStream.extract({ allowUnknownFormat: true });
  extract.end(Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength));
  try {
    for await (const entry of extract) {
      const bytes = Buffer.concat(await collect(entry));
      yield { name: entry.header.name, type: entry.header.type ?? "file", bytes };
    }
  } catch (error) {
    throw new CliError("E_OCI_TAR", `the layer is not a valid tar archive: ${(error as Error).message}`);
  }
}

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}
