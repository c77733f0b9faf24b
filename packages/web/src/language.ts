/**
 * The page's side of @qel/lang, loaded on demand: the editors' services (@qel/codemirror) and the dashboard's
 * storage (saved-panel documents and their migrations). The first panels need neither (the worker evaluates them
 * with its own copy of the language), so the page shows them first and loads this chunk after, or as soon as a
 * saved dashboard must be read, a file imported or an editor focused. The chunk is the one the worker loads too.
 */
import type { useMigrations } from "./dashboard/documents.js";

export interface LanguageModules {
  readonly storage: typeof import("./dashboard/storage.js");
  readonly services: typeof import("./ui/editor-services.js");
}

let loading: Promise<LanguageModules> | null = null;
let loaded: LanguageModules | null = null;

/** The language modules when they are loaded, else null. */
export function languageLoaded(): LanguageModules | null {
  return loaded;
}

/** Loads the language modules (once). */
export function loadLanguage(): Promise<LanguageModules> {
  loading ??= Promise.all([import("./dashboard/storage.js"), import("./ui/editor-services.js")]).then(([storage, services]) => {
    // A migration table given by the browser tests (no language change needs one yet).
    const testMigrations = (window as { qelTestMigrations?: Parameters<typeof useMigrations>[0] }).qelTestMigrations;
    if (testMigrations !== undefined) storage.useMigrations(testMigrations);
    loaded = { storage, services };
    return loaded;
  });
  return loading;
}
