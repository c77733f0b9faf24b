/**
 * The panels page in real Chromium, driven as a person would: starter panels with a table and charts, typing
 * with completion, a lint mark and its quick fix, hover and signature help, an inline error, cancelling a slow
 * expression, saving and reloading, and importing a dashboard saved by an older language version.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { LANGUAGE_VERSION } from "@qel/lang";
import { browserMissing, DIST, firstResults, pageErrors, SHOTS, usePageInBrowser, watch } from "./browser.js";

const missing = browserMissing();
/** Waits for a value as a person would wait for the page (generously: the machines are shared). */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 60_000, interval: 100 });
const title = missing === null ? "the panels page in Chromium" : `the panels page in Chromium (skipped: ${missing})`;

describe.skipIf(missing !== null)(title, () => {
  const env = usePageInBrowser();

  async function open(name: string, context?: BrowserContext): Promise<Page> {
    const page = await (context ?? (await env.browser.newContext({ viewport: { width: 1280, height: 1000 } }))).newPage();
    watch(page, name);
    await page.goto(env.server.url);
    await firstResults(page);
    return page;
  }

  /** Milliseconds from navigation to each step of a load (see the marks in packages/web/src). */
  interface Timing {
    firstResultsMs: number;
    mainStartMs: number;
    appStartMs: number;
    workerStartMs: number;
    languageReadyMs: number;
    runsReadyMs: number;
    firstAnswerMs: number;
    /**
     * When the page first asked for a chunk only the page's side of the language uses (the editors' services or the
     * dashboard's storage; the worker's own requests for the language show in the page's timeline too).
     */
    languageRequestedMs: number;
  }

  function timing(page: Page): Promise<Timing> {
    return page.evaluate(() => {
      const mark = (name: string): number => Math.round(performance.getEntriesByName(name)[0]?.startTime ?? -1);
      const language = performance.getEntriesByType("resource").filter((r) => /\/(editor-services|storage)-[^/]*\.js$/.test(r.name));
      return {
        firstResultsMs: Number(document.body.dataset["firstResultsMs"]),
        mainStartMs: mark("qel-main-start"),
        appStartMs: mark("qel-app-start"),
        workerStartMs: mark("qel-worker-workerStart"),
        languageReadyMs: mark("qel-worker-languageReady"),
        runsReadyMs: mark("qel-worker-runsReady"),
        firstAnswerMs: mark("qel-worker-early"),
        languageRequestedMs: Math.round(Math.min(Infinity, ...language.map((r) => r.startTime))),
      };
    });
  }

  const panel = (page: Page, name: string) => page.locator(`section.panel[aria-label="Panel ${name}"]`);
  const editor = (page: Page, name: string) => page.getByLabel(`Expression of panel ${name}`, { exact: true });
  const doc = (page: Page, name: string) => editor(page, name).evaluate((el) => (el as HTMLElement).innerText.replace(/\n$/, ""));

  /** Replaces a panel's expression by typing it, as a person would. */
  async function typeInto(page: Page, name: string, text: string): Promise<void> {
    await editor(page, name).click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Backspace");
    await page.keyboard.type(text, { delay: 10 });
  }

  /** Points at `target` until `tooltip` shows (a pointer resting where a mark later appears sends no new move). */
  async function hoverFor(page: Page, target: ReturnType<Page["locator"]>, tooltip: ReturnType<Page["locator"]>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await page.mouse.move(1, 1);
      await target.hover();
      try {
        await tooltip.waitFor({ timeout: 5_000 });
        return;
      } catch (e) {
        if (attempt >= 5) throw e;
      }
    }
  }

  it("starts with useful panels: a sortable run table, bars, and a history line per run", async () => {
    const page = await open("starter panels");
    const titles = await page.locator("section.panel .panel-title").evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(titles.slice(0, 2)).toEqual(["Runs", "Runs per state"]);
    expect(titles).toHaveLength(4);
    expect(titles[3]).toMatch(/ history$/);

    const runs = panel(page, "Runs");
    await poll(() => runs.locator("tbody tr").count()).toBe(414);
    await runs.getByRole("button", { name: "state", exact: true }).click();
    expect(await runs.locator("th").nth(2).getAttribute("aria-sort")).toBe("ascending");
    const states = await runs.locator("tbody tr td:nth-child(3)").allInnerTexts();
    expect(states).toEqual([...states].sort((a, b) => a.localeCompare(b)));
    await runs.getByRole("button", { name: "state", exact: true }).click();
    expect(await runs.locator("tbody tr td:nth-child(3)").first().innerText()).toBe("running");

    const perState = panel(page, "Runs per state");
    expect(await perState.locator('svg g[aria-label="bar"] rect').count()).toBe(5);
    const history = panel(page, titles[3]!);
    expect(await history.locator('svg g[aria-label="line"] path').count()).toBe(5);
    // The view can be overridden: the same result as a table.
    await history.getByLabel(`View of ${titles[3]}`).selectOption("table");
    await poll(() => history.locator("tbody tr").count()).toBe(5);
    expect(pageErrors(page)).toEqual([]);
  }, 180_000);

  it("shows the first panels' results within 1 s of load on the sample project, and as fast after a reload (the guard scaled by the machine's load)", async ({ annotate }) => {
    // Three fresh loads (nothing saved, so the starter panels), each followed by a reload of the dashboard it
    // saved; the medians are reported and checked.
    const loads: Timing[] = [];
    const reloads: Timing[] = [];
    for (let i = 0; i < 3; i++) {
      const context = await env.browser.newContext({ viewport: { width: 1280, height: 1000 } });
      const page = await open(`first results ${i + 1}`, context);
      loads.push(await timing(page));
      await poll(() => page.evaluate(() => localStorage.getItem("qel.dashboard:sample") !== null)).toBe(true);
      await page.reload();
      await firstResults(page);
      reloads.push(await timing(page));
      await context.close();
    }
    const median = (of: Timing[], key: keyof Timing): number => of.map((l) => l[key]).sort((a, b) => a - b)[1]!;
    const perCore = loadavg()[0]! / cpus().length;
    const summary = (of: Timing[]) => Object.fromEntries((Object.keys(of[0]!) as (keyof Timing)[]).map((k) => [k, median(of, k)]));
    const report = { load: summary(loads), reload: summary(reloads), loadAveragePerCore: Number(perCore.toFixed(2)), loads, reloads };
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(join(SHOTS, "timing.json"), `${JSON.stringify(report, null, 2)}\n`);
    const l = report.load;
    await annotate(
      `first results ${l["firstResultsMs"]} ms after load (median of 3; page script started ${l["mainStartMs"]} ms, app ${l["appStartMs"]} ms, worker ${l["workerStartMs"]} ms, ` +
        `its language ready ${l["languageReadyMs"]} ms, runs ready ${l["runsReadyMs"]} ms, first answer on the page ${l["firstAnswerMs"]} ms), ` +
        `${report.reload["firstResultsMs"]} ms after a reload; load average per core ${report.loadAveragePerCore}`,
    );
    // Neither a new dashboard nor a saved one loads the language before its first results are shown.
    for (const t of [...loads, ...reloads]) expect(t.languageRequestedMs).toBeGreaterThanOrEqual(t.firstResultsMs - 1);
    // The budget is 1 s on a quiet machine; on a shared one each core is shared by as many processes as the load
    // average says, so the guard allows twice the budget per process waiting for a core.
    expect(l["firstResultsMs"]).toBeLessThanOrEqual(1000 * 2 * Math.max(1, perCore));
    expect(report.reload["firstResultsMs"]).toBeLessThanOrEqual(1000 * 2 * Math.max(1, perCore));
  }, 240_000);

  it("completes while typing, marks an error and applies its quick fix, shows hover and signature help", async () => {
    const page = await open("editing");
    await page.getByRole("button", { name: "Add panel" }).click();
    await poll(() => page.locator("section.panel").count()).toBe(5);
    await typeInto(page, "Panel 5", "runs.filter(r => r.job");
    // (The list follows the typing a moment later: until it does, it may still show an earlier keystroke's list.)
    const first = page.locator(".cm-tooltip-autocomplete li .cm-completionLabel").first();
    await poll(() => first.innerText().catch(() => "")).toBe("jobType");
    await page.waitForTimeout(150);
    await page.keyboard.press("Enter");
    expect(await doc(page, "Panel 5")).toBe("runs.filter(r => r.jobType)");

    await typeInto(page, "Panel 5", 'runs.filter(r => r.jobTyp == "train")');
    const mark = panel(page, "Panel 5").locator(".cm-lintRange-error");
    await mark.waitFor();
    const tip = page.locator(".cm-tooltip-lint");
    await hoverFor(page, mark, tip);
    expect(await tip.innerText()).toContain("did you mean");
    await tip.getByRole("button", { name: "Replace with 'jobType'" }).click();
    expect(await doc(page, "Panel 5")).toBe('runs.filter(r => r.jobType == "train")');
    await poll(() => mark.count()).toBe(0);

    const hover = page.locator(".qel-hover");
    await hoverFor(page, panel(page, "Panel 5").locator(".cm-content span", { hasText: /^jobType$/ }), hover);
    expect(await hover.locator(".qel-hover-type").innerText()).toMatch(/^string/);

    await typeInto(page, "Panel 5", "runs.limit(");
    const sig = page.locator(".qel-signature");
    await sig.waitFor();
    expect(await sig.innerText()).toMatch(/^limit\(/);
    expect(await sig.locator(".qel-signature-active").count()).toBe(1);
    expect(pageErrors(page)).toEqual([]);
  }, 180_000);

  it("shows an error inline with its position, and cancels a slow expression without stopping the other panels", async () => {
    const page = await open("errors and cancel");
    const runs = panel(page, "Runs");
    await typeInto(page, "Runs", "runs.map(r => r.nope)");
    await page.keyboard.press("Control+Enter");
    const error = runs.locator(".panel-error");
    await error.waitFor();
    expect(await runs.locator(".panel-status").innerText()).toBe("Error at line 1, column 17");
    expect(await error.locator(".caret").innerText()).toBe("runs.map(r => r.nope)\n                ^^^^");

    await typeInto(page, "Runs", "runs.map(a => runs.map(b => runs.map(c => 1).count).sum).sum");
    await page.keyboard.press("Control+Enter");
    await poll(() => runs.getAttribute("data-state")).toBe("running");
    await page.waitForTimeout(300);
    await runs.getByRole("button", { name: "Cancel Runs" }).click();
    expect(await runs.getAttribute("data-state")).toBe("cancelled");
    expect(await runs.locator(".panel-status").innerText()).toBe("Cancelled");
    // The fresh worker answers at once.
    await typeInto(page, "Runs", "runs.count");
    await page.keyboard.press("Control+Enter");
    await poll(() => runs.getAttribute("data-state")).toBe("done");
    expect(await runs.locator(".big-value").innerText()).toBe("414");
    expect(pageErrors(page)).toEqual([]);
  }, 180_000);

  it("keeps the dashboard across a reload, and imports a dashboard saved by an older language version", async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await open("save and import", context);
    const titleInput = panel(page, "Runs").getByLabel("Panel title");
    await titleInput.fill("All runs");
    await typeInto(page, "All runs", "runs.filter(r => r.state == \"failed\")");
    await page.getByLabel("Move panel later").first().click();
    await page.waitForTimeout(400);
    const before = await page.locator("section.panel").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
    expect(before[1]).toBe("Panel All runs");
    await page.reload();
    await firstResults(page);
    const after = await page.locator("section.panel").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
    expect(after).toEqual(before);
    expect(await doc(page, "All runs")).toBe('runs.filter(r => r.state == "failed")');

    // A dashboard saved by language version 1 (whose expressions need no rewrite) is migrated and says so.
    const v1 = { format: "qel-dashboard/1", panels: [{ qel: 1, expr: "runs.count", title: "Count", view: "value" }] };
    await page.getByLabel("Import dashboard").setInputFiles({ name: "v1.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(v1)) });
    await poll(() => page.locator("#messages").innerText()).toContain("Imported 1 panels from v1.json");
    expect(await page.locator("#messages").innerText()).toContain(`panel 1: migrated from language version 1 to ${LANGUAGE_VERSION}: the expression needed no change`);
    await poll(() => panel(page, "Count").locator(".big-value").innerText().catch(() => "")).toBe("414");
    await context.close();

    // No language change so far rewrites an expression: the page is given a table where the next version
    // changed round's default, and imports a dashboard saved by the current version.
    const later = await env.browser.newContext({ viewport: { width: 1280, height: 1000 } });
    await later.addInitScript((next: number) => {
      (window as { qelTestMigrations?: unknown }).qelTestMigrations = {
        currentVersion: next,
        migrations: [{ version: next, summary: "round keeps no digits unless told", changes: [{ kind: "explicitDefault", op: "round", arity: 1, value: "0" }] }],
      };
    }, LANGUAGE_VERSION + 1);
    const next = await open("import old version", later);
    const old = { format: "qel-dashboard/1", title: "Old", panels: [{ qel: LANGUAGE_VERSION, expr: "(runs.count / 7).round", title: "Weekly", view: "value" }, { qel: LANGUAGE_VERSION, expr: "runs.map(r => r.state)", title: "States" }] };
    await next.getByLabel("Import dashboard").setInputFiles({ name: "old-dashboard.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(old)) });
    await poll(() => next.locator("#messages").innerText()).toContain("Imported 2 panels from old-dashboard.json");
    expect(await next.locator("#messages").innerText()).toContain(`panel 1: migrated from language version ${LANGUAGE_VERSION} to ${LANGUAGE_VERSION + 1}: v${LANGUAGE_VERSION + 1}: \`round\` given its former default 0 explicitly`);
    expect(await doc(next, "Weekly")).toBe("(runs.count / 7).round(0)");
    await poll(() => panel(next, "Weekly").locator(".big-value").innerText().catch(() => "")).toBe("59");
    expect(await next.locator("section.panel").count()).toBe(2);
    await later.close();
  }, 180_000);

  it("opens a runs file chosen on the page, with starter panels for its runs", async () => {
    const page = await open("open runs file");
    const runs = [
      { name: "a1", state: "finished", jobType: "train", createdAt: "2026-03-01T10:00:00Z", summary: { acc: 0.9 }, history: [{ _step: 0, acc: 0.5 }, { _step: 1, acc: 0.9 }] },
      { name: "b2", state: "crashed", jobType: "train", createdAt: "2026-03-02T10:00:00Z", summary: { acc: 0.7 }, history: [{ _step: 0, acc: 0.4 }] },
      { name: "c3", state: "finished", jobType: "eval", createdAt: "2026-03-03T10:00:00Z", summary: { acc: 0.95 } },
    ];
    const text = runs.map((r) => JSON.stringify(r)).join("\n");
    await page.getByLabel("Open runs file").setInputFiles({ name: "three.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(text) });
    await poll(() => page.locator("#project").innerText()).toBe("three.jsonl · 3 runs");
    const table = panel(page, "Runs");
    await poll(() => table.locator("tbody tr").count()).toBe(3);
    await poll(() => panel(page, "acc per run").locator('svg g[aria-label="bar"] rect').count()).toBe(3);
    await poll(() => panel(page, "acc history").locator('svg g[aria-label="line"] path').count()).toBe(2);
    expect(pageErrors(page)).toEqual([]);
  }, 180_000);

  it("keeps the page's JavaScript (the page, its lazily loaded chunks and the worker) within 450 KB gzipped", () => {
    const assets = join(DIST, "assets");
    const files = readdirSync(assets).filter((f) => f.endsWith(".js"));
    const sizes = Object.fromEntries(files.map((f) => [f, gzipSync(readFileSync(join(assets, f))).length]));
    const total = Object.values(sizes).reduce((a, b) => a + b, 0);
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(join(SHOTS, "size.json"), `${JSON.stringify({ gzippedJsBytes: total, files: sizes }, null, 2)}\n`);
    // The worker is an entry of the page's build: @qel/lang and @qel/ops are one chunk shared by both, not two copies.
    expect(files.some((f) => f.startsWith("eval-worker-"))).toBe(true);
    expect(total, JSON.stringify(sizes)).toBeLessThanOrEqual(450 * 1024);
  });
});
