// VS Code answers a configuration request with every setting's default filled in, so the server
// could not tell a default from a value the user set. The numeric limits are the settings whose
// default would override the folder's .daemonless.json (the other defaults, {}, [] and "", leave it
// in place), so each is left out of the answer unless the user set it at some level.

/** The `daemonless.*` settings that are sent to the server only when the user set them. */
export const USER_SET_ONLY = ['maxFileSize', 'maxNestingDepth', 'maxScriptLength', 'timeBudgetMs'] as const;

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

/** The `daemonless` section as the server should see it, given how each of USER_SET_ONLY was set. */
export function userSetOnly(section: Record<string, unknown>, inspect: (key: string) => InspectedSetting | undefined): Record<string, unknown> {
  const kept = { ...section };
  for (const key of USER_SET_ONLY) if (!isUserSet(inspect(key))) delete kept[key];
  return kept;
}
