// A minimal LSP client over stdio (Content-Length framing), the same for every server measured.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export class LspClient {
  constructor(command, args, { cwd, env } = {}) {
    this.spawnedAt = process.hrtime.bigint();
    this.child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.pid = this.child.pid;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Map();
    this.buffer = Buffer.alloc(0);
    this.stderr = '';
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    this.child.stdout.on('data', (chunk) => this.onData(chunk));
    this.child.stderr.on('data', (chunk) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.child.stdin.on('error', () => {});
    this.child.on('exit', () => {
      for (const { reject } of this.pending.values()) reject(new Error(`server exited; stderr: ${this.stderr.slice(-500)}`));
      this.pending.clear();
    });
  }

  onData(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /Content-Length:\s*(\d+)/i.exec(header);
      if (!match) throw new Error(`bad header: ${header}`);
      const length = Number(match[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body), process.hrtime.bigint());
    }
  }

  dispatch(msg, at) {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${msg.error.code}: ${msg.error.message}`));
      else p.resolve(msg.result);
      return;
    }
    if (msg.id !== undefined) {
      // A request from the server: answer what a plain editor would.
      let result = null;
      if (msg.method === 'workspace/configuration') result = (msg.params?.items ?? []).map(() => null);
      if (msg.method === 'workspace/workspaceFolders') result = this.workspaceFolders ?? null;
      this.send({ jsonrpc: '2.0', id: msg.id, result });
      return;
    }
    for (const fn of this.listeners.get(msg.method) ?? []) fn(msg.params, at);
  }

  send(msg) {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  on(method, fn) {
    if (!this.listeners.has(method)) this.listeners.set(method, []);
    this.listeners.get(method).push(fn);
  }

  /** initialize + initialized; returns ms from spawn to the initialize response. */
  async initialize(workspaceFolders = null) {
    this.workspaceFolders = workspaceFolders;
    await this.request('initialize', {
      processId: process.pid,
      rootUri: workspaceFolders?.[0]?.uri ?? null,
      workspaceFolders,
      capabilities: {
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: false }, synchronization: { dynamicRegistration: false } },
        workspace: { workspaceFolders: true, configuration: true },
        window: { workDoneProgress: false },
      },
      initializationOptions: {},
    });
    const ms = Number(process.hrtime.bigint() - this.spawnedAt) / 1e6;
    this.notify('initialized', {});
    return ms;
  }

  /** VmHWM (peak RSS) of the server process in MiB, or NaN when /proc is unavailable. */
  peakRssMiB() {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const m = /VmHWM:\s*(\d+)\s*kB/.exec(status);
      return m ? Number(m[1]) / 1024 : NaN;
    } catch {
      return NaN;
    }
  }

  async close() {
    const timeout = (ms) => new Promise((r) => setTimeout(r, ms, 'timeout'));
    try {
      await Promise.race([this.request('shutdown', null), timeout(2000)]);
      this.notify('exit', null);
    } catch {
      // already gone
    }
    if ((await Promise.race([this.exited, timeout(2000)])) === 'timeout') this.child.kill('SIGKILL');
    await this.exited;
  }
}

export const fileUri = (path) => pathToFileURL(path).href;

/**
 * Tracks publishDiagnostics for one uri. waitFor(version) resolves with the receive time of the
 * publish for that version (or, when the server sends no version, of the next publish).
 */
export class PublishTracker {
  constructor(client, uri) {
    this.uri = uri;
    this.byVersion = new Map();
    this.unversioned = 0;
    this.total = 0;
    this.waiters = [];
    client.on('textDocument/publishDiagnostics', (params, at) => {
      if (params.uri !== uri) return;
      this.total++;
      const v = params.version;
      if (v === undefined || v === null) this.unversioned++;
      else this.byVersion.set(v, (this.byVersion.get(v) ?? 0) + 1);
      this.last = { version: v, at, count: params.diagnostics.length };
      const still = [];
      for (const w of this.waiters) {
        if (v === undefined || v === null || v >= w.version) w.resolve({ at, count: params.diagnostics.length, version: v });
        else still.push(w);
      }
      this.waiters = still;
    });
  }

  waitFor(version, timeoutMs = 30000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no publishDiagnostics for version ${version} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ version, resolve: (x) => { clearTimeout(timer); resolve(x); } });
    });
  }

  /** Versions (of those expected) that did not get exactly one publish. */
  badVersions(versions) {
    if (this.unversioned > 0) return versions.filter(() => false);
    return versions.filter((v) => this.byVersion.get(v) !== 1);
  }
}
