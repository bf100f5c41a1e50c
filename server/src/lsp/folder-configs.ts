// Per workspace folder: its `.daemonless.json` (read from disk, checked by the reader the CLI uses),
// the user's settings for that folder, and the options analysis uses there. A file outside every
// folder gets the settings alone. Problems in a config file are published as diagnostics on it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { LineIndex } from '../engine/index.js';
import { CONFIG_FILE_NAME, parseProjectConfig, type ProjectConfig } from '../config/project-config.js';
import { SOURCE } from './diagnostics.js';
import { pathToUri, relativeInside } from './paths.js';
import { DEFAULT_SETTINGS, folderOptions, type FolderOptions, type Settings } from './settings.js';

export interface FolderConfig {
  /** The folder's path, or undefined for files outside every folder. */
  folder: string | undefined;
  settings: Settings;
  config: ProjectConfig;
  options: FolderOptions;
}

interface Folder extends FolderConfig {
  folder: string;
  configPath: string;
  /** Whether the config file was read yet. */
  read: boolean;
  /** What the last read found: the file's text, its read error, or undefined when there is none. */
  found: string | undefined;
  /** Whether diagnostics are published on the config file (so that they get cleared). */
  published: boolean;
}

export interface FolderConfigHost {
  publish(uri: string, diagnostics: Diagnostic[]): void;
  log(message: string): void;
}

const NO_CONFIG: ProjectConfig = { rules: {}, exclude: [] };

export class FolderConfigs {
  private readonly byPath = new Map<string, Folder>();
  private readonly outside: FolderConfig = {
    folder: undefined,
    settings: DEFAULT_SETTINGS,
    config: NO_CONFIG,
    options: folderOptions(NO_CONFIG, DEFAULT_SETTINGS),
  };

  constructor(private readonly host: FolderConfigHost) {}

  folders(): string[] {
    return [...this.byPath.keys()];
  }

  /** Keeps the state of folders still present; a new folder starts with default settings and no file read yet. */
  setFolders(paths: readonly string[]): void {
    const keep = new Set(paths);
    for (const [path, folder] of this.byPath) {
      if (keep.has(path)) continue;
      if (folder.published) this.host.publish(pathToUri(folder.configPath), []);
      this.byPath.delete(path);
    }
    for (const path of paths) {
      if (this.byPath.has(path)) continue;
      this.byPath.set(path, {
        folder: path,
        configPath: join(path, CONFIG_FILE_NAME),
        read: false,
        found: undefined,
        published: false,
        settings: this.outside.settings,
        config: NO_CONFIG,
        options: folderOptions(NO_CONFIG, this.outside.settings),
      });
    }
  }

  /** The settings of one folder, or (folder undefined) of files outside every folder. */
  setSettings(folder: string | undefined, settings: Settings): void {
    const target = folder === undefined ? this.outside : this.byPath.get(folder);
    if (!target) return;
    target.settings = settings;
    target.options = folderOptions(target.config, settings);
  }

  /** The innermost folder holding `path`, or the state for files outside every folder. */
  forPath(path: string | undefined): FolderConfig {
    let best: Folder | undefined;
    if (path !== undefined) {
      for (const folder of this.byPath.values()) {
        if (path !== folder.folder && relativeInside(folder.folder, path) === undefined) continue;
        if (!best || folder.folder.length > best.folder.length) best = folder;
      }
    }
    return best ?? this.outside;
  }

  /** The folder whose config file this is, if it is one. */
  folderOfConfig(path: string): string | undefined {
    for (const folder of this.byPath.values()) if (folder.configPath === path) return folder.folder;
    return undefined;
  }

  /** Re-reads every folder's config file; true when any of them changed. */
  reloadAll(): boolean {
    let changed = false;
    for (const folder of this.byPath.keys()) changed = this.reload(folder) || changed;
    return changed;
  }

  /**
   * Re-reads one folder's config file and publishes its problems; true when its text changed. An
   * invalid file is not applied: the folder falls back to the defaults under the user's settings.
   */
  reload(path: string): boolean {
    const folder = this.byPath.get(path);
    if (!folder) return false;
    let text: string | undefined;
    let readError: string | undefined;
    try {
      text = readFileSync(folder.configPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') readError = (error as Error).message;
    }
    const found = readError === undefined ? text : `\0${readError}`;
    if (folder.read && found === folder.found) return false;
    folder.read = true;
    folder.found = found;
    const uri = pathToUri(folder.configPath);
    let diagnostics: Diagnostic[] = [];
    if (readError !== undefined) {
      folder.config = NO_CONFIG;
      diagnostics = [this.diagnostic({ line: 0, character: 0 }, { line: 0, character: 0 }, `cannot read ${CONFIG_FILE_NAME}: ${readError}`)];
    } else if (text === undefined) {
      folder.config = NO_CONFIG;
    } else {
      const { config, problems } = parseProjectConfig(text);
      folder.config = config;
      const lines = new LineIndex(text);
      diagnostics = problems.map((p) =>
        this.diagnostic(lines.positionAt(p.start), lines.positionAt(p.end), `${p.message}; ${CONFIG_FILE_NAME} is not applied until this is fixed`),
      );
    }
    folder.options = folderOptions(folder.config, folder.settings);
    if (diagnostics.length > 0) this.host.log(`${folder.configPath} is not applied: ${diagnostics.map((d) => d.message).join('; ')}`);
    else if (text !== undefined) this.host.log(`${folder.configPath} applies to ${folder.folder}`);
    if (diagnostics.length > 0 || folder.published) this.host.publish(uri, diagnostics);
    folder.published = diagnostics.length > 0;
    return true;
  }

  private diagnostic(start: Diagnostic['range']['start'], end: Diagnostic['range']['end'], message: string): Diagnostic {
    return { range: { start, end }, severity: DiagnosticSeverity.Error, source: SOURCE, message };
  }
}
