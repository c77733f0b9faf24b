/**
 * Simulated metrics for the sample project: how a run's config turns into a history and a summary. The
 * numbers follow the usual shapes (loss decaying, accuracy saturating, divergence at too high a learning rate)
 * closely enough that queries over them give sensible answers.
 */
import type { Value } from "@qel/ops";
import { sig, type Rng } from "./rng.js";

/**
 * History rows and summaries are built as the Maps runs hold, with no intermediate objects: the sample is made
 * at start-up, where every allocation counts.
 */
export type Row = Map<string, Value>;

export interface Outcome {
  readonly history: Row[];
  readonly summary: Map<string, Value>;
  readonly state: "finished" | "crashed" | "failed" | "running" | "killed";
  /** Seconds from start to the last row (or to the failure). */
  readonly runtime: number;
}

/** Per model: best reachable validation accuracy, log10 of the best Adam learning rate, seconds per logged row. */
export const MODELS = {
  "resnet50": { acc: 0.79, lr: -3.2, secs: 14, layers: 50, params: 25.6e6 },
  "vit-b16": { acc: 0.83, lr: -3.6, secs: 22, layers: 12, params: 86.6e6 },
  "convnext-t": { acc: 0.82, lr: -3.4, secs: 16, layers: 18, params: 28.6e6 },
  "efficientnet-b0": { acc: 0.77, lr: -2.9, secs: 9, layers: 16, params: 5.3e6 },
  "mlp-mixer-s": { acc: 0.72, lr: -3.0, secs: 11, layers: 8, params: 18.5e6 },
} as const;
export type ModelName = keyof typeof MODELS;

export interface TrainConfig {
  readonly model: ModelName;
  readonly learning_rate: number;
  readonly batch_size: number;
  readonly optimizer: "adam" | "adamw" | "sgd";
  readonly dropout: number;
  readonly epochs: number;
  readonly weight_decay: number;
}

export interface Fate {
  /** Fraction of the planned rows logged before the run stopped (1 = all). */
  readonly stopAt: number;
  readonly state: Outcome["state"];
}

const MAX_ROWS = 150;

/** Rows logged per epoch: about 30–40 rows for a short schedule, one per epoch for a long one. */
export function rowsPerEpochFor(epochs: number): number {
  return Math.max(1, Math.min(3, Math.round(40 / epochs)));
}

/** The number of rows a run that is not cut short logs. */
export function plannedRows(epochs: number): number {
  return Math.min(MAX_ROWS, epochs * rowsPerEpochFor(epochs));
}

/** Typical seconds between logged rows: bigger models and batches take longer. */
export function secondsPerRow(c: TrainConfig): number {
  return MODELS[c.model].secs * 4 * (c.batch_size / 64) ** 0.6;
}

/** Distance from the best learning rate, in decades (SGD wants about 100× more than Adam). */
function lrMiss(c: TrainConfig): number {
  const best = MODELS[c.model].lr + (c.optimizer === "sgd" ? 2 : 0);
  return Math.log10(c.learning_rate) - best;
}

/**
 * Up to 3 history rows per epoch (at most 150), one every 50 steps: `loss`, `acc`, `lr` (cosine schedule) each row, and `val/loss`, `val/acc`,
 * `epoch` at each epoch end (so those keys are missing from most rows). A learning rate more than 1.3 decades too
 * high diverges: loss turns NaN and the run fails. `bestMetric` adds `best/val_acc` to the summary (older runs
 * predate it).
 */
