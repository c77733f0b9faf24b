/**
 * The dashboard: the grid of panels with add, remove, duplicate and reorder; saved to localStorage on every change
 * (per runs source); exported and imported as one JSON file of saved-panel documents. Storage and the editors'
 * language come with the language modules (language.ts): loaded at once when a saved dashboard must be read, else
 * after the first panels show their results.
 */
import type { QelEnv } from "@qel/codemirror";
import { hasSaved, newPanelId, starterPanels, type PanelSpec } from "../dashboard/panels.js";
import { savedAsWritten } from "../dashboard/saved.js";
import type { Evaluator } from "../evaluator.js";
import { languageLoaded, loadLanguage, type LanguageModules } from "../language.js";
import type { LoadedInfo } from "../worker/model.js";
import { PanelView, type PanelHost } from "./panel-view.js";

export class DashboardView implements PanelHost {
  readonly #grid: HTMLElement;
  #panels: PanelView[] = [];
  #env: QelEnv = {};
  #source = "sample";
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #waiting = new Set<PanelView>();
  /** A change waits to be saved until the language is loaded. */
  #savePending = false;
  /** Called once when every panel shown at start has its first outcome. */
  onFirstResults: (() => void) | null = null;

  constructor(grid: HTMLElement, readonly evaluator: Evaluator, readonly say: (text: string) => void) {
    this.#grid = grid;
  }

  /** Settles when the panels saved for the current source are shown (or there were none). */
  restored: Promise<void> = Promise.resolve();

  env(): QelEnv {
    return this.#env;
  }

  language(): LanguageModules | null {
    return languageLoaded();
  }

  /** Loads the language modules and gives every editor the qel language. */
  loadLanguage(): Promise<LanguageModules> {
    return loadLanguage().then((m) => {
      for (const p of this.#panels) p.attachLanguage(m);
      if (this.#savePending) this.save();
      return m;
    });
  }

  /**
   * Shows the saved panels of `source`; none (until openStarter) when nothing was saved for it. Panels saved by
   * the current language version are shown at once; others wait for the language to migrate them.
   */
  openSaved(source: string): Promise<void> {
    this.#source = source;
    const asWritten = savedAsWritten(source);
    this.#show(asWritten ?? []);
    if (asWritten !== null || !hasSaved(source)) return (this.restored = Promise.resolve());
    this.restored = this.loadLanguage().then((m) => {
      if (this.#source === source) this.#show(m.storage.restore(source) ?? []);
    });
    return this.restored;
  }

  /** The starter panels for freshly loaded runs (when nothing was saved for them). */
  openStarter(info: LoadedInfo): void {
    this.#show(starterPanels(info));
    this.changed();
  }

  get panelCount(): number {
    return this.#panels.length;
  }

  setEnv(env: QelEnv): void {
    this.#env = env;
    for (const p of this.#panels) p.setEnv(env);
  }

  #show(specs: readonly PanelSpec[]): void {
    for (const p of this.#panels) p.destroy();
    this.#panels = specs.map((s) => new PanelView(s, this));
    this.#grid.replaceChildren(...this.#panels.map((p) => p.root));
    this.#waiting = new Set(this.#panels);
    for (const p of this.#panels) p.run();
  }

  settled(p: PanelView): void {
    if (!this.#waiting.delete(p) || this.#waiting.size > 0) return;
    this.onFirstResults?.();
    this.onFirstResults = null;
  }

  changed(): void {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => this.save(), 200);
  }

  /** Saves now when the language is loaded, else once it is (loading it is not worth delaying the first results). */
  save(): void {
    clearTimeout(this.#saveTimer);
    const m = languageLoaded();
    this.#savePending = m === null;
    m?.storage.store(this.#source, "Dashboard", this.#panels.map((p) => p.spec));
  }

  add(spec: Omit<PanelSpec, "id"> = { title: `Panel ${this.#panels.length + 1}`, expr: "runs.count", view: "auto" }, at = this.#panels.length): PanelView {
    const p = new PanelView({ ...spec, id: newPanelId() }, this);
    this.#panels.splice(at, 0, p);
    this.#grid.insertBefore(p.root, this.#grid.children[at] ?? null);
    p.run();
    this.changed();
    return p;
  }

  duplicate(p: PanelView): void {
    const i = this.#panels.indexOf(p);
    const copy = this.add({ title: `${p.spec.title} (copy)`, expr: p.spec.expr, view: p.spec.view }, i + 1);
    copy.focusEditor();
    this.say(`Duplicated ${p.spec.title}`);
  }

  move(p: PanelView, by: number): void {
    const i = this.#panels.indexOf(p);
    const j = i + by;
    if (j < 0 || j >= this.#panels.length) return;
    this.#panels.splice(i, 1);
    this.#panels.splice(j, 0, p);
    this.#grid.insertBefore(p.root, this.#panels[j + 1]?.root ?? null);
    p.root.querySelector<HTMLButtonElement>(by < 0 ? "button[aria-label='Move panel earlier']" : "button[aria-label='Move panel later']")?.focus();
    this.say(`Moved ${p.spec.title} to position ${j + 1}`);
    this.changed();
  }

  remove(p: PanelView): void {
    const i = this.#panels.indexOf(p);
    this.#panels.splice(i, 1);
    this.#waiting.delete(p);
    p.destroy();
    this.say(`Removed ${p.spec.title}`);
    this.changed();
  }

  /** The dashboard as the text of a JSON file. */
  async exportText(): Promise<string> {
    const m = await this.loadLanguage();
    return `${JSON.stringify(m.storage.dashboardFile("Dashboard", this.#panels.map((p) => p.spec)), null, 2)}\n`;
  }

  /** Replaces the panels with a dashboard file's; says what was migrated, or what is wrong with the file. */
  async importText(text: string, fileName: string): Promise<boolean> {
    const m = await this.loadLanguage();
    const r = m.storage.readDashboardFile(text, fileName);
    if (r instanceof Error) {
      this.say(`Import failed: ${r.message}`);
      return false;
    }
    this.#show(r.panels.map(m.storage.panelFromDocument));
    this.save();
    this.say([`Imported ${r.panels.length} panels from ${fileName}.`, ...r.notes].join("\n"));
    return true;
  }
}
