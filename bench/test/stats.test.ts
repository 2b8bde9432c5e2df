// The bench's arithmetic: medians, ratios, and reading CPU time and memory from /proc.
import { describe, expect, it } from "vitest";
import { cpuMsBetween, parseProcStat, parseRssMb, readCpuTicks } from "../src/proc-stat.ts";
import { median, ratio, round } from "../src/stats.ts";

describe("median", () => {
  it("takes the middle value of an odd count and the mean of the middle two of an even count", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it("ignores values that are not finite and is NaN for nothing", () => {
    expect(median([Number.NaN, 2, Number.POSITIVE_INFINITY, 4])).toBe(3);
    expect(median([])).toBeNaN();
  });
});

describe("ratio", () => {
  it("divides ours by the peer's value", () => {
    expect(ratio(300, 200)).toBe(1.5);
  });

  it("is NaN when the peer has no value or zero", () => {
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(1, Number.NaN)).toBeNaN();
    expect(round(ratio(1, 0))).toBeNull();
    expect(round(2 / 3)).toBe(0.67);
  });
});

describe("/proc parsing", () => {
  it("reads utime and stime after a command name that contains spaces and parentheses", () => {
    // Fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    const line = "4242 (node (x) y) S 1 4242 4242 0 -1 4194304 9000 0 12 0 1234 567 0 0 20 0 11 0 100 1000000 5000";
    expect(parseProcStat(line)).toEqual({ utime: 1234, stime: 567 });
  });

  it("refuses what is not a stat line", () => {
    expect(() => parseProcStat("hello")).toThrow(/stat/);
  });

  it("turns tick deltas into milliseconds at the clock rate", () => {
    expect(cpuMsBetween({ utime: 100, stime: 50 }, { utime: 180, stime: 70 }, 100)).toBe(1000);
  });

  it("reads this very process's counters and its resident memory", () => {
    const ticks = readCpuTicks(process.pid);
    expect(ticks.utime + ticks.stime).toBeGreaterThan(0);
    expect(parseRssMb("Name:\tnode\nVmRSS:\t  204800 kB\nThreads:\t11\n")).toBe(200);
    expect(parseRssMb("Name:\tkthreadd\n")).toBeNaN();
  });
});

