/**
 * A local start that cannot go on, for a reason the user can act on: `npm start` prints its message
 * as one line (what failed, and what to do), never a stack trace.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Something else already listens where a part of the local runtime must. */
export function portTaken(what: string, port: number, remedy: string): StartupError {
  return new StartupError(`${what} cannot listen on 127.0.0.1:${port}: the port is taken by another program; ${remedy}`);
}

/** One line for why a start failed: a StartupError's own words, a taken port named by what needed it, else the error's first line. */
export function describeStartupFailure(error: unknown, ports: { apiPort: number; demoFormsPort?: number }): string {
  if (error instanceof StartupError) return error.message;
  const failure = error as NodeJS.ErrnoException & { port?: number };
  if (failure?.code === 'EADDRINUSE' && failure.port !== undefined) {
    if (failure.port === ports.apiPort) return portTaken('The API', failure.port, 'set PORT to a free port (PORT=0 picks one)').message;
    if (failure.port === ports.demoFormsPort) return portTaken("The demo's form site", failure.port, 'set DEMO_FORMS_PORT to a free port (0 picks one), or stop the program using it').message;
    return portTaken('A local endpoint', failure.port, 'stop the program using it').message;
  }
  if (error instanceof Error) return `${error.name}: ${error.message.split('\n')[0]}`;
  return String(error);
}
