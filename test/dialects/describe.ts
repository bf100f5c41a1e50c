// Workloads of a small file written as lines, for the dialects' table tests: what rules will see.
import { classify } from '../../server/src/engine/classify.js';
import { dialectsFor } from '../../server/src/engine/dialects/index.js';
import type { Container, Workload } from '../../server/src/engine/model/workload.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';
import type { FileKind } from '../../server/src/engine/types.js';

export interface Described {
  kind: FileKind;
  /** `dialect kind name scope [template] [rewrite] | role:name:image[<origin] … | scripts: section@role…`. */
  workloads: string[];
  globalEnv: string[];
  /** Each workload's facts: `name: fact=text …`, where text is the source the fact's range covers. */
  facts: string[];
}

function containerFacts(text: string, c: Container): string[] {
  const at = (r: { start: number; end: number }) => JSON.stringify(text.slice(r.start, r.end));
  const who = c.name ?? c.role;
  const out: string[] = [];
  if (c.privileged) out.push(`${who}.privileged=${at(c.privileged.range)}`);
  for (const m of c.bindMounts) out.push(`${who}.bind=${at(m.range)}`);
  if (c.runnerSocket) out.push(`${who}.runner-socket=${at(c.runnerSocket.range)}`);
  for (const n of c.hostNamespaces ?? []) out.push(`${who}.host-${n.value}=${at(n.range)}`);
  for (const cap of c.capabilitiesAdd) out.push(`${who}.cap=${at(cap.range)}`);
  if (c.runtimeOptions) out.push(`${who}.options=${at(c.runtimeOptions.range)}`);
  if (c.daemon) out.push(`${who}.daemon=${at(c.daemon.range)}`);
  return out;
}

function workloadFacts(text: string, w: Workload): string {
  const out: string[] = [];
  if (w.noun) out.push(`noun=${w.noun}`);
  if (w.hostDaemon) out.push(`hostDaemon=${JSON.stringify(text.slice(w.hostDaemon.range.start, w.hostDaemon.range.end))}`);
  for (const r of w.runner) out.push(`runner=${r.value}`);
  for (const u of w.unresolved) out.push(`unresolved=${u}`);
  for (const c of w.containers) out.push(...containerFacts(text, c));
  for (const s of w.scripts) out.push(`script=${JSON.stringify(s.text)}`);
  return `${w.name ?? '-'}: ${out.join(' ')}`;
}

export function describeFile(path: string, text: string): Described {
  const file = new ParsedFile({ path, text }, classify(path, text));
  const workloads: string[] = [];
  const globalEnv: string[] = [];
  const facts: string[] = [];
  for (const dialect of dialectsFor(file.kind)) {
    const result = dialect.workloads(file);
    globalEnv.push(...result.globalEnv.map((v) => `${v.name}=${v.value ?? ''}`));
    for (const w of result.workloads) {
      const head = [w.dialect, w.kind, w.name ?? '-', w.scope, ...(w.template ? ['template'] : []), ...(w.rewrite ? ['rewrite'] : [])];
      const containers = w.containers.map((c) => `${c.role}:${c.name ?? ''}:${c.image?.value ?? ''}${c.origin ? `<${c.origin}` : ''}`);
      const scripts = w.scripts.map((s) => `${s.section}@${s.runsIn.role}`);
      workloads.push(`${head.join(' ')} | ${containers.join(' ')} | ${scripts.join(' ')}`);
      facts.push(workloadFacts(text, w));
    }
  }
  return { kind: file.kind, workloads, globalEnv, facts };
}
