// Locations inside the repository, independent of the process's working directory.
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is packages/shared/src/paths.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
