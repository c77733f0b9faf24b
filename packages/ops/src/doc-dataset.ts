/**
 * The documentation dataset: eight runs of a small image-classification project. Every op example in the
 * reference is written against `runs` bound to `docRuns`, evaluated with `now()` fixed at `docNow`, and its stated
 * result is checked by a test, so changing a value here means regenerating the reference.
 */
import { fromJson } from "./from-data.js";
import { ArtifactVersion, DateValue, EMPTY_DICT, Run, User, type Dict, type Value } from "./values.js";

/** `now()` in the documentation examples: 2026-03-11T00:00:00Z, two minutes after the running sweep's last heartbeat. */
export const docNow: number = Date.UTC(2026, 2, 11, 0, 0, 0);

const alice = new User("alice", "Alice Chen", "alice@example.com");
const bob = new User("bob", "Bob Diaz", null);
const carol = new User("carol", null, "carol@example.com");

const at = (iso: string): DateValue => new DateValue(Date.parse(iso));

function dict(o: Record<string, unknown>): Dict {
  return fromJson(o) as Dict;
}

function rows(...rs: Record<string, Value>[]): readonly Dict[] {
  return Object.freeze(rs.map((r) => new Map(Object.entries(r))));
}

function artifact(name: string, version: number, aliases: readonly string[], type: string, size: number, createdAt: string): ArtifactVersion {
  return new ArtifactVersion(name, version, Object.freeze([...aliases, `v${version}`]), type, size, at(createdAt), null);
}

interface RunFields {
  readonly name: string;
  readonly displayName: string | null;
  readonly jobType: string | null;
  readonly state: string;
  readonly createdAt: string;
  readonly heartbeatAt?: string;
  readonly user: User | null;
  readonly config: Record<string, unknown>;
  readonly summary: Record<string, unknown>;
  readonly history?: readonly Dict[];
  readonly logged?: readonly ArtifactVersion[];
  readonly used?: readonly ArtifactVersion[];
  readonly tags?: readonly string[];
  readonly group?: string;
  readonly sweep?: string;
  readonly id?: string;
  readonly project?: string;
  readonly notes?: string;
  readonly metadata?: Record<string, unknown>;
}

function run(f: RunFields): Run {
  const created = at(f.createdAt);
  return new Run(
    f.name, f.displayName, f.jobType, f.state, created, f.heartbeatAt !== undefined ? at(f.heartbeatAt) : created, f.user,
    dict(f.config), dict(f.summary), f.history ?? [], f.logged ?? [], f.used ?? [], Object.freeze([...(f.tags ?? [])]),
    f.group ?? null, f.sweep ?? null, EMPTY_DICT,
    { id: f.id ?? null, project: f.project ?? "vision", entity: "acme", notes: f.notes ?? null, metadata: dict(f.metadata ?? {}) },
  );
}

const data3 = artifact("training-data", 3, ["latest"], "dataset", 50_000_000, "2026-02-20T00:00:00Z");
const data2 = artifact("training-data", 2, [], "dataset", 48_000_000, "2026-02-01T00:00:00Z");

