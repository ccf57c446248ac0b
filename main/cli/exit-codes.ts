/** Exit codes of the studio's commands (documented in README.md and --help). */
export const EXIT = {
  ok: 0,
  /** A bug: something the studio did not expect. */
  internal: 1,
  /** Bad command-line arguments. */
  usage: 2,
  /** The scene file is missing, not JSON, or invalid. */
  invalidScene: 3,
  /** The output folder cannot be used (exists with a dataset, not writable). */
  output: 4,
  /** The dataset given to inspect is damaged or incomplete (the message names the file). */
  damaged: 5,
  /** A program the job needs is missing (a browser to render cameras). */
  environment: 6,
  /** Stopped by Ctrl-C / SIGINT or SIGTERM; nothing is marked complete. */
  cancelled: 130,
} as const;

/** An expected failure: printed as one line, exits with `code`. */
export class CliError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const EXIT_CODES_HELP = `Exit codes:
  0    success
  1    internal error (a bug; please report it with --debug output)
  2    bad command-line arguments
  3    the scene file is missing, not JSON or invalid (the message names file, field and value)
  4    the output folder cannot be used
  5    the dataset is damaged or incomplete (inspect; the message names the file and the values)
  6    a program the job needs is missing (a browser to render cameras)
  130  cancelled (Ctrl-C); nothing is marked complete`;

/**
 * Runs a command's main function: expected errors print one line and exit
 * with their code; anything else is reported as an internal error, with the
 * stack only when --debug is given.
 */
export async function runCommand(name: string, main: (argv: string[]) => Promise<number>): Promise<void> {
  const argv = process.argv.slice(2);
  const debug = argv.includes('--debug');
  try {
    process.exitCode = await main(argv.filter((a) => a !== '--debug'));
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exitCode = error.code;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${name}: internal error: ${message.split('\n')[0]}${debug ? '' : ' (run again with --debug for details)'}\n`);
      if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      process.exitCode = EXIT.internal;
    }
  }
}
