/**
 * Control characters from the data never reach the terminal raw: every renderer (tables, run cards, expanded
 * values, headers, keys, artifact and user lines) shows C0 controls, DEL and C1 controls escaped, and fits
 * columns to the escaped text. Checked on each renderer and on a whole `qel eval` run.
 */
import { PassThrough } from "node:stream";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ArtifactVersion, DateValue, Run, User, groupKeys, type Dict, type Value } from "@qel/ops";
import { escapeControls, visibleLength } from "./render-format.js";
import { renderValue, type RenderOptions } from "./render.js";
import { main } from "./main.js";
import type { Io } from "./cli/io.js";

/** ESC with a screen-clearing sequence, BEL, NUL, DEL, and the C1 controls NEL and CSI. */
const HOSTILE = "a\u001b[2J\u001b[Hb\u0007c\u0000d\u007fe\u0085f\u009bg";
const SHOWN = "a\\u001b[2J\\u001b[Hb\\u0007c\\u0000d\\u007fe\\u0085f\\u009bg";

/** Any raw C0 control but the newline between lines, DEL or C1 control. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
/** The styles the palette itself writes when colors are on. */
// eslint-disable-next-line no-control-regex
const OWN_STYLES = /\u001b\[(?:0|1|2|3[1-6])m/g;

const dict = (o: Record<string, Value>): Dict => new Map(Object.entries(o));
const created = new DateValue(Date.parse("2026-03-01T14:22:00Z"));

function hostileRun(i: number): Run {
  const user = new User(HOSTILE, HOSTILE, `${HOSTILE}@x`);
  const artifact = new ArtifactVersion(HOSTILE, 1, [HOSTILE, "v1"], HOSTILE, 12, created, HOSTILE);
  return new Run(
    `${HOSTILE}${i}`, HOSTILE, HOSTILE, HOSTILE, created, new DateValue(created.ms + 60_000), user,
    dict({ [HOSTILE]: `${HOSTILE}${i}`, nested: dict({ [HOSTILE]: i }) }), dict({ [HOSTILE]: i }),
    [], [artifact], [], [HOSTILE], HOSTILE, null,
  );
}

const runs = [hostileRun(1), hostileRun(2)];
const group = Object.assign([runs[0]!], {});
groupKeys.set(group, HOSTILE);

/** Every shape the renderers draw, each built from hostile text. */
const VALUES: readonly (readonly [string, Value])[] = [
  ["a string", HOSTILE],
  ["a runs table", runs],
  ["a run card", runs[0]!],
  ["a dict table", runs.map((r) => dict({ [HOSTILE]: r.name, v: HOSTILE }))],
  ["a dict", dict({ [HOSTILE]: HOSTILE, long: "x".repeat(200) })],
  ["a list of strings", Array.from({ length: 30 }, () => HOSTILE)],
  ["a user", runs[0]!.user!],
  ["a users table", [runs[0]!.user!]],
  ["an artifact version", runs[0]!.loggedArtifacts[0]!],
  ["an artifacts table", [runs[0]!.loggedArtifacts[0]!]],
  ["a groups table", [group]],
  ["a group", group],
];

const OPTIONS: readonly (readonly [string, RenderOptions])[] = [
  ["plain", { width: 100, timeZone: "UTC" }],
  ["colored", { width: 100, timeZone: "UTC", color: true }],
  ["expanded (:show)", { width: 100, timeZone: "UTC", expanded: true }],
  ["narrow", { width: 30, timeZone: "UTC" }],
];

describe("control characters in rendered data", () => {
  it("escapeControls shows C0, DEL and C1 controls as \\u escapes and keeps other text", () => {
    expect(escapeControls(HOSTILE)).toBe(SHOWN);
    expect(escapeControls("naïve ✓ \u00a0 \u2028")).toBe("naïve ✓ \u00a0 \u2028");
    expect(escapeControls(escapeControls(HOSTILE))).toBe(SHOWN);
  });

  describe.each(OPTIONS)("rendered %s", (_name, options) => {
    it.each(VALUES)("%s shows no raw control character", (_what, value) => {
      const text = renderValue(value, options).replace(OWN_STYLES, "");
      expect(text).not.toMatch(RAW_CONTROL);
      expect(text).toContain("\\u001b[2J");
    });
  });

  it("fits a table's columns to the escaped text", () => {
    const text = renderValue([dict({ k: "short", n: 1 }), dict({ k: "x\u001by", n: 2 })], { width: 100 });
    const [header, first, second] = text.split("\n") as [string, string, string];
    // `n` is right-aligned, so every line ends where the widest cell of `k`, the escaped one, ends plus the gap.
    expect(second).toBe("x\\u001by  2");
    expect([header.length, first.length]).toEqual([second.length, second.length]);
    const long = renderValue([dict({ k: HOSTILE, n: 1 })], { width: 100 }).split("\n")[1]!;
    // Cut to the column's 28 cells, counted on the escaped text.
    expect(visibleLength(long.slice(0, long.lastIndexOf(" ")).trimEnd())).toBe(28);
  });

  it("escapes a run's name in the card's title and every field", () => {
    const card = renderValue(runs[0]!, { width: 200, timeZone: "UTC" });
    expect(card.split("\n")[0]).toBe(`${SHOWN}1 (${SHOWN})`);
    expect(card).toContain(`job type: ${SHOWN}`);
    expect(card).toContain(`tags: ${SHOWN}`);
  });
});

describe("qel eval over a runs file with control characters", () => {
  it("prints tables, cards and warnings with them escaped", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qel-controls-"));
    const file = join(dir, "esc.json");
    writeFileSync(file, JSON.stringify([{ name: "a\u001b[2J\u001b[HPWNED", createdAt: "2024-01-01T00:00:00Z", config: { v: "a\u001b[31mRED\u001b[0m\u009b", "k\u0007": 1 } }]));
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const io: Io = { stdin: new PassThrough(), stdout, stderr, env: { COLUMNS: "100" } };
    const code = await main(["eval", "--runs", file, "runs", "runs.map(r => {n: r.name, v: r.config.v})", "runs[0]", 'runs[0].config["k\\u0007"]', 'runs[0].config["x\\u009b"]'], io);
    const out = String(stdout.read() ?? "");
    const err = String(stderr.read() ?? "");
    expect(code).toBe(0);
    expect(out).not.toMatch(RAW_CONTROL);
    expect(err).not.toMatch(RAW_CONTROL);
    expect(out).toContain("a\\u001b[2J\\u001b[HPWNED");
    expect(out).toContain("v: \"a\\u001b[31mRED\\u001b[0m\\u009b\"");
    expect(out).toContain("\"k\\u0007\": 1");
    expect(err).toContain('key "x\\u009b" is not among the known keys');
  });
});