/** The eight documentation runs, in this order (`runs[0]` is run-01). */
export const docRuns: readonly Run[] = Object.freeze([
  run({
    name: "run-01", displayName: "baseline", jobType: "train", state: "finished", user: alice,
    createdAt: "2026-03-02T09:00:00Z", heartbeatAt: "2026-03-02T10:30:00Z",
    config: { learning_rate: 0.001, batch_size: 32, optimizer: "adam", epochs: 10 },
    summary: { accuracy: 0.91, val_loss: 0.31, best_val_loss: 0.29, training_time_seconds: 5400 },
    history: rows({ _step: 0, loss: 1.2, accuracy: 0.52 }, { _step: 1, loss: 0.61, accuracy: 0.84 }, { _step: 2, loss: 0.35, accuracy: 0.91 }),
    logged: [
      artifact("model", 0, [], "model", 1_000_000, "2026-03-02T09:45:00Z"),
      artifact("model", 1, ["best"], "model", 1_000_000, "2026-03-02T10:29:00Z"),
    ],
    used: [data3], tags: ["baseline", "resnet"], group: "resnet-lr", notes: "first baseline, no augmentation",
    metadata: { host: "gpu-node-1", os: "Linux-6.8.0-x86_64", python: "3.11.9", gpu: "NVIDIA A100-SXM4-40GB", gpu_count: 1,
      git: { commit: "4f2a9c1", remote: "https://github.com/acme/vision.git" }, program: "train.py", args: ["--lr", "0.001"] },
  }),
  run({
    name: "run-02", displayName: "lr-0.01", jobType: "train", state: "finished", user: bob,
    createdAt: "2026-03-03T14:00:00Z", heartbeatAt: "2026-03-03T14:45:00Z",
    config: { learning_rate: 0.01, batch_size: 64, optimizer: "sgd", epochs: 10 },
    summary: { accuracy: 0.94, val_loss: 0.22, best_val_loss: 0.2, training_time_seconds: 2700 },
    history: rows({ _step: 0, loss: 0.9, accuracy: 0.61 }, { _step: 1, loss: 0.4, accuracy: 0.88 }, { _step: 2, loss: 0.25, accuracy: 0.94 }),
    logged: [artifact("model", 2, ["latest", "best"], "model", 1_200_000, "2026-03-03T14:44:00Z")],
    used: [data3], tags: ["resnet"], group: "resnet-lr",
    metadata: { host: "gpu-node-2", os: "Linux-6.8.0-x86_64", python: "3.11.9", gpu: "NVIDIA A100-SXM4-40GB", gpu_count: 1,
      git: { commit: "9b7e3d0", remote: "https://github.com/acme/vision.git" }, program: "train.py", args: ["--lr", "0.01"] },
  }),
  run({
    name: "run-03", displayName: "lr-0.1", jobType: "train", state: "crashed", user: bob,
    createdAt: "2026-03-03T16:00:00Z", heartbeatAt: "2026-03-03T16:05:00Z",
    config: { learning_rate: 0.1, batch_size: 64, optimizer: "sgd", epochs: 10 },
    summary: { accuracy: 0.12, val_loss: NaN },
    history: rows({ _step: 0, loss: 2.3, accuracy: 0.1 }, { _step: 1, loss: NaN, accuracy: 0.12 }),
    used: [data2], tags: ["resnet"], group: "resnet-lr",
  }),
  run({
    name: "run-04", displayName: "eval-baseline", jobType: "eval", state: "finished", user: alice,
    createdAt: "2026-03-04T08:00:00Z", heartbeatAt: "2026-03-04T08:10:00Z",
    config: { checkpoint: "model:v1", batch_size: 128 },
    summary: { accuracy: 0.9, f1: 0.88 },
    logged: [artifact("evaluation", 0, [], "evaluation", 20_000, "2026-03-04T08:09:00Z")],
    used: [artifact("model", 1, ["best"], "model", 1_000_000, "2026-03-02T10:29:00Z")], tags: ["eval"],
  }),
  run({
    name: "run-05", displayName: "eval-lr-0.01", jobType: "eval", state: "finished", user: carol,
    createdAt: "2026-03-04T09:00:00Z", heartbeatAt: "2026-03-04T09:12:00Z",
    config: { checkpoint: "model:v2", batch_size: 128 },
    summary: { accuracy: 0.93, f1: 0.92 },
    logged: [artifact("evaluation", 1, ["latest"], "evaluation", 21_000, "2026-03-04T09:11:00Z")],
    used: [artifact("model", 2, ["latest", "best"], "model", 1_200_000, "2026-03-03T14:44:00Z")], tags: ["eval"],
  }),
  run({
    name: "run-06", displayName: "sweep-a", jobType: "sweep", state: "running", user: carol,
    createdAt: "2026-03-10T20:00:00Z", heartbeatAt: "2026-03-10T23:58:00Z",
    config: { learning_rate: 0.003, batch_size: 32, optimizer: "adamw", epochs: 20 },
    summary: { accuracy: 0.95, val_loss: 0.18 },
    history: rows({ _step: 0, loss: 0.8, accuracy: 0.7 }, { _step: 1, loss: 0.3, accuracy: 0.95 }),
    used: [data3], sweep: "sw-42",
  }),
  run({
    name: "run-07", displayName: null, jobType: null, state: "failed", user: null,
    createdAt: "2026-03-06T07:30:00Z",
    config: {}, summary: {}, tags: ["debug"], id: "7f3k2m9q", project: "vision-debug",
  }),
  run({
    name: "run-08", displayName: "lr-0.01-seed2", jobType: "train", state: "finished", user: alice,
    createdAt: "2026-03-05T11:00:00Z", heartbeatAt: "2026-03-05T12:00:00Z",
    config: { learning_rate: 0.01, batch_size: 64, optimizer: "sgd", epochs: 10, seed: 2 },
    summary: { accuracy: 0.935, val_loss: 0.24, best_val_loss: 0.21, training_time_seconds: 3600 },
    history: rows({ _step: 0, loss: 0.95, accuracy: 0.6 }, { _step: 1, loss: 0.27, accuracy: 0.935 }),
    used: [data3], tags: ["resnet", "seed"], group: "resnet-lr",
  }),
]);
