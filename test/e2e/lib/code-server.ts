// Starts a fresh code-server on 127.0.0.1 (random port) with its own extension, user-data and XDG dirs.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerBin, fixturesDir, node24Bin } from './env.js';
import { waitUntil } from './wait.js';

export interface CodeServer {
  port: number;
  pid: number;
  runDir: string;
  workspace: string;
  logPath: string;
  /** http://127.0.0.1:PORT/?folder=<workspace>[&payload=...] */
  url(openFiles?: string[]): string;
  /** vscode-remote URI of a workspace file, for the `openFile` payload. */
  remoteUri(relative: string): string;
  log(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Folder under test/e2e/fixtures copied into the run's fresh workspace. */
  fixture: string;
  extensions: string[];
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  keybindings?: { key: string; command: string; args?: unknown; when?: string }[];
}

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'workbench.editor.enablePreview': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export function makeRunDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `daemonless-e2e-${label}-`));
}

function withNode24(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, PATH: `${node24Bin}:${env.PATH ?? ''}` };
}

export async function startCodeServer(runDir: string, options: StartOptions): Promise<CodeServer> {
  const workspace = join(runDir, 'workspace');
  cpSync(join(fixturesDir, options.fixture), workspace, { recursive: true });
  const dirs = {
    extensions: join(runDir, 'extensions'),
    userData: join(runDir, 'user-data'),
    config: join(runDir, 'xdg-config'),
    data: join(runDir, 'xdg-data'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...options.settings }, null, 2));
  if (options.keybindings) writeFileSync(join(dirs.userData, 'User', 'keybindings.json'), JSON.stringify(options.keybindings, null, 2));

  const env = withNode24({ ...process.env, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, ...options.env });
  const common = ['--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData];
  for (const vsix of options.extensions) {
    execFileSync(codeServerBin, [...common, '--install-extension', vsix], { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  }

  const logPath = join(runDir, 'code-server.log');
  const logStream = createWriteStream(logPath);
  // Own process group, so stopping it also ends the extension hosts and language servers it started.
  const child: ChildProcess = spawn(
    codeServerBin,
    [
      ...common,
      '--bind-addr', '127.0.0.1:0',
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--reconnection-grace-time', '5',
      workspace,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let exited: string | undefined;
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    logStream.write(chunk);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  child.on('exit', (code, signal) => {
    exited = `code-server exited (${signal ?? code})`;
  });
  const pid = child.pid!;

  const stop = async () => {
    if (exited === undefined) {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // already gone
      }
      try {
        await waitUntil(() => exited !== undefined, 'code-server to exit', 10_000, 50);
      } catch {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    // Stray members of the group (extension host, language server) may outlive the leader briefly.
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // none left
    }
    logStream.end();
  };

  let port: number;
  try {
    port = await waitUntil(
      () => {
        if (exited) throw new Error(`${exited} before listening:\n${output.slice(-2000)}`);
        const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
        return m ? Number(m[1]) : undefined;
      },
      'code-server to listen',
      60_000,
    );
  } catch (err) {
    await stop();
    throw err;
  }

  const remoteUri = (relative: string) => `vscode-remote://127.0.0.1:${port}${join(workspace, relative)}`;
  return {
    port,
    pid,
    runDir,
    workspace,
    logPath,
    url(openFiles = []) {
      let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
      if (openFiles.length > 0) {
        const payload = openFiles.map((f) => ['openFile', remoteUri(f)]);
        url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      }
      return url;
    },
    remoteUri,
    log: () => readFileSync(logPath, 'utf8'),
    stop,
  };
}
