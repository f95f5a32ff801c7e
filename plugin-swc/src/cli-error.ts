/** Errors the `swc` command reports to the user: what happened, why, and what to do. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export function formatCliError(error: unknown): { text: string; exitCode: number } {
  if (error instanceof CliError) return { text: `swc: error: ${error.message}\n  ${error.hint}\n`, exitCode: error.exitCode };
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { text: `swc: error: ${message}\n`, exitCode: 1 };
}
