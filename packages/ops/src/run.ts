/**
 * Run operations: the fields of a run. Names, aliases and examples are those of the
 * "Runs" section of docs/ops.md; the artifact lookups are in run-artifacts.ts.
 */
import { defineOp, overload, type OpDef } from "./define.js";
import { T } from "./types.js";
import { Run } from "./values.js";

const RUN = [{ name: "run", doc: "The run to read." }] as const;

/** Seconds from creation to the last heartbeat, as the seed defines `runRuntime`. */
function runtimeSeconds(run: Run): number {
  return (run.heartbeatAt.ms - run.createdAt.ms) / 1000;
}

const runConfig = defineOp({
  name: "runConfig", alias: "config", category: "run", hostData: true,
  overloads: [overload([T.Run], T.ConfigDict, (run) => run.config, { sql: { wrapper: "runDict", template: { duckdb: "$0.config" } } })],
  doc: {
    summary: "The run's configuration: the hyperparameters and settings it was started with.",
    details: "Keys are looked up with `.key` or `[\"key\"]`; a key the run lacks gives null. W&B's `{value, desc}` wrappers are already unwrapped and `_wandb` is dropped.",
    params: RUN, returns: "ConfigDict",
    examples: [
      { title: "Basic configuration access", expr: 'runConfig(runs[0]).learning_rate', result: 0.001 },
      { title: "Basic configuration access", expr: 'runConfig(runs[0]).batch_size', result: 32 },
      { title: "Filtering runs by configuration", expr: 'runs.filter(run => runConfig(run).learning_rate > 0.01).map(runName)', result: ["run-03"] },
      { title: "Comparing configurations", expr: 'runConfig(runs[0]).keys().filter(key => runConfig(runs[0])[key] != runConfig(runs[1])[key])', result: ["learning_rate", "batch_size", "optimizer"] },
    ],
    seeAlso: ["runSummary", "runHistory"],
  },
});

const runSummary = defineOp({
  name: "runSummary", alias: "summary", category: "run", hostData: true,
  overloads: [overload([T.Run], T.SummaryDict, (run) => run.summary, { sql: { wrapper: "runDict", template: { duckdb: "$0.summary" } } })],
  doc: {
    summary: "The run's summary metrics: the final or best value of each metric it logged.",
    details: "A metric the run never logged gives null. `_wandb` is dropped.",
    params: RUN, returns: "SummaryDict",
    examples: [
      { title: "Accessing final metrics", expr: 'runSummary(runs[0]).accuracy', result: 0.91 },
      { title: "Accessing final metrics", expr: 'runSummary(runs[0]).best_val_loss', result: 0.29 },
      { title: "Finding the best performing run", expr: 'runs.reduce((best, current) => (runSummary(current).accuracy ?? 0) > (runSummary(best).accuracy ?? 0) ? current : best).name', result: "run-06" },
      { title: "Filtering by a performance threshold", expr: 'runs.filter(run => runSummary(run).accuracy > 0.92 && runSummary(run).val_loss < 0.25).map(runName)', result: ["run-02", "run-06", "run-08"] },
    ],
    seeAlso: ["runConfig", "runHistory"],
  },
});

const runHistory = defineOp({
  name: "runHistory", alias: "history", category: "run", hostData: true,
  overloads: [overload([T.Run], T.List(T.HistoryRow), (run) => run.history, { sql: { wrapper: "runHistory" } })],
  // the rows are kept by column: `r.history.loss` reads one, without building a dict per row
  column: (run, key) => (run instanceof Run ? run.historyTable.column(key) : []),
  doc: {
    summary: "The run's logged time series: one row per step, ordered by `_step`.",
    details: "Rows are sparse: a metric not logged at a step is missing from that row, and reads as null.",
    params: RUN, returns: "list<HistoryRow>",
    examples: [
      { title: "One metric over time", expr: 'runHistory(runs[0]).map(row => row.loss)', result: [1.2, 0.61, 0.35] },
      { title: "Steps logged per run", expr: 'runs.map(run => runHistory(run).count)', result: [3, 3, 2, 0, 0, 2, 0, 2] },
    ],
    seeAlso: ["runSummary"],
  },
});

