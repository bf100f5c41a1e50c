// The CLI's only contact with the terminal, passed in so commands can run inside tests.
export interface Io {
  cwd: string;
  stdout(chunk: string): void;
  stderr(chunk: string): void;
}

export function processIo(): Io {
  return {
    cwd: process.cwd(),
    stdout: (chunk) => void process.stdout.write(chunk),
    stderr: (chunk) => void process.stderr.write(chunk),
  };
}
