// The esbuild options every bundle of this repository uses: the shipped bundles (esbuild.mjs) and the
// benchmark's subjects (test/bench/lib/setup.mjs), so the benchmark measures what ships.
export const bundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // No `module` condition: vscode-languageserver-types/-textdocument would resolve to their ESM builds,
  // whose namespace getters make every Range/Position call in dockerfile-ast slower than the CJS build.
  conditions: [],
  sourcemap: true,
};