const runCreatedAt = defineOp({
  name: "runCreatedAt", alias: "createdAt", category: "run",
  // prettier-ignore
  overloads: [
    overload([T.Run],             T.Date,              (run) => run.createdAt, { sql: { wrapper: "runField", template: { duckdb: "$0.created_ms" } } }),
    overload([T.ArtifactVersion], T.Nullable(T.Date),  (a) => a.createdAt),
  ],
  doc: {
    summary: "When the run was initialized (on an artifact version: when that version was created, or null).",
    details: "Useful for chronological sorting and for filtering by date ranges.",
    params: RUN, returns: "date",
    examples: [
      { title: "Filter recent runs", expr: 'runs.filter(run => runCreatedAt(run) > now() - days(7)).map(runName)', result: ["run-04", "run-05", "run-06", "run-07", "run-08"] },
      { title: "Sort chronologically", expr: 'runs.sort((a, b) => runCreatedAt(a).getTime() - runCreatedAt(b).getTime()).map(runName)', result: ["run-01", "run-02", "run-03", "run-04", "run-05", "run-08", "run-07", "run-06"] },
      { title: "Group by date", expr: 'runs.groupBy(run => runCreatedAt(run).toDateString()).map(g => {date: g.key, runs: g.map(runName)})', result: [{"date": "2026-03-02", "runs": ["run-01"]}, {"date": "2026-03-03", "runs": ["run-02", "run-03"]}, {"date": "2026-03-04", "runs": ["run-04", "run-05"]}, {"date": "2026-03-10", "runs": ["run-06"]}, {"date": "2026-03-06", "runs": ["run-07"]}, {"date": "2026-03-05", "runs": ["run-08"]}] },
    ],
    seeAlso: ["runHeartbeatAt", "runRuntime"],
  },
});

const runHeartbeatAt = defineOp({
  name: "runHeartbeatAt", alias: "heartbeatAt", category: "run",
  overloads: [overload([T.Run], T.Date, (run) => run.heartbeatAt, { sql: { wrapper: "runField", template: { duckdb: "$0.heartbeat_ms" } } })],
  doc: {
    summary: "When the run last sent data: the finish time of a finished run, or its creation time when unknown.",
    params: RUN, returns: "date",
    examples: [
      { title: "Check whether a run is active", expr: 'runs.filter(run => runHeartbeatAt(run) > now() - minutes(5)).map(runName)', result: ["run-06"] },
    ],
    seeAlso: ["runCreatedAt", "runRuntime"],
  },
});

const runRuntime = defineOp({
  name: "runRuntime", alias: "runtime", category: "run",
  overloads: [overload([T.Run], T.Number, runtimeSeconds, { sql: { wrapper: "runField", template: { duckdb: "($0.heartbeat_ms - $0.created_ms) / 1000" } } })],
  doc: {
    summary: "The run's runtime in seconds: the time from its creation to its last heartbeat.",
    details: "For a run that is still active this is the runtime so far; a run without a heartbeat has 0.",
    params: RUN, returns: "number (seconds)",
    examples: [
      { title: "Display runtime", expr: 'floor(runRuntime(runs[0]) / 3600) + "h " + floor(runRuntime(runs[0]) % 3600 / 60) + "m"', result: "1h 30m" },
      { title: "Filter long-running experiments", expr: 'runs.filter(run => runRuntime(run) > 3600).map(runName)', result: ["run-01", "run-06"] },
    ],
    seeAlso: ["runCreatedAt", "runHeartbeatAt"],
  },
});

const runJobType = defineOp({
  name: "runJobType", alias: "jobType", category: "run",
  overloads: [overload([T.Run], T.Nullable(T.String), (run) => run.jobType, { sql: { wrapper: "runField", template: { duckdb: "$0.job_type" } } })],
  doc: {
    summary: "The run's job type (\"train\", \"eval\", \"sweep\", …), or null when it was not set.",
    params: RUN, returns: "string|null",
    examples: [
      { title: "Filter by job type", expr: 'runs.filter(run => runJobType(run) == "train").map(runName)', result: ["run-01", "run-02", "run-03", "run-08"] },
      { title: "Filter by job type", expr: 'runs.filter(run => runJobType(run) == "eval").map(runName)', result: ["run-04", "run-05"] },
    ],
  },
});

