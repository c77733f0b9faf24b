import { describe, expect, test } from "vitest";
import { docRuns } from "./doc-dataset.js";
import { invokeOp } from "./invoke.js";
import { selectLoggedArtifact } from "./run-artifacts.js";
import { standardRegistry } from "./std.js";
import { toJsonValue } from "./value-json.js";
import { ArtifactVersion, DateValue, EMPTY_DICT, Run, User, type Value } from "./values.js";

const call = (name: string, ...args: Value[]): Value => invokeOp(standardRegistry.lookup(name)!, args);
const json = (name: string, ...args: Value[]): unknown => toJsonValue(call(name, ...args));
const [r1, r2, r3, r4, , r6, r7] = docRuns as [Run, Run, Run, Run, Run, Run, Run, Run];

const av = (version: number, aliases: string[], name = "model"): ArtifactVersion =>
  new ArtifactVersion(name, version, [...aliases, `v${version}`], "model", 10, null, null);

/** A run that logged model v0, v1 (best), v2 (latest), dataset v0 (latest) and "model-large" v5 (latest). */
const logger = new Run(
  "logger", null, null, null, new DateValue(0), new DateValue(0), null, EMPTY_DICT, EMPTY_DICT, [],
  [av(0, []), av(1, ["best"]), av(2, ["latest", "production"]), av(0, ["latest"], "dataset"), av(5, ["latest"], "model-large")],
  [], [], null, null,
);

describe("run fields", () => {
  test.for<[string, Run, unknown]>([
    ["runConfig", r1, { learning_rate: 0.001, batch_size: 32, optimizer: "adam", epochs: 10 }],
    ["runSummary", r3, { accuracy: 0.12, val_loss: "NaN" }],
    ["runHistory", r3, [{ _step: 0, loss: 2.3, accuracy: 0.1 }, { _step: 1, loss: "NaN", accuracy: 0.12 }]],
    ["runCreatedAt", r1, "2026-03-02T09:00:00.000Z"],
    ["runHeartbeatAt", r1, "2026-03-02T10:30:00.000Z"],
    ["runHeartbeatAt", r7, "2026-03-06T07:30:00.000Z"],
    ["runRuntime", r1, 5400],
    ["runRuntime", r7, 0],
    ["runJobType", r1, "train"],
    ["runJobType", r7, null],
    ["runName", r1, "run-01"],
    ["runUser", r7, null],
    ["runDisplayName", r1, "baseline"],
    ["runDisplayName", r7, null],
    ["runState", r3, "crashed"],
    ["runTags", r1, ["baseline", "resnet"]],
    ["runTags", r6, []],
    ["runGroup", r1, "resnet-lr"],
    ["runGroup", r4, null],
    ["runSweep", r6, "sw-42"],
    ["runSweep", r1, null],
    ["runUsedArtifactVersions", r3, [{ name: "training-data", version: 2, aliases: ["v2"], type: "dataset", size: 48_000_000, createdAt: "2026-02-01T00:00:00.000Z" }]],
    ["runLoggedArtifactVersions", r3, []],
  ])("%s(%s)", ([name, run, expected]) => {
    expect(json(name, run)).toEqual(expected);
  });

  test("short aliases resolve to the same ops", () => {
    for (const [alias, name] of [["config", "runConfig"], ["summary", "runSummary"], ["history", "runHistory"], ["createdAt", "runCreatedAt"],
      ["heartbeatAt", "runHeartbeatAt"], ["runtime", "runRuntime"], ["jobType", "runJobType"], ["name", "runName"], ["user", "runUser"],
      ["loggedArtifactVersion", "runLoggedArtifactVersion"], ["loggedArtifactVersions", "runLoggedArtifactVersions"],
      ["usedArtifactVersions", "runUsedArtifactVersions"], ["displayName", "runDisplayName"], ["state", "runState"], ["tags", "runTags"],
      ["group", "runGroup"], ["sweep", "runSweep"]] as const) {
      expect(standardRegistry.lookup(alias)?.name).toBe(name);
    }
  });

  test("the user of a run", () => {
    const u = call("runUser", r1) as User;
    expect([call("userUsername", u), call("runName", u), call("userEmail", u)]).toEqual(["alice", "Alice Chen", "alice@example.com"]);
    const bob = call("runUser", r2) as User;
    expect(call("userEmail", bob)).toBeNull();
    expect(call("runName", call("runUser", docRuns[4]!))).toBeNull();
  });

  test("null runs give null", () => {
    expect(call("runRuntime", null)).toBeNull();
    expect(call("runLoggedArtifactVersion", r1, null)).toBeNull();
    expect(call("userUsername", null)).toBeNull();
  });
});

