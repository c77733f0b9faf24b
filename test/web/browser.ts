/**
 * Real-browser tests of the panels page: Debian's chromium driven by playwright-core (never a downloaded browser
 * build). The page is built from the current sources when any of them is newer than the last build, once for all
 * test files (a lock folder keeps two files from building at once). Screenshots of failed tests go to
 * test-results/web/.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, onTestFailed } from "vitest";
import type { Browser, Page } from "playwright-core";
import { servePage, type PageServer } from "../../packages/repl/src/cli/serve.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DIST = join(ROOT, "packages/web/dist");
export const SHOTS = join(ROOT, "test-results/web");
export const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

/** Why the browser tests cannot run here, or null when they can. */
export function browserMissing(): string | null {
  if (!existsSync(CHROMIUM)) return `no browser at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium, or set CHROMIUM_PATH)`;
  const r = spawnSync(CHROMIUM, ["--version"], { encoding: "utf8", timeout: 20_000 });
  return r.status === 0 ? null : `${CHROMIUM} --version failed: ${(r.stderr || r.stdout || "").trim().slice(0, 200)}`;
}

const SOURCES = ["packages/web/src", "packages/web/index.html", "packages/web/vite.config.ts", "packages/codemirror/src", "packages/lang/src", "packages/ops/src", "packages/repl/src/sample"];

function newest(path: string): number {
  const full = join(ROOT, path);
  const s = statSync(full);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(full).map((n) => newest(join(path, n))));
}

/** Builds packages/web/dist unless a build newer than every source is there. */
export async function ensurePageBuilt(): Promise<void> {
  const stamp = join(DIST, ".built");
  const lock = join(ROOT, "packages/web/.build-lock");
  const fresh = (): boolean => existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(...SOURCES.map(newest));
  const deadline = Date.now() + 240_000;
  while (!fresh()) {
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error("timed out waiting for another test file to build the page");
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (!fresh()) {
        execFileSync(process.execPath, [join(ROOT, "packages/web/build.mjs")], { stdio: "pipe", cwd: ROOT });
        writeFileSync(stamp, new Date().toISOString());
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** The built page, served, and a browser: set up before the enclosing `describe` block's tests, closed after them. */
export interface PageInBrowser {
  readonly browser: Browser;
  readonly server: PageServer;
}

export function usePageInBrowser(): PageInBrowser {
  const env = {} as { browser: Browser; server: PageServer };
  beforeAll(async () => {
    await ensurePageBuilt();
    env.server = await servePage(DIST, 0, null);
    env.browser = await launch();
  }, 300_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Launches chromium headless the way this machine allows (root, no network). */
export async function launch(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Fails the test on any uncaught page error, and keeps a screenshot when the test fails. */
export function watch(page: Page, name: string): void {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  onTestFailed(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${name.replace(/[^A-Za-z0-9_-]+/g, "-")}.png`), fullPage: true }).catch(() => {});
  });
  (page as Page & { qelErrors?: string[] }).qelErrors = errors;
}

/** Page errors seen so far. */
export function pageErrors(page: Page): string[] {
  return (page as Page & { qelErrors?: string[] }).qelErrors ?? [];
}

/**
 * Waits until every panel shown at load has its first result (the page sets data-first-results-ms) and its editor
 * (the page mounts the editors, loading CodeMirror, once those results are painted).
 */
export async function firstResults(page: Page): Promise<number> {
  await page.waitForFunction(() => document.body.dataset["firstResultsMs"] !== undefined, null, { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector(".panel-editor-text") === null, null, { timeout: 60_000 });
  return Number(await page.evaluate(() => document.body.dataset["firstResultsMs"]));
}
