import { SMTPServer, type SMTPServerSession } from "smtp-server";
import PostalMime from "postal-mime";

/**
 * A real SMTP server for tests and the benchmark, with faults on demand: a 4xx reply to
 * a share of messages, a connection dropped in the middle of DATA, a permanent 5xx for
 * chosen recipients. Counts every accepted message by its Message-ID.
 */
export interface SinkFaults {
  /** Share of DATA commands answered "451 try again later". */
  tempFailRate?: number;
  /** Share of DATA transfers cut by closing the socket before any reply. */
  dropRate?: number;
  /** Recipients answered "550" at RCPT TO. */
  rejectRecipient?: (address: string) => boolean;
  /** Parse each message with postal-mime (slower; off for the benchmark). */
  parse?: boolean;
}

export interface ReceivedMessage {
  messageId: string;
  to: string;
  /** Bytes of the message as it arrived. */
  size: number;
  /** The message as it arrived (only with `parse`). */
  raw?: Buffer;
  subject?: string;
  headers?: { key: string; value: string }[];
  text?: string;
  html?: string;
}

export interface MailSink {
  url: string;
  port: number;
  received: ReceivedMessage[];
  /** Message-ID -> number of times it was accepted. */
  counts: Map<string, number>;
  faults: SinkFaults;
  stats: { tempFailed: number; dropped: number; rejected: number };
  close(): Promise<void>;
}

export async function startMailSink(faults: SinkFaults = {}, options: { port?: number } = {}): Promise<MailSink> {
  const received: ReceivedMessage[] = [];
  const counts = new Map<string, number>();
  const stats = { tempFailed: 0, dropped: 0, rejected: 0 };
  const sink: Partial<MailSink> = { received, counts, faults, stats };
  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    maxClients: 200,
    onRcptTo(address, _session, callback) {
      if (sink.faults!.rejectRecipient?.(address.address)) {
        stats.rejected++;
        const err = Object.assign(new Error("5.1.1 Mailbox does not exist"), { responseCode: 550 });
        return callback(err);
      }
      callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      const f = sink.faults!;
      const chunks: Buffer[] = [];
      const roll = Math.random();
      if (roll < (f.dropRate ?? 0)) {
        stats.dropped++;
        // Cut the connection mid-DATA: the client never hears a reply.
        stream.once("data", () => {
          const conn = [...(server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }).connections].find(
            (c) => c.id === session.id,
          );
          conn?._socket.destroy();
        });
        stream.on("error", () => {});
        stream.resume();
        return;
      }
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (roll < (f.dropRate ?? 0) + (f.tempFailRate ?? 0)) {
          stats.tempFailed++;
          return callback(Object.assign(new Error("4.3.0 Try again later"), { responseCode: 451 }));
        }
        const raw = Buffer.concat(chunks);
        const header = raw.subarray(0, Math.min(raw.length, 8192)).toString("latin1");
        const messageId = /^message-id:\s*(<[^>]+>)/im.exec(header)?.[1] ?? "(none)";
        counts.set(messageId, (counts.get(messageId) ?? 0) + 1);
        const to = session.envelope.rcptTo[0]?.address ?? "";
        if (f.parse) {
          void PostalMime.parse(raw).then((m) => {
            received.push({ messageId, to, size: raw.length, raw, subject: m.subject, headers: m.headers, text: m.text, html: m.html ?? undefined });
          });
        } else {
          received.push({ messageId, to, size: raw.length });
        }
        callback();
      });
    },
  });
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  sink.port = port;
  sink.url = `smtp://127.0.0.1:${port}`;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink as MailSink;
}