export function simulateTraining(rng: Rng, c: TrainConfig, fate: Fate, start: number, bestMetric: boolean): Outcome {
  const m = MODELS[c.model];
  const miss = lrMiss(c);
  const diverges = miss > 1.3;
  const quality = m.acc - 0.07 * miss * miss - 0.15 * Math.abs(c.dropout - 0.15) - (c.batch_size >= 256 ? 0.01 : 0) + rng.normal(0, 0.008);
  const finalAcc = Math.max(0.05, Math.min(0.97, quality));
  const rowsPerEpoch = rowsPerEpochFor(c.epochs);
  const planned = Math.min(MAX_ROWS, c.epochs * rowsPerEpoch);
  const rows = Math.max(2, Math.round(planned * fate.stopAt));
  const secs = secondsPerRow(c) * rng.float(0.85, 1.15);
  const divergeAt = diverges ? rng.int(2, Math.max(3, Math.floor(rows / 3))) : Infinity;
  const history: Row[] = [];
  let best = -Infinity;
  let lastVal: Row | null = null;
  for (let i = 0; i < rows; i++) {
    const t = (i + 1) / planned;
    const nan = i >= divergeAt;
    const runtime = Math.round((i + 1) * secs * 1000) / 1000;
    // Map#set one by one: a Map built from an array of pairs allocates every pair first.
    const row: Row = new Map<string, Value>()
      .set("_step", i * 50)
      .set("_runtime", runtime)
      .set("_timestamp", Math.round(start + runtime * 1000) / 1000)
      .set("loss", nan ? NaN : sig(0.35 + (1 - finalAcc) * 1.6 + 2.2 * Math.exp(-5 * t) + rng.normal(0, 0.03)))
      .set("acc", nan ? NaN : sig(Math.min(0.999, finalAcc * 1.04 * (1 - Math.exp(-6 * t)) + rng.normal(0, 0.01))))
      .set("lr", sig(c.learning_rate * 0.5 * (1 + Math.cos(Math.PI * t))));
    if ((i + 1) % rowsPerEpoch === 0) {
      const va = nan ? NaN : sig(finalAcc * (1 - Math.exp(-5.5 * t)) + rng.normal(0, 0.006));
      row.set("val/acc", va);
      row.set("val/loss", nan ? NaN : sig(0.4 + (1 - finalAcc) * 1.8 + 2 * Math.exp(-4.5 * t) + rng.normal(0, 0.02)));
      row.set("epoch", (i + 1) / rowsPerEpoch);
      if (va > best) best = va;
      lastVal = row;
    }
    history.push(row);
    if (nan && i >= divergeAt + 3) break;
  }
  // The summary holds the last value of every key, as W&B's does by default.
  const last = history[history.length - 1] as Row;
  const summary: Row = new Map(last);
  if (lastVal !== null && lastVal !== last) for (const k of ["val/acc", "val/loss", "epoch"]) summary.set(k, lastVal.get(k) ?? null);
  if (bestMetric && best > -Infinity) summary.set("best/val_acc", best);
  summary.set("params/total", m.params);
  return { history, summary, state: diverges ? "failed" : fate.state, runtime: last.get("_runtime") as number };
}

/** An evaluation pass: per-batch rows, and `eval/*` metrics in the summary. */
export function simulateEval(rng: Rng, modelAcc: number, batches: number, start: number, corrupted: boolean): Outcome {
  const acc = Math.max(0.05, modelAcc - (corrupted ? rng.float(0.12, 0.25) : rng.float(0, 0.02)));
  const history: Row[] = [];
  let correct = 0;
  const secs = rng.float(0.4, 1.6);
  let runtime = 0;
  for (let i = 0; i < batches; i++) {
    const batchAcc = sig(Math.min(1, Math.max(0, acc + rng.normal(0, 0.04))));
    correct += batchAcc;
    runtime = Math.round((i + 1) * secs * 1000) / 1000;
    history.push(
      new Map<string, Value>()
        .set("_step", i)
        .set("_runtime", runtime)
        .set("_timestamp", Math.round(start + runtime * 1000) / 1000)
        .set("eval/batch_acc", batchAcc)
        .set("eval/running_acc", sig(correct / (i + 1))),
    );
  }
  const summary: Row = new Map(history[history.length - 1]);
  summary.set("eval/acc", sig(acc));
  summary.set("eval/top5", sig(Math.min(0.999, acc + 0.12 + rng.float(0, 0.04))));
  summary.set("eval/loss", sig(0.3 + (1 - acc) * 2.1));
  // A few evaluations hit an empty shard and log a NaN F1.
  summary.set("eval/f1", rng.chance(0.05) ? NaN : sig(acc - rng.float(0.005, 0.03)));
  summary.set("eval/latency_ms", sig(rng.float(3, 40), 3));
  return { history, summary, state: "finished", runtime };
}
