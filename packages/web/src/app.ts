/**
 * The page around the panels: the top bar (open a runs file, sample project, add panel, export and import), the
 * drop target, and the dashboard of the runs loaded.
 */
import type { QelEnv } from "@qel/codemirror";
import type { RunSchema } from "@qel/ops";
import type { Evaluator } from "./evaluator.js";
import { firstPanels } from "./dashboard/saved.js";
import { DashboardView } from "./ui/dashboard-view.js";
import { firstResultsShown } from "./views/deferred.js";
import type { RunsSource } from "./worker/model.js";

const $ = <T extends HTMLElement>(sel: string): T => document.querySelector<T>(sel)!;
const messages = $("#messages");
const say = (text: string): void => {
  messages.textContent = text;
};

/** Calls `f` once the browser has painted what the page shows now (a task after the next frame). */
function afterNextPaint(f: () => void): void {
  requestAnimationFrame(() => setTimeout(f, 0));
}

/** Shows the page over `evaluator`, which is already loading the runs of `key` ("sample", "served:…"). */
export function start(evaluator: Evaluator, key: string): void {
  performance.mark("qel-app-start");
  const dashboard = new DashboardView($("#panels"), evaluator, say);
  evaluator.events = {
    loaded(info) {
      $("#project").textContent = `${info.project} · ${info.runs} runs`;
      document.body.dataset["runsLoadMs"] = String(Math.round(info.ms));
      for (const [name, at] of Object.entries(info.timeline)) performance.mark(`qel-worker-${name}`, { startTime: at - performance.timeOrigin });
      if (info.issues.length > 0) say(`${info.issues.length} problems while loading:\n${info.issues.slice(0, 5).join("\n")}`);
      void dashboard.restored.then(() => {
        if (dashboard.panelCount === 0) dashboard.openStarter(info);
      });
    },
    loadFailed(message) {
      say(`Could not load runs: ${message}`);
      void dashboard.loadLanguage();
    },
    schema(schema) {
      dashboard.setEnv({ schema: schema as RunSchema } satisfies QelEnv);
    },
  };
  dashboard.onFirstResults = () => afterNextPaint(() => {
    // Milliseconds since the navigation started (performance.now's origin) until the first panels' results were
    // painted; the browser tests read it.
    document.body.dataset["firstResultsMs"] = String(Math.round(performance.now()));
    performance.mark("qel-first-results");
    // Then what the first view did not need: the rest of long tables, the editors' language and the schema it
    // completes from.
    firstResultsShown();
    void dashboard.loadLanguage().then(() => {
      document.body.dataset["languageMs"] = String(Math.round(performance.now()));
      evaluator.wantSchema();
    });
  });
  void dashboard.openSaved(key);
  wire(dashboard);
}

/** Loads other runs: the dashboard saved for them, or their starter panels once they are loaded. */
function open(dashboard: DashboardView, source: RunsSource, key: string): void {
  $("#project").textContent = "Loading runs…";
  dashboard.evaluator.load(source, firstPanels(key));
  dashboard.setEnv({});
  void dashboard.openSaved(key);
}

/** A dropped or opened file: a dashboard to import, or runs to look at. */
async function openFile(dashboard: DashboardView, file: File): Promise<void> {
  if (/\.json$/i.test(file.name) && (await file.slice(0, 200).text()).includes("qel-dashboard/")) {
    await dashboard.importText(await file.text(), file.name);
    return;
  }
  open(dashboard, { kind: "text", text: await file.text(), fileName: file.name }, `file:${file.name}`);
  say(`Opened ${file.name}`);
}

function wire(dashboard: DashboardView): void {
  $<HTMLInputElement>("#open-runs").addEventListener("change", (e) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (f !== undefined) void openFile(dashboard, f);
  });
  $<HTMLInputElement>("#import").addEventListener("change", async (e) => {
    const input = e.target as HTMLInputElement;
    const f = input.files?.[0];
    if (f !== undefined) await dashboard.importText(await f.text(), f.name);
    input.value = "";
  });
  $("#add-panel").addEventListener("click", () => dashboard.add().focusEditor());
  $("#export").addEventListener("click", async () => {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([await dashboard.exportText()], { type: "application/json" }));
    a.download = "qel-dashboard.json";
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
  $("#sample").addEventListener("click", () => open(dashboard, { kind: "sample" }, "sample"));
  document.addEventListener("dragover", (e) => {
    e.preventDefault();
    document.body.classList.add("dropping");
  });
  document.addEventListener("dragleave", () => document.body.classList.remove("dropping"));
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    document.body.classList.remove("dropping");
    const f = e.dataTransfer?.files[0];
    if (f !== undefined) void openFile(dashboard, f);
  });
  // An editor focused before the first results (a keyboard user starting at once) gets its language now.
  $("#panels").addEventListener("focusin", () => void dashboard.loadLanguage(), { once: true });
  window.addEventListener("beforeunload", () => dashboard.save());
}