describe("runLoggedArtifactVersion", () => {
  test.for<[string, number | null, string | null]>([
    ["model", 2, "latest"],
    ["model:latest", 2, "latest"],
    ["model:v2", 2, "v2"],
    ["model:v0", 0, "v0"],
    ["model:best", 1, "best"],
    ["model:production", 2, "production"],
    ["model:v9", null, null],
    ["model:v02", null, null],
    ["model:", null, null],
    ["model:staging", null, null],
    ["dataset", 0, "latest"],
    ["model-large:v5", 5, "v5"],
    ["mod", null, null],
    ["Model", null, null],
    ["unknown:latest", null, null],
    ["", null, null],
  ])("%s", ([selector, version, alias]) => {
    const a = call("runLoggedArtifactVersion", logger, selector);
    if (version === null) {
      expect(a).toBeNull();
      return;
    }
    expect(a).toBeInstanceOf(ArtifactVersion);
    expect(call("artifactVersion", a)).toBe(version);
    expect(call("artifactAlias", a)).toBe(alias);
    expect(call("runName", a)).toBe(selector.split(":")[0]);
  });

  test("without latest, a bare name selects nothing; the highest of several matches wins", () => {
    expect(selectLoggedArtifact(r1, "model")).toBeNull();
    expect(selectLoggedArtifact(r1, "model:best")?.version).toBe(1);
    const twice = new Run("t", null, null, null, new DateValue(0), new DateValue(0), null, EMPTY_DICT, EMPTY_DICT, [],
      [av(3, ["latest"]), av(1, ["latest"])], [], [], null, null);
    expect(selectLoggedArtifact(twice, "model")?.version).toBe(3);
  });

  test("the selected copy leaves the run's artifact unchanged", () => {
    const a = selectLoggedArtifact(logger, "model:best")!;
    expect(a.selectedAlias).toBe("best");
    expect(logger.loggedArtifacts[1]!.selectedAlias).toBeNull();
    expect(call("artifactAlias", logger.loggedArtifacts[1]!)).toBe("v1");
  });
});

describe("artifact version fields", () => {
  const [v0, v1, v2] = logger.loggedArtifacts as [ArtifactVersion, ArtifactVersion, ArtifactVersion];
  const bare = new ArtifactVersion("m", 4, ["best"], null, null, null, null);
  test.for<[string, ArtifactVersion, unknown]>([
    ["artifactVersion", v1, 1],
    ["artifactAlias", v0, "v0"],
    ["artifactAlias", v2, "latest"],
    ["artifactAliases", v2, ["latest", "production", "v2"]],
    ["artifactAliases", bare, ["best", "v4"]],
    ["artifactSize", v0, 10],
    ["artifactSize", bare, null],
    ["artifactType", v0, "model"],
    ["artifactType", bare, null],
    ["artifactDigest", bare, null],
    ["runCreatedAt", bare, null],
    ["runCreatedAt", r1.loggedArtifacts[0]!, "2026-03-02T09:45:00.000Z"],
    ["runName", v0, "model"],
  ])("%s(%o)", ([name, a, expected]) => {
    expect(json(name, a)).toEqual(expected);
  });
});
