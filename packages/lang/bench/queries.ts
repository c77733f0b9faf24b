/** The benchmark's queries, each written three ways over the same data. */
import type { Run } from "@qel/ops";

export interface Query {
  readonly name: string;
  readonly qel: string;
  /** Hand-written JavaScript over the same Run objects qel sees. */
  readonly js: (runs: readonly Run[]) => unknown;
  readonly jsonata: string;
  /** The query in CEL for @marcbachmann/cel-js, over `BenchData.cel`; CEL has no sort or grouping. */
  readonly cel?: string;
  /** Above this many runs JSONata is not run: its sort exhausts a 4 GB heap at 100 000 runs on this machine. */
  readonly jsonataMaxRuns?: number;
}

const num = (v: unknown): number | null => (typeof v === "number" ? v : null);

export const queries: readonly Query[] = [
  {
    name: "filter jobType, map runtime",
    qel: `runs.filter(r => r.jobType == "train").map(runRuntime)`,
    js: (runs) => runs.filter((r) => r.jobType === "train").map((r) => (r.heartbeatAt.ms - r.createdAt.ms) / 1000),
    jsonata: `runs[jobType = "train"].(($toMillis(heartbeatAt) - $toMillis(createdAt)) / 1000)`,
    cel: `runs.filter(r, has(r.jobType) && r.jobType == "train").map(r, (r.heartbeatAt - r.createdAt) / 1000.0)`,
  },
  {
    name: "filter config + summary",
    qel: `runs.filter(r => r.config.learning_rate > 0.01 && r.summary.acc > 0.8).map(runName)`,
    js: (runs) =>
      runs.filter((r) => (num(r.config.get("learning_rate")) ?? -Infinity) > 0.01 && (num(r.summary.get("acc")) ?? -Infinity) > 0.8).map((r) => r.name),
    jsonata: `runs[config.learning_rate > 0.01 and summary.acc > 0.8].name`,
    cel: `runs.filter(r, r.config.learning_rate > 0.01 && r.summary.acc > 0.8).map(r, r.name)`,
  },
  {
    name: "sort by summary metric",
    qel: `runs.sort(r => r.summary.loss).map(runName)`,
    js: (runs) =>
      runs
        .slice()
        .sort((a, b) => {
          const x = num(a.summary.get("loss")), y = num(b.summary.get("loss"));
          if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0);
          return x < y ? -1 : x > y ? 1 : 0;
        })
        .map((r) => r.name),
    jsonata: `runs^(summary.loss).name`,
    jsonataMaxRuns: 20_000,
  },
  {
    name: "groupBy user, avg acc",
    qel: `runs.groupBy(r => r.user.username).map(g => {user: g.key, acc: g.map(r => r.summary.acc).avg})`,
    js: (runs) => {
      const groups = new Map<string, number[]>();
      for (const r of runs) {
        const k = r.user?.username ?? "";
        let g = groups.get(k);
        if (g === undefined) groups.set(k, (g = []));
        const acc = num(r.summary.get("acc"));
        if (acc !== null) g.push(acc);
      }
      return [...groups].map(([user, accs]) => ({ user, acc: accs.length === 0 ? null : accs.reduce((s, x) => s + x, 0) / accs.length }));
    },
    jsonata: `runs{user.username: $average(summary.acc)}`,
  },
  {
    name: "count artifacts per run",
    qel: `runs.map(r => r.loggedArtifactVersions.count)`,
    js: (runs) => runs.map((r) => r.loggedArtifacts.length),
    jsonata: `runs.$count(loggedArtifacts)`,
    cel: `runs.map(r, size(r.loggedArtifacts))`,
  },
];

/** A predicate compiled once and called per run, as a host filtering its own list does. */
export const perRow = {
  name: "predicate on config + summary",
  qel: `r.config.learning_rate > 0.01 && r.summary.acc > 0.8`,
  js: (r: Run): boolean => (num(r.config.get("learning_rate")) ?? -Infinity) > 0.01 && (num(r.summary.get("acc")) ?? -Infinity) > 0.8,
  cel: `r.config.learning_rate > 0.01 && r.summary.acc > 0.8`,
} as const;
