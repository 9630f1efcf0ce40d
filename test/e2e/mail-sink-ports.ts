/** Where the browser tests' SMTP sink listens (test/e2e/mail-sink-server.ts): SMTP on E2E_PORT + 10000, its JSON on + 20000. */
export function mailSinkPorts(port: number): { smtp: number; http: number } {
  return { smtp: port + 10_000, http: port + 20_000 };
}
