/**
 * The panels page in real Chromium, reached as a person reaches it: runs files dropped onto the page or opened (a
 * canonical JSON file and a W&B public-API export), a dashboard file dropped, and the page worked by keyboard alone
 * (every control reached with Tab and named, each editor named after its panel, completion, running, sorting).
 */
import { readFileSync } from "node:fs";
import { evaluate, LANGUAGE_VERSION } from "@qel/lang";
import { sampleRuns, SAMPLE_NOW } from "@qel/repl/sample";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { browserMissing, firstResults, pageErrors, usePageInBrowser, watch } from "./browser.js";

const missing = browserMissing();
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 60_000, interval: 100 });
const title = missing === null ? "files and keyboard on the panels page" : `files and keyboard on the panels page (skipped: ${missing})`;

const canonicalRuns = [
  { name: "a1", state: "finished", jobType: "train", createdAt: "2026-03-01T10:00:00Z", summary: { loss: 0.2 }, history: [{ _step: 0, loss: 0.9 }, { _step: 1, loss: 0.2 }] },
  { name: "b2", state: "crashed", jobType: "train", createdAt: "2026-03-02T10:00:00Z", summary: { loss: 0.5 }, history: [{ _step: 0, loss: 0.8 }] },
];

/** Runs as `wandb.Api().runs(...)` exported from Python gives them: snake_case, `id` unique, `name` for display. */
const wandbExport = [
  { id: "3kq9x2ab", name: "vivid-sun-12", created_at: "2024-05-01T10:00:00", heartbeat_at: "2024-05-01T12:30:00", job_type: "train", state: "finished", config: { lr: { value: 0.01, desc: null } }, summary_metrics: { acc: 0.91, _wandb: { runtime: 9000 } }, tags: ["baseline"], user: "alice", project: "vision", entity: "acme" },
  { id: "7hd2k1zz", name: "quiet-moon-13", created_at: "2024-05-02T09:00:00", heartbeat_at: "2024-05-02T09:45:00", job_type: "train", state: "crashed", config: { lr: { value: 0.1, desc: null } }, summary_metrics: { acc: 0.42 }, tags: [], user: "bob", project: "vision", entity: "acme" },
  { id: "p0q1r2s3", name: "bold-star-14", created_at: "2024-05-03T08:00:00", heartbeat_at: "2024-05-03T10:00:00", job_type: "eval", state: "finished", config: { lr: { value: 0.01, desc: null } }, summary_metrics: { acc: 0.88 }, tags: [], user: "alice", project: "vision", entity: "acme" },
];

