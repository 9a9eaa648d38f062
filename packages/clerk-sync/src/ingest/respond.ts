import { ClerkSyncError, describeError } from "../errors/index.js";
import type { Logger } from "../logging.js";

/** The one place a webhook request's outcome becomes an HTTP response. */
export function acceptedResponse(id: string, duplicate: boolean): Response {
  return Response.json({ received: true, id, duplicate }, { status: 200 });
}

export function errorResponse(error: unknown, logger: Logger): Response {
  const known =
    error instanceof ClerkSyncError
      ? error
      : new ClerkSyncError("LEDGER_UNAVAILABLE", "The delivery could not be recorded.", {
          cause: error,
          suggestion: "Check that the database is reachable; Svix will retry the delivery.",
        });
  if (known.status >= 500) {
    logger.error(`clerk-sync: webhook rejected with ${known.status}: ${known.message}`, {
      code: known.code,
      suggestion: known.suggestion,
      ...(known.cause === undefined ? {} : { cause: describeCause(known.cause) }),
    });
  } else {
    logger.warn(`clerk-sync: webhook rejected with ${known.status}: ${known.message}`, {
      code: known.code,
    });
  }
  const headers = known.code === "METHOD_NOT_ALLOWED" ? { allow: "POST" } : undefined;
  return Response.json({ error: known.toJSON() }, { status: known.status, headers });
}

/**
 * The reason a database or driver gave, for the log: its name and code and the last line of its
 * message, which states the reason. The lines before may hold a driver's context, which can
 * quote the data it refused.
 */
function describeCause(error: unknown): string {
  const lines = describeError(error)
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const code = (error as { code?: unknown } | null)?.code;
  const name = error instanceof Error ? error.name : "Error";
  const last = lines.at(-1) ?? "";
  return `${name}${typeof code === "string" ? ` ${code}` : ""}: ${last.replace(/^\w*Error: /, "")}`.slice(
    0,
    300,
  );
}
