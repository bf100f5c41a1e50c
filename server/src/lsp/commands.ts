// Command ids shared by the server's entry (which advertises them before the engine is loaded), the
// code actions that name them and the VS Code extension that implements the client-side ones.

/** Server-side command (any LSP client): explains a refused rewrite with window/showMessage. */
export const EXPLAIN_REFUSAL_COMMAND = 'daemonless.explainRewriteRefusal';
/** The VS Code extension's own command: every reason in a Markdown preview with a link to the docs. */
export const SHOW_REFUSAL_CLIENT_COMMAND = 'daemonless.showRewriteRefusal';

/** Commands the server runs through workspace/executeCommand. */
export const SERVER_COMMANDS = [EXPLAIN_REFUSAL_COMMAND];

/** What a client puts in initializationOptions to say which of the client-side commands it runs. */
export interface InitializationOptions {
  clientCommands?: string[];
}

export function clientCommands(options: unknown): string[] {
  const list = (options as InitializationOptions | null | undefined)?.clientCommands;
  return Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string') : [];
}
