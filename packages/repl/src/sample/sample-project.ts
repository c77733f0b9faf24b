/**
 * The sample project the REPL and `qel eval` open when no runs are given: about 400 runs of an image
 * classification team over three months of 2026, generated from a fixed seed, so every machine sees the same runs.
 *
 * Runs are built directly (not through loadRunsDocument) because this happens at every start of `qel`; a test
 * checks that exporting and loading them again gives the same runs with no issue, so they obey the format.
 */
import { DateValue, EMPTY_DICT, NO_DETAILS, Run, User, type RunsProject, type Value } from "@qel/ops";
import { assignModelVersions, checkpoint, datasetVersions, toArtifactVersion, versionAt, type ArtifactJson, type Checkpoint } from "./sample-artifacts.js";
import { createRng, sig, type Rng } from "./rng.js";
import { MODELS, plannedRows, secondsPerRow, simulateEval, simulateTraining, type Fate, type ModelName, type TrainConfig } from "./sample-training.js";

/** The sample project's entity and name. */
export const SAMPLE_PROJECT: RunsProject = Object.freeze({ entity: "acme-ml", name: "vision-2026" });

/** The people (and one bot) of the sample project: invented names, addresses at the reserved example.com. */
const USERS = {
  "ada": new User("ada", "Ada Okafor", "ada@example.com"),
  "grace": new User("grace", "Grace Lindqvist", "grace@example.com"),
  "mei": new User("mei", "Mei Tanaka", "mei@example.com"),
  "omar": new User("omar", "Omar Haddad", "omar@example.com"),
  "sofia": new User("sofia", "Sofia Rossi", null),
  "ci-bot": new User("ci-bot", null, null),
} as const;
type Username = keyof typeof USERS;

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 5);
/** The sample's "now": runs still going at this time are `running`. */
export const SAMPLE_NOW = Date.UTC(2026, 3, 3, 18);

const SWEEPS: readonly { day: number; model: ModelName; runs: number; user: Username; sgd: boolean }[] = [
  { day: 6, model: "resnet50", runs: 30, user: "ada", sgd: false },
  { day: 20, model: "vit-b16", runs: 40, user: "grace", sgd: false },
  { day: 37, model: "convnext-t", runs: 25, user: "mei", sgd: false },
  { day: 52, model: "resnet50", runs: 35, user: "ada", sgd: true },
  { day: 66, model: "efficientnet-b0", runs: 24, user: "omar", sgd: false },
  { day: 88.45, model: "vit-b16", runs: 30, user: "grace", sgd: false },
];

/** A run before names and artifact versions are known. */
interface Draft {
  start: number;
  end: number;
  user: Username;
  jobType: string | null;
  state: string;
  config: Map<string, Value>;
  summary: Map<string, Value>;
  history: Map<string, Value>[];
  logged: ArtifactJson[];
  used: ArtifactJson[];
  tags: string[];
  group: string | null;
  sweep: string | null;
}

interface Context {
  readonly rng: Rng;
  readonly drafts: Draft[];
  readonly checkpoints: Checkpoint[];
  readonly data: ReturnType<typeof datasetVersions>;
}

const dict = (entries: Record<string, Value>): Map<string, Value> => new Map(Object.entries(entries));

function fate(rng: Rng): Fate {
  const state = rng.weighted<Fate["state"]>([["finished", 84], ["crashed", 7], ["killed", 3], ["failed", 3]]);
  return { state, stopAt: state === "finished" ? 1 : rng.float(0.05, 0.9) };
}

