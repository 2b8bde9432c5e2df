// A process that opens the embedded database in DATA_DIR as a service does, and SIGKILLs itself at the moment PGlite
// first writes into its `postmaster.pid` (created empty a moment before): the one instant of an open at which a kill
// used to leave a directory that never opened again. A real SIGKILL, only its timing is chosen; PGlite's Emscripten
// filesystem calls node's fs module, which is where the moment is seen.
import fs from "node:fs";
import path from "node:path";
import { openEmbedded } from "@shop/shared/embedded-database";

const dir = path.resolve(process.env.DATA_DIR!);
const target = path.join(dir, "postmaster.pid");
const open = new Set<number>();
const { openSync, closeSync, writeSync } = fs;
fs.openSync = ((file: fs.PathLike, ...rest: unknown[]) => {
  const fd = (openSync as (...args: unknown[]) => number)(file, ...rest);
  if (path.resolve(String(file)) === target) open.add(fd);
  return fd;
}) as typeof fs.openSync;
fs.closeSync = (fd: number) => {
  open.delete(fd);
  closeSync(fd);
};
fs.writeSync = ((fd: number, ...rest: unknown[]) => {
  if (open.has(fd)) process.kill(process.pid, "SIGKILL");
  return (writeSync as (...args: unknown[]) => number)(fd, ...rest);
}) as typeof fs.writeSync;

const database = await openEmbedded(dir);
console.log(`opened without writing ${target}: the moment this process waits for never came`);
await database.close();