describe.skipIf(missing !== null)(title, () => {
  const env = usePageInBrowser();

  async function open(name: string): Promise<Page> {
    const page = await (await env.browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true })).newPage();
    watch(page, name);
    await page.goto(env.server.url);
    await firstResults(page);
    return page;
  }

  const panel = (page: Page, name: string) => page.locator(`section.panel[aria-label="Panel ${name}"]`);
  const firstColumn = (page: Page, name: string) => panel(page, name).locator("tbody tr td:first-child").allInnerTexts();

  /** Drags a file over the page and drops it, with the events a browser sends for a file dragged from the desktop. */
  async function dropFile(page: Page, name: string, text: string): Promise<boolean> {
    return page.evaluate(
      ({ name, text }) => {
        const data = new DataTransfer();
        data.items.add(new File([text], name, { type: "application/json" }));
        const target = document.querySelector("#panels")!;
        target.dispatchEvent(new DragEvent("dragover", { bubbles: true, cancelable: true, dataTransfer: data }));
        const highlighted = document.body.classList.contains("dropping");
        target.dispatchEvent(new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer: data }));
        return highlighted;
      },
      { name, text },
    );
  }

  it("loads a runs file dropped onto the page, and imports a dashboard file dropped the same way", async () => {
    const page = await open("drop files");
    expect(await dropFile(page, "two.json", JSON.stringify(canonicalRuns))).toBe(true);
    await poll(() => page.locator("#project").innerText()).toBe("two.json · 2 runs");
    expect(await page.evaluate(() => document.body.classList.contains("dropping"))).toBe(false);
    await poll(() => firstColumn(page, "Runs").then((names) => names.sort())).toEqual(["a1", "b2"]);
    await poll(() => panel(page, "loss history").locator('svg g[aria-label="line"] path').count()).toBe(2);

    const dashboard = { format: "qel-dashboard/1", panels: [{ qel: 1, expr: 'runs.filter(r => r.state == "crashed").count', title: "Crashed", view: "value" }] };
    await dropFile(page, "mine.json", JSON.stringify(dashboard));
    await poll(() => page.locator("#messages").innerText()).toContain("Imported 1 panels from mine.json");
    await poll(() => panel(page, "Crashed").locator(".big-value").innerText().catch(() => "")).toBe("1");

    // Exported, the dashboard is the same panels as saved-panel documents of the current language version.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export dashboard" }).click()]);
    const exported = JSON.parse(readFileSync((await download.path())!, "utf8")) as { format: string; panels: { qel: number; expr: string; title: string }[] };
    expect(exported.format).toBe("qel-dashboard/1");
    expect(exported.panels.map((p) => [p.qel, p.expr, p.title])).toEqual([[LANGUAGE_VERSION, 'runs.filter(r => r.state == "crashed").count', "Crashed"]]);
    expect(pageErrors(page)).toEqual([]);
  }, 180_000);

  it("opens a W&B public-API export: ids as run names, display names on the charts", async () => {
    const page = await open("wandb export");
    await page.getByLabel("Open runs file").setInputFiles({ name: "vision-export.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(wandbExport)) });
    await poll(() => page.locator("#project").innerText()).toBe("vision-export.json · 3 runs");
    await poll(() => firstColumn(page, "Runs").then((names) => names.sort())).toEqual(["3kq9x2ab", "7hd2k1zz", "p0q1r2s3"]);
    // The table's columns are name, displayName, state, jobType, user, …
    const runs = panel(page, "Runs");
    const row = runs.locator("tbody tr", { hasText: "7hd2k1zz" });
    expect(await row.locator("td").evaluateAll((tds) => tds.slice(0, 5).map((td) => td.textContent))).toEqual(["7hd2k1zz", "quiet-moon-13", "crashed", "train", "bob"]);
    const perRun = panel(page, "acc per run");
    await poll(() => perRun.locator('svg g[aria-label="bar"] rect').count()).toBe(3);
    expect((await perRun.locator('svg g[aria-label="x-axis tick label"] text').allTextContents()).sort()).toEqual(["bold-star-14", "quiet-moon-13", "vivid-sun-12"]);
    const states = panel(page, "Runs per state");
    await poll(() => states.locator('svg g[aria-label="bar"] rect').count()).toBe(2);
    expect(pageErrors(page)).toEqual([]);
  }, 180_000);

  it("names every editor after its panel, also after a rename", async () => {
    const page = await open("editor labels");
    const titles = await page.locator("section.panel .panel-title").evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    const labels = await page.locator("section.panel .cm-content").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
    expect(labels).toEqual(titles.map((t) => `Expression of panel ${t}`));
    expect(await page.locator("section.panel .cm-content").first().getAttribute("role")).toBe("textbox");
    await panel(page, "Runs").getByLabel("Panel title").fill("Every run");
    expect(await page.locator("section.panel .cm-content").first().getAttribute("aria-label")).toBe("Expression of panel Every run");
    expect(await page.getByLabel("View of Every run").count()).toBe(1);
    // (hidden while nothing runs, so found by its label rather than its role)
    expect(await page.locator('button[aria-label="Cancel Every run"]').count()).toBe(1);
  }, 180_000);

  /** Presses Tab from the top of the page until the first panel's editor has the focus; what each stop is called. */
  async function tabToFirstEditor(page: Page): Promise<{ tag: string; name: string }[]> {
    await page.locator("body").focus();
    const stops: { tag: string; name: string }[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      const stop = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (el === null || el === document.body) return null;
        const name = el.getAttribute("aria-label") ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? "";
        return { tag: el.classList.contains("cm-content") ? "editor" : el.tagName.toLowerCase(), name: name.trim() };
      });
      if (stop === null) continue;
      stops.push(stop);
      if (stop.tag === "editor") break;
    }
    return stops;
  }

  it("works by keyboard alone: every control reached with Tab has a name; complete, run and sort with keys", async () => {
    const page = await open("keyboard");
    // Tab from the top of the page to the first panel's editor, noting what each stop is called.
    const stops = await tabToFirstEditor(page);
    expect(stops.map((s) => s.name)).toEqual([
      "Add panel", "Open runs file", "Sample project", "Export dashboard", "Import dashboard",
      "Panel title", "View of Runs", "Run panel (Ctrl+Enter)", "Duplicate panel", "Move panel earlier", "Move panel later", "Remove panel",
      "Expression of panel Runs",
    ]);

    // In the editor: select all, type with completion from Ctrl+Space, run with Ctrl+Enter.
    await page.keyboard.press("Control+A");
    await page.keyboard.type("runs.filter(r => r.state == \"crashed\").cou", { delay: 10 });
    await page.keyboard.press("Control+Space");
    const option = page.locator(".cm-tooltip-autocomplete li[aria-selected=true] .cm-completionLabel");
    await poll(() => option.innerText().catch(() => "")).toBe("count");
    await page.waitForTimeout(150);
    await page.keyboard.press("Enter");
    await page.keyboard.press("Control+Enter");
    const runs = panel(page, "Runs");
    await poll(() => runs.locator(".big-value").innerText().catch(() => "")).toMatch(/^\d+$/);

    // Tab on from the editor leaves it (the editor does not trap Tab) for the next panel's controls.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Panel title");

    // A table sorts from the keyboard: its column headers are buttons.
    const perState = panel(page, "Runs per state");
    await perState.getByLabel("View of Runs per state").selectOption("table");
    const header = perState.getByRole("button", { name: "runs", exact: true });
    await header.focus();
    await page.keyboard.press("Enter");
    expect(await perState.locator("th").nth(1).getAttribute("aria-sort")).toBe("ascending");
    const counts = (await perState.locator("tbody td:nth-child(2)").allInnerTexts()).map(Number);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(pageErrors(page)).toEqual([]);
  }, 180_000);

  it("keeps what is typed into a panel's text before its editor has loaded, and runs it on Ctrl+Enter pressed meanwhile", async () => {
    const page = await (await env.browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    watch(page, "typed before the editor loads");
    // Hold the editor's chunk until the text has been typed into, as on a slow connection.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(/\/codemirror-editor-[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(env.server.url);
    await page.waitForFunction(() => document.body.dataset["firstResultsMs"] !== undefined, null, { timeout: 60_000 });
    const runs = panel(page, "Runs");
    const text = runs.locator(".panel-editor-text");
    await text.focus();
    await page.keyboard.press("Control+A");
    await page.keyboard.type('runs.filter(r => r.state == "crashed").count', { delay: 5 });
    await page.keyboard.press("Control+Enter");
    expect(await text.count()).toBe(1);
    release();
    const doc = () => runs.locator(".cm-content").evaluate((el) => (el as HTMLElement).innerText.replace(/\n$/, "")).catch(() => "");
    await poll(doc).toBe('runs.filter(r => r.state == "crashed").count');
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Expression of panel Runs");
    const expected = String(evaluate('runs.filter(r => r.state == "crashed").count', { runs: sampleRuns() }, { now: SAMPLE_NOW }));
    await poll(() => runs.locator(".big-value").innerText().catch(() => "")).toBe(expected);
    // the caret stayed at the end of what was typed: typing goes on there
    await page.keyboard.type(" + 1");
    await poll(doc).toBe('runs.filter(r => r.state == "crashed").count + 1');
    expect(pageErrors(page)).toEqual([]);
  }, 180_000);

  it("applies a lint's quick fix by keyboard alone: next diagnostic, the lint panel, the fix's access key", async () => {
    const page = await open("keyboard quick fix");
    const stops = await tabToFirstEditor(page);
    expect(stops.at(-1)).toEqual({ tag: "editor", name: "Expression of panel Runs" });
    await page.keyboard.press("Control+A");
    await page.keyboard.type('runs.filter(r => r.jobTyp == "train").count', { delay: 10 });
    const runs = panel(page, "Runs");
    const doc = () => runs.locator(".cm-content").evaluate((el) => (el as HTMLElement).innerText.replace(/\n$/, ""));
    expect(await doc()).toBe('runs.filter(r => r.jobTyp == "train").count');
    await runs.locator(".cm-lintRange-error").first().waitFor();
    // F8 selects the next diagnostic; Ctrl+Shift+M opens the lint panel with it selected and focused.
    await page.keyboard.press("F8");
    await page.keyboard.press("Control+Shift+M");
    const selected = runs.locator('.cm-panel-lint li[aria-selected="true"]');
    await selected.waitFor();
    expect(await selected.locator(".cm-diagnosticText").innerText()).toContain("did you mean `jobType`");
    expect(await page.evaluate(() => document.activeElement?.closest(".cm-panel-lint") !== null)).toBe(true);
    // Each action is applied with the letter underlined in its name (its access key, also in its label).
    const fix = selected.getByRole("button", { name: /Replace with 'jobType'/ });
    const key = /access key "(\w)/.exec((await fix.getAttribute("aria-label")) ?? "")?.[1];
    expect(key).toBeDefined();
    await page.keyboard.press(key!.toLowerCase());
    expect(await doc()).toBe('runs.filter(r => r.jobType == "train").count');
    // Escape closes the panel and gives the editor the focus back; Ctrl+Enter runs the fixed expression.
    await page.keyboard.press("Escape");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Expression of panel Runs");
    await page.keyboard.press("Control+Enter");
    const expected = String(evaluate('runs.filter(r => r.jobType == "train").count', { runs: sampleRuns() }, { now: SAMPLE_NOW }));
    await poll(() => runs.locator(".big-value").innerText().catch(() => "")).toBe(expected);
    await poll(() => runs.locator(".cm-lintRange-error").count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  }, 180_000);
});
