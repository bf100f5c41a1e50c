// SARIF 2.1.0: one run, every known rule described in tool.driver.rules, 1-based regions in UTF-16
// code units (columnKind), artifact URIs relative to %SRCROOT% (the current folder).
import { pathToFileURL } from 'node:url';
import type { Severity } from '../../engine/index.js';
import { packageInfo, ruleHelpUri } from '../package-info.js';
import type { FindingRecord, Reporter, ReporterContext } from './report.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function relativeUri(path: string): string {
  return path.split('/').map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment))).join('/');
}

export function sarifReporter(ctx: ReporterContext): Reporter {
  const ruleIndex = new Map(ctx.rules.map((r, i) => [r.id, i]));
  const results: string[] = [];
  return {
    file(path: string, findings: readonly FindingRecord[]) {
      const uri = relativeUri(path);
      for (const f of findings) {
        results.push(
          JSON.stringify({
            ruleId: f.ruleId,
            ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
            level: sarifLevel(f.severity),
            message: { text: f.message },
            // SARIF's own field for a result suppressed in the source; the pragma's tool is a property.
            ...(f.suppressedBy ? { suppressions: [{ kind: 'inSource', properties: { suppressedBy: f.suppressedBy } }] } : {}),
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
                  region: {
                    startLine: f.start.line + 1,
                    startColumn: f.start.character + 1,
                    endLine: f.end.line + 1,
                    endColumn: f.end.character + 1,
                  },
                },
              },
            ],
          }),
        );
      }
    },
    end() {
      const root = pathToFileURL(ctx.cwd).href;
      const run = {
        tool: {
          driver: {
            name: 'daemonless',
            version: ctx.version,
            semanticVersion: ctx.version,
            informationUri: packageInfo().homepage,
            rules: ctx.rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.docs.description },
              helpUri: ruleHelpUri(r.id),
              defaultConfiguration: { level: sarifLevel(r.severity), ...(r.defaultOff ? { enabled: false } : {}) },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: root.endsWith('/') ? root : root + '/' } },
        columnKind: 'utf16CodeUnits',
        results: [] as unknown[],
      };
      const head = JSON.stringify({ $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] }, null, 2);
      // Results are kept as small serialized strings while streaming and spliced in at the end.
      const marker = '"results": []';
      const at = head.lastIndexOf(marker);
      const body = results.length === 0 ? '"results": []' : `"results": [\n${results.join(',\n')}\n]`;
      ctx.write(head.slice(0, at) + body + head.slice(at + marker.length) + '\n');
    },
  };
}
