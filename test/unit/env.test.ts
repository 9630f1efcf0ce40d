import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

describe("parseEnv", () => {
  it("gives the zero-configuration defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: ".data", MAIL_COALESCE_SECONDS: 300 });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("treats empty strings as unset", () => {
    const env = parseEnv({ DATABASE_URL: "", PORT: "" });
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: "eighty" }, "Invalid environment variable PORT: must be a port number from 1 to 65535"],
    [{ PORT: "70000" }, "Invalid environment variable PORT"],
    [{ DATABASE_URL: "mysql://x" }, "Invalid environment variable DATABASE_URL: must start with postgres:// or postgresql://"],
    [{ SMTP_URL: "http://mail" }, "Invalid environment variable SMTP_URL: must start with smtp:// or smtps://"],
    [{ AUTH_SECRET: "short" }, "Invalid environment variable AUTH_SECRET: must be at least 32 characters"],
  ])("names the bad variable: %j", (source, message) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(message);
  });
});
