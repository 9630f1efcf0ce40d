/** The JSON contracts of docs/readme/portal.md: the schemas in lib/ that document and type them (one source). */
export { statusDocumentSchema as statusSchema } from "../../lib/status/status-document";
export { incidentListSchema as incidentsSchema } from "../../lib/public/list-incidents";
