import type { Command } from "../command";
import backup from "./backup";
import createApiKey from "./create-api-key";
import createIncident from "./create-incident";
import createStaff from "./create-staff";
import createWebhook from "./create-webhook";
import exportCommand from "./export";
import importCommand from "./import";
import listWebhooks from "./list-webhooks";
import migrateToPostgres from "./migrate-to-postgres";
import listApiKeys from "./list-api-keys";
import publishLetter from "./publish-letter";
import publishUpdate from "./publish-update";
import restore from "./restore";
import revokeApiKey from "./revoke-api-key";
import status from "./status";

/** Every `npm run cli` command, in the order of the help. Add a file, then a line here. */
export const commands: readonly Command[] = [
  createIncident,
  importCommand,
  publishUpdate,
  publishLetter,
  status,
  exportCommand,
  createStaff,
  createApiKey,
  listApiKeys,
  revokeApiKey,
  createWebhook,
  listWebhooks,
  backup,
  restore,
  migrateToPostgres,
] as unknown as readonly Command[];
