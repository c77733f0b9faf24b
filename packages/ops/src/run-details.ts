/**
 * Run operations for the descriptive fields of a run: its id, project, entity, notes and environment metadata
 * (docs/ops.md, "Run"; the fields are described in docs/runs-format.md).
 */
import { defineOp, overload, type OpDef } from "./define.js";
import { T } from "./types.js";

const RUN = [{ name: "run", doc: "The run to read." }] as const;

const runId = defineOp({
  name: "runId", alias: "id", category: "run",
  overloads: [overload([T.Run], T.String, (run) => run.details.id ?? run.name)],
  doc: {
    summary: "The run's ID: the `id` its source records apart from its name, else its name (W&B's run ID is its name).",
    details: "W&B run folders and MLflow runs name a run by its ID, so `id` and `name` agree there; a runs file may give both.",
    params: RUN, returns: "string",
    examples: [{ expr: 'runs.filter(run => run.id != run.name).map(run => [run.name, run.id])', result: [["run-07", "7f3k2m9q"]] }],
    seeAlso: ["runName", "runDisplayName"],
  },
});

const runProject = defineOp({
  name: "runProject", alias: "project", category: "run",
  overloads: [overload([T.Run], T.Nullable(T.String), (run) => run.details.project)],
  doc: {
    summary: "The name of the project the run belongs to, or null when its files do not say.",
    details: "Read from the `.wandb` log's run record (W&B 0.10 and later) or `wandb-metadata.json` (0.8–0.9), an MLflow run's experiment name, or a runs file's `project` (the run's own, else the document's).",
    params: RUN, returns: "string|null",
    examples: [{ expr: 'runs.groupBy(run => run.project).map(g => {project: g.key, runs: g.count})', result: [{ project: "vision", runs: 7 }, { project: "vision-debug", runs: 1 }] }],
    seeAlso: ["runEntity"],
  },
});

const runEntity = defineOp({
  name: "runEntity", alias: "entity", category: "run",
  overloads: [overload([T.Run], T.Nullable(T.String), (run) => run.details.entity)],
  doc: {
    summary: "The W&B entity (user or team) owning the run's project, or null when its files do not say.",
    details: "Read from the `.wandb` log's run record or a runs file (the run's `entity`, else the document's `project.entity`).",
    params: RUN, returns: "string|null",
    examples: [{ expr: 'runs.map(run => run.entity + "/" + run.project).unique', result: ["acme/vision", "acme/vision-debug"] }],
    seeAlso: ["runProject"],
  },
});

const runNotes = defineOp({
  name: "runNotes", alias: "notes", category: "run",
  overloads: [overload([T.Run], T.Nullable(T.String), (run) => run.details.notes)],
  doc: {
    summary: "The run's notes (its free-text description), or null when it has none.",
    params: RUN, returns: "string|null",
    examples: [{ expr: 'runs.filter(run => run.notes != null).map(run => run.name + ": " + run.notes)', result: ["run-01: first baseline, no augmentation"] }],
  },
});

const runMetadata = defineOp({
  name: "runMetadata", alias: "metadata", category: "run",
  overloads: [overload([T.Run], T.Dict(T.Any), (run) => run.details.metadata)],
  doc: {
    summary: "What the run recorded about its environment: host, os, python, gpu, git `commit` and `remote`, program, args.",
    details: "For W&B runs, the content of `wandb-metadata.json` (or the `.wandb` log's environment record) as written, without `startedAt`, `heartbeatAt`, `state` and the user's name and e-mail, which are fields of their own; for MLflow runs, the `mlflow.source.*` tags. An empty dict when nothing was recorded.",
    params: RUN, returns: "dict",
    examples: [
      { title: "The commit a run was trained from", expr: 'runs[0].metadata.git.commit', result: "4f2a9c1" },
      { title: "Runs per GPU model", expr: 'runs.filter(run => run.metadata.has("gpu")).groupBy(run => run.metadata.gpu).map(g => [g.key, g.count])', result: [["NVIDIA A100-SXM4-40GB", 2]] },
    ],
    seeAlso: ["runUser"],
  },
});

/** The descriptive run field ops, in reference order. */
export const runDetailOps: readonly OpDef[] = [runId, runProject, runEntity, runNotes, runMetadata];