/** Adds one training run; returns its end time. */
function train(ctx: Context, start: number, user: Username, c: TrainConfig, more: Partial<Draft>, logCheckpoint: number): number {
  const { rng } = ctx;
  const m = MODELS[c.model];
  const estimate = plannedRows(c.epochs) * secondsPerRow(c) * 1000;
  let f = fate(rng);
  if (start + estimate > SAMPLE_NOW) f = { state: "running", stopAt: Math.max(0.02, (SAMPLE_NOW - start) / estimate) };
  const out = simulateTraining(rng, c, f, start, start > START + 15 * DAY);
  const end = Math.min(SAMPLE_NOW, start + Math.round(out.runtime * 1000));
  const dataset = versionAt(ctx.data.imagenet, start, rng);
  const config = dict({
    learning_rate: sig(c.learning_rate, 3), batch_size: c.batch_size, optimizer: c.optimizer, dropout: c.dropout, epochs: c.epochs,
    seed: rng.int(0, 9999),
    model: dict({ name: c.model, layers: m.layers, pretrained: c.model !== "mlp-mixer-s" && rng.chance(0.6) }),
    augment: dict({ mixup: rng.pick([0, 0.1, 0.2]), randaugment: rng.chance(0.5) }),
    dataset: `${dataset.name}:v${dataset.version}`,
  });
  // weight_decay was only tracked from the second week on.
  if (start > START + 8 * DAY) config.set("weight_decay", c.weight_decay);
  const draft: Draft = {
    start, end, user, jobType: "train", state: out.state, config, summary: out.summary, history: out.history,
    logged: [], used: [dataset], tags: [], group: null, sweep: null, ...more,
  };
  const valAcc = out.summary.get("val/acc");
  if (out.state === "finished" && typeof valAcc === "number" && rng.chance(logCheckpoint)) {
    const cp = checkpoint(rng, c.model, end, valAcc, m.params);
    ctx.checkpoints.push(cp);
    draft.logged = [cp.artifact];
  }
  ctx.drafts.push(draft);
  return end;
}

function config(rng: Rng, model: ModelName, sgd: boolean, epochs: readonly number[]): TrainConfig {
  const optimizer = sgd && rng.chance(0.5) ? "sgd" : rng.weighted<"adam" | "adamw">([["adamw", 2], ["adam", 1]]);
  const best = MODELS[model].lr + (optimizer === "sgd" ? 2 : 0);
  return {
    model, optimizer, learning_rate: 10 ** rng.float(best - 1.1, best + 1.6), batch_size: rng.pick([32, 64, 128, 256]),
    dropout: rng.pick([0, 0.1, 0.2, 0.3, 0.5]), epochs: rng.pick(epochs), weight_decay: sig(rng.logUniform(1e-5, 0.1), 2),
  };
}

/** A start time on `day` during working hours; days 0–87 end before SAMPLE_NOW. */
function workHour(rng: Rng, day: number): number {
  return START + Math.floor(day) * DAY + rng.int(8, 20) * 3_600_000 + rng.int(0, 3599) * 1000;
}

function sweeps(ctx: Context): void {
  for (const s of SWEEPS) {
    const sweep = ctx.rng.id(8);
    // Two machines work through each sweep, each starting its next run a little after the previous one ends.
    const machines = [START + s.day * DAY, START + s.day * DAY + 90_000];
    for (let i = 0; i < s.runs; i++) {
      const a = i % 2;
      const start = (machines[a] as number) + ctx.rng.int(5, 40) * 1000;
      if (start > SAMPLE_NOW) break;
      machines[a] = train(ctx, start, s.user, config(ctx.rng, s.model, s.sgd, [6, 8, 12]), { jobType: "sweep", sweep }, 0.25);
    }
  }
}

function manualTraining(ctx: Context, count: number): void {
  const { rng } = ctx;
  const models: [ModelName, number][] = [["resnet50", 4], ["vit-b16", 4], ["convnext-t", 3], ["efficientnet-b0", 2], ["mlp-mixer-s", 1]];
  const people: [Username, number][] = [["ada", 5], ["grace", 4], ["mei", 3], ["omar", 3], ["sofia", 2]];
  for (let i = 0; i < count; i++) {
    const model = rng.weighted(models);
    const more: Partial<Draft> = {};
    if (rng.chance(0.4)) more.group = rng.pick([`baseline-${model}`, "augmentation-ablation", "long-schedule"]);
    if (rng.chance(0.5)) more.tags = [...new Set([rng.pick(["baseline", "ablation", "augment", "long-run"]), ...(rng.chance(0.3) ? ["prod-candidate"] : [])])];
    if (rng.chance(0.12)) more.jobType = null;
    train(ctx, workHour(rng, rng.float(0, 88)), rng.weighted(people), config(rng, model, rng.chance(0.2), [5, 10, 20, 30, 50, 150]), more, 0.9);
  }
}