const runName = defineOp({
  name: "runName", alias: "name", category: "run",
  // `name` is also the field of artifact versions and users (docs/ops.md "Artifact versions"); one op
  // answers `x.name` for all three, so an `any` value dispatches by its runtime kind.
  // prettier-ignore
  overloads: [
    overload([T.Run],             T.String,              (run) => run.name, { sql: { wrapper: "runField", template: { duckdb: "$0.name" } } }),
    overload([T.ArtifactVersion], T.String,              (a) => a.name),
    overload([T.User],            T.Nullable(T.String),  (u) => u.name),
  ],
  doc: {
    summary: "The run's unique name (its ID); on an artifact version its artifact name, on a user their full name.",
    params: [{ name: "run", doc: "The run (or an artifact version, or a user)." }], returns: "string",
    examples: [
      { title: "Display run names", expr: 'runs.map(run => runName(run))', result: ["run-01", "run-02", "run-03", "run-04", "run-05", "run-06", "run-07", "run-08"] },
      { title: "Other names", expr: 'runs[0].user.name + " logged " + runs[0].loggedArtifactVersions[0].name', result: "Alice Chen logged model" },
    ],
    seeAlso: ["runDisplayName"],
  },
});

const runUser = defineOp({
  name: "runUser", alias: "user", category: "run",
  // the user's username is a column of the run's row; other user fields stay local
  overloads: [overload([T.Run], T.Nullable(T.User), (run) => run.user, { sql: { wrapper: "runUser", template: { duckdb: "$0" } } })],
  doc: {
    summary: "The user who created the run, or null when the run does not record one.",
    params: RUN, returns: "User|null",
    examples: [
      { title: "Filter by user", expr: 'runs.filter(run => runUser(run).username == "alice").map(runName)', result: ["run-01", "run-04", "run-08"] },
      { title: "Group runs by user", expr: 'runs.groupBy(run => runUser(run).username).map(g => {user: g.key, runs: g.count})', result: [{"user": "alice", "runs": 3}, {"user": "bob", "runs": 2}, {"user": "carol", "runs": 2}, {"user": null, "runs": 1}] },
    ],
  },
});

const runDisplayName = defineOp({
  name: "runDisplayName", alias: "displayName", category: "run",
  overloads: [overload([T.Run], T.Nullable(T.String), (run) => run.displayName, { sql: { wrapper: "runField", template: { duckdb: "$0.display_name" } } })],
  doc: {
    summary: "The run's human label as shown in a UI, or null when it has none.",
    params: RUN, returns: "string|null",
    examples: [{ expr: 'runs.map(run => run.displayName ?? run.name)', result: ["baseline", "lr-0.01", "lr-0.1", "eval-baseline", "eval-lr-0.01", "sweep-a", "run-07", "lr-0.01-seed2"] }],
    seeAlso: ["runName"],
  },
});

const runState = defineOp({
  name: "runState", alias: "state", category: "run",
  overloads: [overload([T.Run], T.Nullable(T.String), (run) => run.state, { sql: { wrapper: "runField", template: { duckdb: "$0.state" } } })],
  doc: {
    summary: "The run's state: \"running\", \"finished\", \"crashed\", \"failed\" or \"killed\"; null when unknown.",
    params: RUN, returns: "string|null",
    examples: [{ title: "Runs that did not finish", expr: 'runs.filter(run => run.state != "finished" && run.state != "running").map(runName)', result: ["run-03", "run-07"] }],
  },
});

const runTags = defineOp({
  name: "runTags", alias: "tags", category: "run", hostData: true,
  overloads: [overload([T.Run], T.List(T.String), (run) => run.tags)],
  doc: {
    summary: "The run's tags, in the order recorded (an empty list when it has none).",
    params: RUN, returns: "list<string>",
    examples: [{ expr: 'runs.filter(run => run.tags.contains("resnet")).map(runName)', result: ["run-01", "run-02", "run-03", "run-08"] }],
  },
});

const runGroup = defineOp({
  name: "runGroup", alias: "group", category: "run",
  overloads: [overload([T.Run], T.Nullable(T.String), (run) => run.group)],
  doc: {
    summary: "The group the run belongs to, or null.",
    params: RUN, returns: "string|null",
    examples: [{ expr: 'runs.filter(run => run.group == "resnet-lr").count', result: 4 }],
  },
});

const runSweep = defineOp({
  name: "runSweep", alias: "sweep", category: "run",
  overloads: [overload([T.Run], T.Nullable(T.String), (run) => run.sweep)],
  doc: {
    summary: "The ID of the sweep that started the run, or null.",
    params: RUN, returns: "string|null",
    examples: [{ expr: 'runs.filter(run => run.sweep != null).map(run => run.name + " in " + run.sweep)', result: ["run-06 in sw-42"] }],
  },
});

/** The run field ops, in reference order. */
export const runOps: readonly OpDef[] = [
  runConfig, runSummary, runHistory, runCreatedAt, runHeartbeatAt, runRuntime, runJobType, runName, runUser,
  runDisplayName, runState, runTags, runGroup, runSweep,
];
