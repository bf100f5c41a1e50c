// The CLI's only contact with the terminal, passed in so commands can run inside tests.
export interface Io {
  cwd: string;
  stdout(chunk: string): void;
  stderr(chunk: string): void;
}

export function processIo(): Io {
  // `daemonless lint | head` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return {
    cwd: process.cwd(),
    stdout: (chunk) => void process.stdout.write(chunk),
    stderr: (chunk) => void process.stderr.write(chunk),
  };
}
