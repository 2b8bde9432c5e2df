// Lints deploy/docker/Dockerfile without a Docker engine: dockerfile-utils' validator (the VS Code Docker extension's),
// then this project's image rules, which hadolint would partly cover (hadolint is in neither Debian nor npm).
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@shop/shared/paths";
import { Copy, DockerfileParser, type Instruction } from "dockerfile-ast";
import { validate, ValidationSeverity } from "dockerfile-utils";

const FILE = "deploy/docker/Dockerfile";
const content = readFileSync(path.join(repoRoot, FILE), "utf8");
const problems: string[] = [];

// Syntax and semantics: unknown instructions or flags, bad durations, bad JSON forms, relative WORKDIR, casing...
// Every one of its checks is an error here, warnings included.
const all = ValidationSeverity.ERROR;
for (const diagnostic of validate(content, {
  deprecatedMaintainer: all,
  directiveCasing: all,
  emptyContinuationLine: all,
  instructionCasing: all,
  instructionCmdMultiple: all,
  instructionEntrypointMultiple: all,
  instructionHealthcheckMultiple: all,
  instructionJSONInSingleQuotes: all,
  instructionWorkdirRelative: all,
})) {
  problems.push(`line ${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
}

// The stages, split at each FROM.
const stages: Instruction[][] = [];
for (const instruction of DockerfileParser.parse(content).getInstructions()) {
  if (instruction.getKeyword() === "FROM") stages.push([]);
  stages.at(-1)?.push(instruction);
}
const final = stages.at(-1) ?? [];
const keyword = (stage: Instruction[], name: string) => stage.filter((instruction) => instruction.getKeyword() === name);
const args = (instruction: Instruction) => instruction.getArgumentsContent() ?? "";

if (stages.length < 2) problems.push("multi-stage: the final stage must copy a build stage's output");
for (const from of keyword(stages.flat(), "FROM")) {
  const image = args(from).split(/\s+/)[0] ?? "";
  if (!/^node:20[\w.-]*-slim$/.test(image)) problems.push(`FROM ${image}: every stage is node:20 slim with an explicit tag`);
}
const user = keyword(final, "USER").at(-1);
if (!user || /^(0|root)(:|$)/.test(args(user))) problems.push("the final stage must end as a non-root USER");
else if (!/^\d+(:\d+)?$/.test(args(user))) problems.push("USER must be numeric so Kubernetes can verify runAsNonRoot");
const healthcheck = keyword(final, "HEALTHCHECK")[0];
if (!healthcheck || !/CMD \["node"/.test(args(healthcheck))) problems.push("the final stage needs a HEALTHCHECK run by node (slim has no curl)");
const cmd = keyword(final, "CMD").at(-1);
if (!cmd || !args(cmd).startsWith("[")) problems.push("CMD must use the exec (JSON) form, so node is PID 1 and gets SIGTERM");
for (const run of keyword(final, "RUN")) problems.push(`final stage RUN ${args(run)}: nothing is installed in the final stage`);
const copies = keyword(final, "COPY");
if (!copies.length || copies.some((copy) => !(copy instanceof Copy) || copy.getFromFlag()?.getValue() !== "build")) {
  problems.push("the final stage copies only the build stage's build/<service> folder");
}
if (!keyword(final, "ENV").some((env) => /MIGRATE_ON_START=false/.test(args(env)))) {
  problems.push("the final stage must set MIGRATE_ON_START=false: replicas never migrate, the migration job does");
}
const build = stages[0] ?? [];
if (!keyword(build, "RUN").some((run) => /pnpm install --offline --frozen-lockfile && pnpm build "\$\{SERVICE\}"/.test(args(run)))) {
  problems.push("the build stage must run CI's commands: pnpm install --frozen-lockfile, then pnpm build <service>");
}

if (problems.length) {
  console.error(`${FILE}:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`${FILE}: ${stages.length} stages, no problems`);
