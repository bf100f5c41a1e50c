// Bundled (vscode external) into one CommonJS file: `runAll` for the code-server harness,
// `run` for @vscode/test-electron's extensionTestsPath.
import './cases.js';

export { caseNames, run, runAll } from './framework.js';
