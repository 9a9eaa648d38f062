import path from "node:path";
import type { CreateOptions } from "./options/resolve.js";
import { APP_ENV_FILE } from "./scaffold/app.js";
import { SEND_TEST_EVENT } from "./scaffold/readme.js";
import { APP_DIR } from "./scaffold/repo.js";

export interface NextStepsInput {
  options: CreateOptions;
  /** Every event type of the chosen groups: what to subscribe to in the Clerk Dashboard. */
  events: readonly string[];
  /** Whether dependencies were installed. */
  installed: boolean;
  cwd: string;
}

/**
 * What to do after the scaffold, in order: commands to run, then the Clerk Dashboard settings.
 * Shared by the CLI's closing note and the new repo's README.
 *
 * @example nextSteps({ options, events: ["user.created"], installed: true, cwd }).commands[0]
 */
export function nextSteps({ options, events, installed, cwd }: NextStepsInput): {
  commands: { command: string; why: string }[];
  dashboard: string[];
  env: { file: string; keys: string[] };
} {
  const relative = path.relative(cwd, options.directory) || ".";
  const commands: { command: string; why: string }[] = [];
  if (relative !== ".") commands.push({ command: `cd ${shellQuote(relative)}`, why: "" });
  if (!installed) commands.push({ command: "pnpm install", why: "install dependencies" });
  commands.push({
    command: "pnpm db:migrate --name init",
    why:
      options.database === "sqlite"
        ? "create the SQLite database and its tables (prisma migrate dev)"
        : "create the tables in your PostgreSQL database (prisma migrate dev)",
  });
  commands.push({
    command: "pnpm dev",
    why: "http://localhost:3000 shows what the app syncs and the next steps",
  });
  if (options.queue === "bullmq") {
    commands.push({
      command: "pnpm worker",
      why: "in another terminal: process events from Redis",
    });
  }
  commands.push({ command: SEND_TEST_EVENT, why: "in another terminal: a signed test event" });
  commands.push({ command: "pnpm test", why: "post signed events through the app's handler" });

  const envKeys = [
    "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
    "CLERK_SECRET_KEY",
    "CLERK_WEBHOOK_SIGNING_SECRET",
  ];
  return {
    commands,
    env: { file: `${APP_DIR}/${APP_ENV_FILE}`, keys: envKeys },
    dashboard: [
      "API keys: copy the publishable and secret keys into NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY and CLERK_SECRET_KEY (the placeholders only let the app start).",
      "Webhooks → Add Endpoint: https://<your app>/api/webhooks (locally, through a tunnel).",
      `Subscribe it to these ${events.length} events: ${events.join(", ")}.`,
      "Copy the endpoint's Signing Secret into CLERK_WEBHOOK_SIGNING_SECRET.",
    ],
  };
}

/** A path as a shell would need it typed. */
export function shellQuote(value: string): string {
  return /^[\w./~-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}
