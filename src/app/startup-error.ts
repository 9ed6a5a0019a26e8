/**
 * Something the operator must fix before a command can run (a port in use, a data directory
 * that is a file, the wrong secret key): the CLI prints the message as one line and exits 2.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
