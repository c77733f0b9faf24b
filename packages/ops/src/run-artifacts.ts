/**
 * Run operations on artifacts: the versions a run logged (its outputs) and used (its inputs).
 * Semantics: docs/ops.md "Runs".
 */
import { defineOp, overload, type OpDef } from "./define.js";
import { T } from "./types.js";
import { ArtifactVersion, type Run } from "./values.js";

/**
 * The version of `run`'s logged artifact selected by `"name:alias"`: no `:alias` means `latest`; `vN` selects
 * version N; anything else is an alias the version must carry. The name matches exactly. When several versions
 * match, the highest wins. Returns a copy remembering the alias it was selected by, or null when none matches.
 */
export function selectLoggedArtifact(run: Run, selector: string): ArtifactVersion | null {
  const colon = selector.lastIndexOf(":");
  const name = colon < 0 ? selector : selector.slice(0, colon);
  const alias = colon < 0 ? "latest" : selector.slice(colon + 1);
  const version = /^v(0|[1-9][0-9]*)$/.exec(alias);
  let found: ArtifactVersion | null = null;
  for (const a of run.loggedArtifacts) {
    if (a.name !== name) continue;
    const matches = version !== null ? a.version === Number(version[1]) : a.aliases.includes(alias);
    if (matches && (found === null || a.version >= found.version)) found = a;
  }
  if (found === null) return null;
  return new ArtifactVersion(found.name, found.version, found.aliases, found.type, found.size, found.createdAt, found.digest, alias, found.extra);
}

const RUN = { name: "run", doc: "The run whose artifacts to read." } as const;

const runLoggedArtifactVersion = defineOp({
  name: "runLoggedArtifactVersion", alias: "loggedArtifactVersion", category: "run",
  overloads: [overload([T.Run, T.String], T.Nullable(T.ArtifactVersion), selectLoggedArtifact)],
  doc: {
    summary: "One artifact version the run logged (output), chosen by `\"name:alias\"`; null when the run logged none that matches.",
    details:
      "`\"model\"` means `\"model:latest\"`; `\"model:v2\"` selects version 2; any other suffix (`\"model:best\"`) is an alias the " +
      "version must carry. The name matches exactly. The result's `alias` is the alias it was selected by.",
    params: [RUN, { name: "artifactVersionName", doc: "`name:alias`, e.g. \"model:latest\", \"dataset:v2\"." }],
    returns: "ArtifactVersion|null",
    examples: [
      { title: "Get the latest model", expr: 'runLoggedArtifactVersion(runs[1], "model:latest").version', result: 2 },
      { title: "Get the latest model", expr: 'runLoggedArtifactVersion(runs[1], "model:latest").size', result: 1200000 },
      { title: "Get the latest model", expr: 'runLoggedArtifactVersion(runs[1], "model:latest").createdAt', result: "2026-03-03T14:44:00.000Z" },
      { title: "Verify output artifacts", expr: '["model:latest", "evaluation:latest"].filter(name => runLoggedArtifactVersion(runs[1], name) == null)', result: ["evaluation:latest"] },
      { title: "Select by version or alias", expr: '["model", "model:v0", "model:best", "checkpoint"].map(s => runLoggedArtifactVersion(runs[0], s).version)', result: [null, 0, 1, null] },
    ],
    seeAlso: ["runLoggedArtifactVersions", "runUsedArtifactVersions"],
  },
});

const runLoggedArtifactVersions = defineOp({
  name: "runLoggedArtifactVersions", alias: "loggedArtifactVersions", category: "run", hostData: true,
  overloads: [overload([T.Run], T.List(T.ArtifactVersion), (run) => run.loggedArtifacts)],
  doc: {
    summary: "Every artifact version the run logged (its outputs: models, datasets, checkpoints), in logging order.",
    params: [RUN], returns: "list<ArtifactVersion>",
    examples: [
      { title: "List all outputs", expr: 'runLoggedArtifactVersions(runs[0]).map(a => a.name + ":" + a.alias)', result: ["model:v0", "model:v1"] },
      { title: "List all outputs", expr: 'runLoggedArtifactVersions(runs[0]).map(a => {version: a.version, size: a.size})', result: [{"version": 0, "size": 1000000}, {"version": 1, "size": 1000000}] },
      { title: "Count output types", expr: 'runLoggedArtifactVersions(runs[0]).filter(a => a.name.contains("model")).count', result: 2 },
    ],
    seeAlso: ["runLoggedArtifactVersion", "runUsedArtifactVersions"],
  },
});

const runUsedArtifactVersions = defineOp({
  name: "runUsedArtifactVersions", alias: "usedArtifactVersions", category: "run", hostData: true,
  overloads: [overload([T.Run], T.List(T.ArtifactVersion), (run) => run.usedArtifacts)],
  doc: {
    summary: "Every artifact version the run used (its inputs: training data, pretrained models, …).",
    params: [RUN], returns: "list<ArtifactVersion>",
    examples: [
      { title: "List input dependencies", expr: 'runUsedArtifactVersions(runs[0]).map(a => a.name + ":" + a.version)', result: ["training-data:3"] },
      { title: "Verify the dataset version", expr: 'runs.filter(run => runUsedArtifactVersions(run).some(a => a.name == "training-data" && a.version != 3)).map(runName)', result: ["run-03"] },
    ],
    seeAlso: ["runLoggedArtifactVersions", "runLoggedArtifactVersion"],
  },
});

/** The run artifact ops, in reference order. */
export const runArtifactOps: readonly OpDef[] = [runLoggedArtifactVersion, runLoggedArtifactVersions, runUsedArtifactVersions];
