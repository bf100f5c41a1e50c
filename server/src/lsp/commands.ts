// Command ids shared by the server's entry (which advertises them before the engine is loaded), the
// code actions that name them and the VS Code extension that implements the client-side ones.

/** Server-side command (any LSP client): explains a refused rewrite with window/showMessage. */
export const EXPLAIN_REFUSAL_COMMAND = 'daemonless.explainRewriteRefusal';
/** The VS Code extension's own command: every reason in a Markdown preview with a link to the docs. */
export const SHOW_REFUSAL_CLIENT_COMMAND = 'daemonless.showRewriteRefusal';

/** Server-side command: shows an applied rewrite's notes with window/showMessage (run by the client after the edit). */
export const SHOW_NOTES_COMMAND = 'daemonless.showRewriteNotes';

/** Commands the server runs through workspace/executeCommand. */
export const SERVER_COMMANDS = [EXPLAIN_REFUSAL_COMMAND, SHOW_NOTES_COMMAND];

/** The argument of SHOW_NOTES_COMMAND. */
export interface AppliedNotes {
  title: string;
  notes: string[];
}

export function isAppliedNotes(value: unknown): value is AppliedNotes {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.title === 'string' && Array.isArray(v.notes) && v.notes.every((n) => typeof n === 'string');
}

/** The notes as one plain-text message (window/showMessage shows no Markdown). */
export function appliedNotesMessage(applied: AppliedNotes): string {
  return [`${applied.title}: applied. Check what changed:`, ...applied.notes.map((n) => `- ${n}`)].join('\n');
}

/** What a client puts in initializationOptions to say which of the client-side commands it runs. */
export interface InitializationOptions {
  clientCommands?: string[];
}

export function clientCommands(options: unknown): string[] {
  const list = (options as InitializationOptions | null | undefined)?.clientCommands;
  return Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string') : [];
}
