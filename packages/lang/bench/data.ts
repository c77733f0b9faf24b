/** Generated runs for the benchmark: the same data as qel Run objects and as canonical plain JSON. */
import type * as Qel from "@qel/lang";
import type { Dict, Run, Value } from "@qel/lang";

/** The model classes, taken from the same build of qel that evaluates (classes are compared by identity). */
export type Model = Pick<typeof Qel, "ArtifactVersion" | "DateValue" | "Run" | "User">;

export interface BenchData {
  readonly runs: readonly Run[];
  /** The same runs in the canonical JSON shape, for JSONata. */
  readonly json: { readonly runs: readonly Record<string, unknown>[] };
  /**
   * The same runs as plain objects for CEL: times as epoch milliseconds (CEL has no ISO date parsing in a
   * field), a missing job type left out.
   */
  readonly cel: readonly Record<string, unknown>[];
}

/** A small deterministic PRNG (mulberry32), so every benchmark run measures the same data (also the big files'). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JOB_TYPES = ["train", "eval", "sweep", null] as const;
const OPTIMIZERS = ["adam", "sgd", "adamw"] as const;

export function generate(model: Model, n: number, seed = 42): BenchData {
  const { ArtifactVersion, DateValue, Run, User } = model;
  const rand = prng(seed);
  const users = Array.from({ length: 8 }, (_, i) => new User(`user${i}`, `User ${i}`, null));
  const runs: Run[] = [];
  const json: Record<string, unknown>[] = [];
  const cel: Record<string, unknown>[] = [];
  const t0 = Date.UTC(2026, 0, 1);
  for (let i = 0; i < n; i++) {
    const jobType = JOB_TYPES[Math.floor(rand() * JOB_TYPES.length)] ?? null;
    const created = t0 + Math.floor(rand() * 90 * 86_400_000);
    const heartbeat = created + Math.floor(rand() * 36_000_000);
    const user = users[Math.floor(rand() * users.length)]!;
    const lr = Math.round(10 ** (-4 + rand() * 3) * 1e6) / 1e6;
    const config = { learning_rate: lr, batch_size: 2 ** (4 + Math.floor(rand() * 5)), optimizer: OPTIMIZERS[Math.floor(rand() * 3)]! };
    const summary = { acc: Math.round(rand() * 1e4) / 1e4, loss: Math.round(rand() * 3e4) / 1e4 };
    const nArtifacts = Math.floor(rand() * 4);
    const artifacts = Array.from({ length: nArtifacts }, (_, v) => ({ name: "model", version: v, aliases: v === nArtifacts - 1 ? ["latest"] : [] }));
    const name = `run-${i.toString(36).padStart(5, "0")}`;
    runs.push(new Run(
      name, null, jobType, "finished", new DateValue(created), new DateValue(heartbeat), user,
      toDict(config), toDict(summary), [],
      artifacts.map((a) => new ArtifactVersion(a.name, a.version, [...a.aliases, `v${a.version}`], "model", null, null, null)),
      [], [], null, null,
    ));
    json.push({
      name, ...(jobType !== null ? { jobType } : {}), state: "finished",
      createdAt: new Date(created).toISOString(), heartbeatAt: new Date(heartbeat).toISOString(),
      user: { username: user.username, name: user.name, email: null }, config, summary, loggedArtifacts: artifacts,
    });
    cel.push({
      name, ...(jobType !== null ? { jobType } : {}), state: "finished", createdAt: created, heartbeatAt: heartbeat,
      user: { username: user.username, name: user.name }, config, summary, loggedArtifacts: artifacts,
    });
  }
  return { runs, json: { runs: json }, cel };
}

function toDict(o: Record<string, Value>): Dict {
  return new Map(Object.entries(o));
}
