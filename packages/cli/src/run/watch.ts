import { existsSync, watch, type FSWatcher } from "node:fs";
import path from "node:path";
import { buildProject } from "../build/build.ts";
import { loadProject, PROJECT_FILE } from "../build/project.ts";

/** What `run --watch` keeps an eye on for one module. */
interface WatchedModule {
  readonly module: string;
  /** The filter project that builds this module, when there is one (its sources are watched and rebuilt). */
  readonly projectDir: string | null;
}

export interface ModuleWatcherEvents {
  /** A project is being rebuilt after a source change. */
  rebuilding(projectDir: string): void;
  /** A rebuild failed; Envoy keeps running the previous module. */
  rebuildFailed(projectDir: string, error: Error): void;
  /** The modules changed (rebuilt, or written by someone else): reload Envoy. */
  reload(): Promise<void>;
}

/**
 * Watches each module and, when the module was built from a project
 * (`envoyscript.json` above it lists it), that project's AssemblyScript
 * sources: a source change rebuilds the project, then Envoy reloads; a module
 * written by an outside build reloads Envoy directly. Bursts of events are
 * coalesced, and one reload runs at a time.
 */
export function watchModules(modules: readonly string[], events: ModuleWatcherEvents): { close(): void } {
  const watched = modules.map((module): WatchedModule => ({ module, projectDir: owningProject(module) }));
  const dirtyProjects = new Set<string>();
  let moduleChanged = false;
  let pending: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  let building = false;

  const settle = () => {
    clearTimeout(pending);
    // Editors and builds write in several steps: act once the writes settle.
    pending = setTimeout(() => {
      running = running.then(flush).catch(() => undefined);
    }, 300);
  };

  const flush = async () => {
    const projects = [...dirtyProjects];
    dirtyProjects.clear();
    let rebuilt = false;
    for (const projectDir of projects) {
      events.rebuilding(projectDir);
      building = true;
      try {
        await buildProject(projectDir, ["release"]);
        rebuilt = true;
      } catch (error) {
        events.rebuildFailed(projectDir, error as Error);
      } finally {
        building = false;
      }
    }
    if (rebuilt || moduleChanged) {
      moduleChanged = false;
      await events.reload();
    }
  };

  const watchers: FSWatcher[] = [];
  for (const entry of watched) {
    watchers.push(
      watch(entry.module, () => {
        // Our own rebuild writes the module too; that reload is already coming.
        if (building) return;
        moduleChanged = true;
        settle();
      }),
    );
    if (entry.projectDir) {
      const sources = path.join(entry.projectDir, "assembly");
      if (existsSync(sources)) {
        watchers.push(
          watch(sources, { recursive: true }, (_event, file) => {
            if (file && !String(file).endsWith(".ts")) return;
            dirtyProjects.add(entry.projectDir!);
            settle();
          }),
        );
      }
    }
  }
  return {
    close() {
      clearTimeout(pending);
      for (const watcher of watchers) watcher.close();
    },
  };
}

/** The project folder whose envoyscript.json builds `module`, or null. */
function owningProject(module: string): string | null {
  for (let dir = path.dirname(path.resolve(module)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, PROJECT_FILE))) {
      try {
        const builds = loadProject(dir).some((spec) => spec.releaseFile === path.resolve(module) || spec.debugFile === path.resolve(module));
        return builds ? dir : null;
      } catch {
        return null;
      }
    }
    if (path.dirname(dir) === dir) return null;
  }
}
