// VS Code answers a configuration request with every setting's default filled in, so the server
// could not tell a default from a value the user set. `daemonless.maxFileSize` is the one whose default
// would override the folder's .daemonless.json (the other defaults, {}, [] and "", leave it in place),
// so it is left out of the answer unless the user set it at some level.

/** The levels of `WorkspaceConfiguration.inspect` at which a user may have set a value. */
export interface InspectedSetting {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
  globalLanguageValue?: unknown;
  workspaceLanguageValue?: unknown;
  workspaceFolderLanguageValue?: unknown;
}

export function isUserSet(inspected: InspectedSetting | undefined): boolean {
  if (!inspected) return false;
  return [
    inspected.globalValue,
    inspected.workspaceValue,
    inspected.workspaceFolderValue,
    inspected.globalLanguageValue,
    inspected.workspaceLanguageValue,
    inspected.workspaceFolderLanguageValue,
  ].some((v) => v !== undefined);
}

/** The `daemonless` section as the server should see it, given how `maxFileSize` was set. */
export function userSetOnly(section: Record<string, unknown>, maxFileSize: InspectedSetting | undefined): Record<string, unknown> {
  if (isUserSet(maxFileSize)) return section;
  const { maxFileSize: _default, ...rest } = section;
  return rest;
}
