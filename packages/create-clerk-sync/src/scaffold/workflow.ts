import type { CreateOptions } from "../options/resolve.js";
import { PLACEHOLDER_PUBLISHABLE_KEY } from "./app.js";

/** The new repo's CI workflow, where GitHub looks for it. */
export const WORKFLOW_FILE = ".github/workflows/ci.yml";

/** The checks the workflow runs, in order, after installing: the repo's own scripts. */
export const WORKFLOW_CHECKS = ["pnpm lint", "pnpm typecheck", "pnpm build", "pnpm test"] as const;

/**
 * The database CI gives the tests: the app's test setup appends `_test` to its name, and its
 * `DATABASE_URL` is the one CI passes through turbo (.env.local is never committed).
 */
export function ciDatabaseUrl(options: CreateOptions): string {
  return options.database === "sqlite"
    ? "file:./prisma/dev.db"
    : `postgresql://postgres:postgres@localhost:5432/${options.name.replaceAll("-", "_")}`;
}

/**
 * GitHub Actions CI for the new repo: install with the pinned pnpm and the Node version of
 * .nvmrc, then lint, typecheck, build and test, with PostgreSQL and Redis as service containers
 * when the app uses them. The placeholder Clerk key is the one the app was created with (not a
 * secret: a production-format key of an instance that does not exist).
 */
export function ciWorkflow(options: CreateOptions): string {
  const postgres = options.database === "postgresql";
  const redis = options.queue === "bullmq";
  const services: string[] = [];
  if (postgres) {
    services.push(
      "      postgres:",
      "        image: postgres:17",
      "        env:",
      "          POSTGRES_PASSWORD: postgres",
      "        ports:",
      "          - 5432:5432",
      "        options: >-",
      "          --health-cmd pg_isready --health-interval 5s --health-timeout 5s --health-retries 20",
    );
  }
  if (redis) {
    services.push(
      "      redis:",
      "        image: redis:7",
      "        ports:",
      "          - 6379:6379",
      "        options: >-",
      '          --health-cmd "redis-cli ping" --health-interval 5s --health-timeout 5s --health-retries 20',
    );
  }
  const env = [
    `      DATABASE_URL: ${ciDatabaseUrl(options)}`,
    ...(redis ? ["      REDIS_URL: redis://localhost:6379"] : []),
    `      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: ${PLACEHOLDER_PUBLISHABLE_KEY}`,
    "      NEXT_TELEMETRY_DISABLED: 1",
  ];
  return `name: CI

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read

concurrency:
  group: \${{ github.workflow }}-\${{ github.ref }}
  cancel-in-progress: true

jobs:
  check:
    name: Lint, typecheck, build, test
    runs-on: ubuntu-latest
    timeout-minutes: 20
${services.length > 0 ? `    services:\n${services.join("\n")}\n` : ""}    env:
${env.join("\n")}
    steps:
      - uses: actions/checkout@v4
      - uses: pnpm/action-setup@v4
      - uses: actions/setup-node@v4
        with:
          node-version-file: .nvmrc
          cache: pnpm
      - run: pnpm install --frozen-lockfile
${WORKFLOW_CHECKS.map((command) => `      - run: ${command}`).join("\n")}
`;
}
