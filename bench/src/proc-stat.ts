// CPU time and memory of a process, read from Linux's /proc/<pid>/stat and /proc/<pid>/status.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export interface CpuTicks {
  /** Time scheduled in user mode, in clock ticks (all threads of the process). */
  utime: number;
  /** Time scheduled in kernel mode, in clock ticks. */
  stime: number;
}

/**
 * Parses the contents of /proc/<pid>/stat. The second field is the command name in parentheses and may itself
 * contain spaces and parentheses, so fields are counted from the last ")"; utime and stime are fields 14 and 15.
 */
export function parseProcStat(contents: string): CpuTicks {
  const end = contents.lastIndexOf(")");
  if (end < 0) throw new Error("not a /proc/<pid>/stat line: no command name");
  // Fields from the third (state) on.
  const fields = contents.slice(end + 2).trim().split(/\s+/);
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  if (!Number.isInteger(utime) || !Number.isInteger(stime)) throw new Error("not a /proc/<pid>/stat line: bad utime/stime");
  return { utime, stime };
}

/** Parses the VmRSS line of /proc/<pid>/status into megabytes; NaN when absent. */
export function parseRssMb(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

export function readCpuTicks(pid: number): CpuTicks {
  return parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
}

export function readRssMb(pid: number): number {
  return parseRssMb(readFileSync(`/proc/${pid}/status`, "utf8"));
}

let ticksPerSecond: number | undefined;
/** The kernel's USER_HZ (`getconf CLK_TCK`), nearly always 100. */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU milliseconds (user + system) spent between two readings. */
export function cpuMsBetween(before: CpuTicks, after: CpuTicks, hz = clockTicksPerSecond()): number {
  return ((after.utime + after.stime - before.utime - before.stime) * 1000) / hz;
}
