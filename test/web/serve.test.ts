/**
 * `qel serve --runs FOLDER` over a folder of W&B runs (the fixture project), opened in real Chromium: the page
 * shows those runs, not the sample, in its starter panels. Also: the command's usage errors.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { BIN, buildBundle, qel } from "../cli/qel.js";
import { browserMissing, ensurePageBuilt, firstResults, launch, pageErrors, ROOT, watch } from "./browser.js";

const FIXTURE = join(ROOT, "test/fixtures/wandb/project");

describe("qel serve usage", () => {
  beforeAll(() => buildBundle(), 120_000);

  it("rejects a bad port and an argument, and says how", () => {
    const bad = qel(["serve", "--port", "http"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--port expects a port number from 0 to 65535, not "http"');
    expect(qel(["serve", "extra"]).stderr).toContain('unexpected argument "extra"');
    expect(qel(["--help"]).stdout).toContain("qel serve [--runs PATH] [--port N]");
  });
});

const missing = browserMissing();
const title = missing === null ? "qel serve in Chromium" : `qel serve in Chromium (skipped: ${missing})`;

describe.skipIf(missing !== null)(title, () => {
  let browser: Browser;
  let child: ChildProcess;
  let url: string;

  beforeAll(async () => {
    buildBundle();
    await ensurePageBuilt();
    child = spawn(process.execPath, [BIN, "serve", "--runs", FIXTURE, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, TZ: "UTC" } });
    url = await new Promise<string>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`qel serve printed no URL: ${out}`)), 60_000);
      child.stdout!.on("data", (b: Buffer) => {
        out += b.toString();
        const m = /qel serve: (http:\/\/127\.0\.0\.1:\d+\/) \(4 runs from /.exec(out);
        if (m !== null) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.on("exit", (code) => reject(new Error(`qel serve exited with ${code}: ${out}`)));
    });
    browser = await launch();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    child?.kill("SIGTERM");
  });

  it("shows the W&B runs of the folder in the starter panels", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    watch(page, "qel serve");
    await page.goto(url);
    await firstResults(page);
    expect(await page.locator("#project").innerText()).toBe("project · 4 runs");
    const runs = page.locator('section.panel[aria-label="Panel Runs"]');
    const names = await runs.locator("tbody tr td:first-child").allInnerTexts();
    expect(names.sort()).toEqual(["fx01abcd", "fx02efgh", "fx03ijkl", "fx04core"]);
    const states = page.locator('section.panel[aria-label="Panel Runs per state"]');
    expect(await states.locator('svg g[aria-label="bar"] rect').count()).toBeGreaterThan(0);
    // A metric's history: the fixture's runs log different metrics, and only fx03ijkl logged `reward`.
    const history = page.locator("section.panel").nth(3);
    expect(await history.getAttribute("aria-label")).toBe("Panel reward history");
    expect(await history.locator('svg g[aria-label="line"] path').count()).toBe(1);
    expect(pageErrors(page)).toEqual([]);
  }, 180_000);
});
