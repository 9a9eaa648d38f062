import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROVIDERS, QUEUE_KINDS } from "@acme/generators";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CreateErrorCode, isCreateError } from "../errors.js";
import { parseFlags } from "./flags.js";
import { resolveOptions } from "./resolve.js";
import { DATABASES, QUEUES } from "./validate.js";

const catalog = {
  names: ["user", "organization", "organizationDomain", "organizationMembership", "session"],
};

let cwd: string;
beforeEach(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "create-options-"));
});
afterEach(() => fs.rmSync(cwd, { recursive: true, force: true }));

function resolve(...argv: string[]) {
  return resolveOptions(parseFlags(argv), catalog, cwd);
}

function failure(run: () => unknown): {
  code: CreateErrorCode;
  message: string;
  suggestion: string;
} {
  try {
    run();
  } catch (error) {
    if (isCreateError(error)) return error;
    throw error;
  }
  throw new Error("expected a CreateError");
}

describe("the choices", () => {
  it("are the databases and queues the generators wire", () => {
    expect(DATABASES).toEqual(PROVIDERS);
    expect(QUEUES).toEqual(QUEUE_KINDS);
  });
});

describe("defaults (--yes, CI, no TTY)", () => {
  it("SQLite, inline, the three default groups, install and git", () => {
    expect(resolve("my-app", "--yes")).toEqual({
      directory: path.join(cwd, "my-app"),
      name: "my-app",
      groups: ["user", "organization", "organizationMembership"],
      database: "sqlite",
      databaseUrl: "file:./prisma/dev.db",
      queue: "inline",
      redisUrl: undefined,
      license: "MIT",
      install: true,
      git: true,
    });
  });

  it("PostgreSQL without a URL gets a local one named after the repo", () => {
    expect(resolve("shop-app", "--database", "postgresql").databaseUrl).toBe(
      "postgresql://postgres:postgres@localhost:5432/shop_app",
    );
  });

  it("BullMQ gets a local Redis unless --redis-url says otherwise", () => {
    expect(resolve("a", "--queue", "bullmq").redisUrl).toBe("redis://localhost:6379");
    expect(resolve("a", "--queue", "bullmq", "--redis-url", "redis://cache:6380/2").redisUrl).toBe(
      "redis://cache:6380/2",
    );
  });
});

describe("every prompt has a flag", () => {
  it("groups: comma-separated, repeated, or all; catalog order, no duplicates", () => {
    expect(resolve("a", "--groups", "session,user", "-g", "user").groups).toEqual([
      "user",
      "session",
    ]);
    expect(resolve("a", "--groups", "all").groups).toEqual(catalog.names);
  });

  it("database by name, alias or URL scheme", () => {
    expect(resolve("a", "--db", "pg", "--database-url", "postgres://u@h/db").database).toBe(
      "postgresql",
    );
    expect(resolve("a", "--database-url", "postgresql://u@db.internal:5433/app").database).toBe(
      "postgresql",
    );
    expect(resolve("a", "--database-url", "file:./data/app.db")).toMatchObject({
      database: "sqlite",
      databaseUrl: "file:./data/app.db",
    });
  });

  it("--license: MIT by default, ISC, or none; any case", () => {
    expect(resolve("a").license).toBe("MIT");
    expect(resolve("a", "--license", "isc").license).toBe("ISC");
    expect(resolve("a", "--license", "None").license).toBe("none");
  });

  it("--no-install and --no-git", () => {
    expect(resolve("a", "--no-install", "--no-git")).toMatchObject({ install: false, git: false });
  });
});

describe("flags are validated with clear errors", () => {
  it("an unknown group lists the valid ones", () => {
    const error = failure(() => resolve("a", "--groups", "user,users,orgs"));
    expect(error.code).toBe("UNKNOWN_GROUP");
    expect(error.message).toBe('Unknown event groups "users", "orgs".');
    expect(error.suggestion).toContain(catalog.names.join(", "));
  });

  it("no group at all", () => {
    expect(failure(() => resolve("a", "--groups", ",")).code).toBe("NO_GROUPS");
  });

  it("a non-empty target directory, naming what is in it", () => {
    fs.mkdirSync(path.join(cwd, "taken"));
    fs.writeFileSync(path.join(cwd, "taken", "notes.txt"), "mine");
    const error = failure(() => resolve("taken"));
    expect(error.code).toBe("DIRECTORY_NOT_EMPTY");
    expect(error.message).toContain("notes.txt");
  });

  it("an empty directory, or one with only a .git, is fine", () => {
    fs.mkdirSync(path.join(cwd, "empty", ".git"), { recursive: true });
    expect(resolve("empty").directory).toBe(path.join(cwd, "empty"));
  });

  it("a directory name that can't be a package name", () => {
    const error = failure(() => resolve("My App"));
    expect(error.code).toBe("INVALID_DIRECTORY");
    expect(error.suggestion).toContain('"my-app"');
  });

  it.each([
    [
      "--database",
      "postgresql",
      "--database-url",
      "mysql://root@localhost/app",
      "starts with mysql:",
    ],
    ["--database", "postgresql", "--database-url", "postgresql://localhost", "names no database"],
    ["--database", "postgresql", "--database-url", "not a url", "is not a URL"],
    ["--database", "sqlite", "--database-url", "postgresql://h/db", "not a SQLite database URL"],
    ["--database-url", "mongodb://h/db", "", "", "neither a SQLite"],
  ])("bad database URL: %s %s %s %s", (...args) => {
    const expected = args.pop() as string;
    const error = failure(() => resolve("a", ...args.filter(Boolean)));
    expect(error.code).toBe("INVALID_DATABASE_URL");
    expect(error.message).toContain(expected);
  });

  it("an unknown database or queue", () => {
    expect(failure(() => resolve("a", "--database", "mysql")).code).toBe("UNKNOWN_DATABASE");
    const queue = failure(() => resolve("a", "--queue", "kafka"));
    expect(queue.code).toBe("UNKNOWN_QUEUE");
    expect(queue.suggestion).toContain("--queue bullmq");
  });

  it("a Redis URL that is not one, or one with the inline queue", () => {
    expect(failure(() => resolve("a", "--queue", "bullmq", "--redis-url", "http://x")).code).toBe(
      "INVALID_REDIS_URL",
    );
    expect(failure(() => resolve("a", "--redis-url", "redis://x", "--queue", "inline")).code).toBe(
      "INVALID_FLAG",
    );
  });

  it("an unknown license, naming the ones there are", () => {
    const error = failure(() => resolve("a", "--license", "GPL-3.0"));
    expect(error.code).toBe("INVALID_FLAG");
    expect(error.suggestion).toContain("--license MIT, ISC or none");
  });

  it("unknown flags and missing values", () => {
    expect(failure(() => resolve("a", "--databse", "sqlite")).code).toBe("UNKNOWN_FLAG");
    expect(failure(() => resolve("a", "--queue")).code).toBe("INVALID_FLAG");
    expect(failure(() => resolve("a", "b")).code).toBe("INVALID_FLAG");
  });
});
