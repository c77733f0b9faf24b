/**
 * The seed examples written as plain JavaScript over the canonical runs
 * document: each case of seed.json must agree with its oracle here. Where qel differs from the seed's JavaScript
 * on purpose (structural `==`, nulls in comparisons), the oracle follows the language and says so.
 */

/** A run as it appears in the canonical JSON document. */
export interface RawRun {
  readonly name: string;
  readonly jobType?: string;
  readonly createdAt: string;
  readonly heartbeatAt?: string;
  readonly user?: { readonly username: string };
  readonly config?: Record<string, unknown>;
  readonly summary?: Record<string, unknown>;
  readonly loggedArtifacts?: readonly RawArtifact[];
  readonly usedArtifacts?: readonly RawArtifact[];
}

interface RawArtifact {
  readonly name: string;
  readonly version: number;
  readonly aliases?: readonly string[];
  readonly size?: number;
  readonly createdAt?: string;
}

/** The instant `now()` returns in every conformance case. */
export const NOW = "2026-03-11T00:00:00Z";
const now = Date.parse(NOW);

const ms = (iso: string): number => Date.parse(iso);
const heartbeat = (r: RawRun): number => ms(r.heartbeatAt ?? r.createdAt);
const runtime = (r: RawRun): number => (heartbeat(r) - ms(r.createdAt)) / 1000;
const config = (r: RawRun): Record<string, unknown> => r.config ?? {};
const summary = (r: RawRun): Record<string, unknown> => r.summary ?? {};
const num = (v: unknown): number | null => (typeof v === "number" ? v : null);
const names = (rs: readonly RawRun[]): string[] => rs.map((r) => r.name);

/** The alias an artifact version shows when it was not selected by one (docs/ops.md, ArtifactVersion). */
function alias(a: RawArtifact): string {
  return a.aliases?.includes("latest") === true ? "latest" : `v${a.version}`;
}

/** `name:alias` lookup as runLoggedArtifactVersion defines it (no alias means latest; vN means version N). */
function logged(r: RawRun, selector: string): RawArtifact | null {
  const [name, want = "latest"] = selector.split(":");
  const hit = (r.loggedArtifacts ?? []).find((a) => a.name === name && (want === `v${a.version}` || a.aliases?.includes(want!) === true));
  return hit ?? null;
}

function structuralEquals(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function groupBy<K>(rs: readonly RawRun[], key: (r: RawRun) => K): [K, RawRun[]][] {
  const out = new Map<K, RawRun[]>();
  for (const r of rs) {
    const k = key(r);
    const g = out.get(k);
    if (g === undefined) out.set(k, [r]);
    else g.push(r);
  }
  return [...out];
}

export const oracles: Readonly<Record<string, (runs: readonly RawRun[]) => unknown>> = {
  "runConfig: basic access (learning_rate)": (runs) => config(runs[0]!).learning_rate,
  "runConfig: basic access (batch_size)": (runs) => config(runs[0]!).batch_size,
  "runConfig: filtering runs by configuration": (runs) => names(runs.filter((r) => (num(config(r).learning_rate) ?? -Infinity) > 0.01)),
  // structural equality: qel's == compares dicts by value, where the seed's `!==` compares references
  "runConfig: comparing configurations": (runs) => {
    const [a, b] = [config(runs[0]!), config(runs[1]!)];
    return Object.keys(a).filter((k) => !structuralEquals(a[k], b[k]));
  },
  "runCreatedAt: filter recent runs": (runs) => names(runs.filter((r) => ms(r.createdAt) > now - 7 * 86_400_000)),
  "runCreatedAt: sort chronologically": (runs) => names([...runs].sort((a, b) => ms(a.createdAt) - ms(b.createdAt))),
  "runCreatedAt: group by date": (runs) =>
    groupBy(runs, (r) => new Date(ms(r.createdAt)).toISOString().slice(0, 10)).map(([date, g]) => ({ date, runs: names(g) })),
  "runHeartbeatAt: check if run is active": (runs) => names(runs.filter((r) => heartbeat(r) > now - 5 * 60_000)),
  "runJobType: training runs": (runs) => names(runs.filter((r) => r.jobType === "train")),
  "runJobType: evaluation runs": (runs) => names(runs.filter((r) => r.jobType === "eval")),
  "runLoggedArtifactVersion: latest model version": (runs) => logged(runs[0]!, "model:latest")?.version ?? null,
  "runLoggedArtifactVersion: latest model size": (runs) => logged(runs[0]!, "model:latest")?.size ?? null,
  "runLoggedArtifactVersion: latest model created": (runs) => {
    const c = logged(runs[0]!, "model:latest")?.createdAt;
    return c === undefined ? null : new Date(ms(c)).toISOString();
  },
  "runLoggedArtifactVersion: verify output artifacts": (runs) =>
    ["model:latest", "evaluation:latest"].filter((name) => logged(runs[1]!, name) === null),
  "runLoggedArtifactVersions: list all outputs": (runs) => (runs[0]!.loggedArtifacts ?? []).map((a) => `${a.name}:${alias(a)}`),
  "runLoggedArtifactVersions: versions and sizes": (runs) =>
    (runs[0]!.loggedArtifacts ?? []).map((a) => ({ version: a.version, size: a.size ?? null })),
  "runLoggedArtifactVersions: count models": (runs) => (runs[0]!.loggedArtifacts ?? []).filter((a) => a.name.includes("model")).length,
  "runLoggedArtifactVersions: count datasets": (runs) => (runs[0]!.loggedArtifacts ?? []).filter((a) => a.name.includes("data")).length,
  "runName: display run names": (runs) => names(runs),
  "runRuntime: display runtime": (runs) => runtime(runs[0]!),
  "runRuntime: hours": (runs) => Math.floor(runtime(runs[0]!) / 3600),
  "runRuntime: minutes": (runs) => Math.floor((runtime(runs[0]!) % 3600) / 60),
  "runRuntime: filter long-running experiments": (runs) => names(runs.filter((r) => runtime(r) > 3600)),
  "runSummary: final accuracy": (runs) => summary(runs[0]!).accuracy ?? null,
  "runSummary: best validation loss": (runs) => summary(runs[0]!).best_val_loss ?? null,
  "runSummary: training time": (runs) => summary(runs[0]!).training_time_seconds ?? null,
  // a comparison with a missing accuracy is null in qel, so the conditional keeps `best`, as JavaScript's false does
  "runSummary: finding the best performing run": (runs) =>
    runs.reduce((best, cur) => ((num(summary(cur).accuracy) ?? NaN) > (num(summary(best).accuracy) ?? NaN) ? cur : best)).name,
  "runSummary: filtering by a performance threshold": (runs) =>
    names(runs.filter((r) => (num(summary(r).accuracy) ?? NaN) > 0.95 && (num(summary(r).val_loss) ?? NaN) < 0.1)),
  "runUsedArtifactVersions: list input dependencies": (runs) => (runs[0]!.usedArtifacts ?? []).map((a) => `${a.name}:${a.version}`),
  "runUsedArtifactVersions: verify dataset version": (runs) => {
    const d = (runs[1]!.usedArtifacts ?? []).find((a) => a.name === "training-data");
    return d === undefined ? null : d.version !== 3;
  },
  "runUser: filter by user": (runs) => names(runs.filter((r) => r.user?.username === "john_doe")),
  "runUser: group runs by user": (runs) => groupBy(runs, (r) => r.user?.username ?? null).map(([user, g]) => ({ user, runs: names(g) })),
};
