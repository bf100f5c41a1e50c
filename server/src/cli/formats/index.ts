// Every output format of `daemonless lint`, by the name `--format` takes.
import { codeQualityReporter } from './codequality.js';
import { githubReporter } from './github.js';
import { jsonReporter } from './json.js';
import type { Reporter, ReporterContext } from './report.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';

export const REPORTERS = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  codequality: codeQualityReporter,
  github: githubReporter,
} satisfies Record<string, (ctx: ReporterContext) => Reporter>;

export type FormatName = keyof typeof REPORTERS;
export const FORMAT_NAMES = Object.keys(REPORTERS) as FormatName[];