function evaluations(ctx: Context, count: number): void {
  const { rng } = ctx;
  for (let i = 0; i < count; i++) {
    const start = workHour(rng, rng.float(12, 88));
    const ready = ctx.checkpoints.filter((c) => c.createdMs < start);
    if (ready.length === 0) continue;
    const cp = rng.pick(ready);
    const corrupted = rng.chance(0.25);
    const out = simulateEval(rng, cp.valAcc, rng.int(10, 40), start, corrupted);
    const dataset = corrupted ? versionAt(ctx.data.cifar, start, rng) : versionAt(ctx.data.imagenet, start, rng);
    ctx.drafts.push({
      start, end: start + Math.round(out.runtime * 1000), user: rng.chance(0.6) ? "ci-bot" : rng.pick(["ada", "grace", "mei", "omar"]),
      jobType: "eval", state: out.state, summary: out.summary, history: out.history, logged: [], used: [cp.artifact, dataset],
      config: dict({
        model: dict({ name: cp.model, layers: MODELS[cp.model as ModelName].layers }), split: corrupted ? "corrupted" : "test",
        batch_size: rng.pick([64, 128]), tta: rng.chance(0.3),
      }),
      tags: corrupted ? ["robustness"] : [], group: null, sweep: null,
    });
  }
}

/** Debugging and notebook runs: no job type, small configs, short or no history. */
function scratchRuns(ctx: Context, count: number): void {
  const { rng } = ctx;
  for (let i = 0; i < count; i++) {
    const model = rng.pick(Object.keys(MODELS) as ModelName[]);
    const c = { ...config(rng, model, false, [2, 3]), batch_size: 16 };
    const start = workHour(rng, rng.float(0, 88));
    const out = simulateTraining(rng, c, rng.chance(0.5) ? { state: "finished", stopAt: 1 } : fate(rng), start, false);
    const empty = rng.chance(0.3);
    ctx.drafts.push({
      start, end: start + Math.round(out.runtime * 1000), user: rng.pick(["ada", "grace", "mei", "omar", "sofia"]), jobType: null,
      state: out.state, config: dict({ debug: true, model: dict({ name: model }), learning_rate: sig(c.learning_rate, 3) }),
      summary: empty ? new Map() : out.summary, history: empty ? [] : out.history, logged: [], used: [], tags: ["debug"], group: null, sweep: null,
    });
  }
}

const ADJECTIVES = ["brisk", "calm", "dark", "eager", "fresh", "gentle", "hardy", "icy", "jolly", "keen", "lucky", "misty", "noble", "proud", "quiet", "rapid", "solar", "tidy", "vivid", "wild"];
const NOUNS = ["river", "forest", "comet", "meadow", "harbor", "canyon", "glacier", "lantern", "orbit", "pine", "reef", "sky", "summit", "thunder", "valley", "wave"];

/** Builds the sample project's runs afresh, newest first. Deterministic; prefer the memoized sampleRuns. */
export function generateSampleRuns(): Run[] {
  const rng = createRng(20260105);
  const ctx: Context = { rng, drafts: [], checkpoints: [], data: datasetVersions(rng) };
  sweeps(ctx);
  manualTraining(ctx, 150);
  evaluations(ctx, 70);
  scratchRuns(ctx, 22);
  assignModelVersions(ctx.checkpoints);
  const artifacts = new Map<ArtifactJson, ReturnType<typeof toArtifactVersion>>();
  const version = (a: ArtifactJson) => artifacts.get(a) ?? artifacts.set(a, toArtifactVersion(a)).get(a) as ReturnType<typeof toArtifactVersion>;
  const used = new Set<string>();
  const drafts = ctx.drafts.sort((a, b) => a.start - b.start);
  const runs = drafts.map((d, i) => {
    let name = rng.id(8);
    while (used.has(name)) name = rng.id(8);
    used.add(name);
    return new Run(
      name, `${rng.pick(ADJECTIVES)}-${rng.pick(NOUNS)}-${i + 1}`, d.jobType, d.state, new DateValue(d.start), new DateValue(d.end),
      USERS[d.user], d.config, d.summary, Object.freeze(d.history), Object.freeze(d.logged.map(version)),
      Object.freeze(d.used.map(version)), Object.freeze(d.tags), d.group, d.sweep, EMPTY_DICT,
      { ...NO_DETAILS, project: SAMPLE_PROJECT.name ?? null, entity: SAMPLE_PROJECT.entity ?? null },
    );
  });
  // Newest first, as W&B lists runs.
  return runs.reverse();
}

let memo: Run[] | null = null;

/**
 * The sample project's runs, newest first. Built on first use (a few tens of milliseconds) and reused after; each
 * call returns a new array of the same immutable runs.
 */
export function sampleRuns(): Run[] {
  memo ??= generateSampleRuns();
  return memo.slice();
}
