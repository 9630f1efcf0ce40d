import { z } from "zod";
import { CaseState } from "../generated/prisma/enums";

/**
 * The forms of support cases, one schema each for the page's form and the use case
 * (lib/cases/). Free text is kept as the customer or staff member typed it (plain text,
 * never markup) and shown escaped.
 */
export const caseStates = Object.values(CaseState) as [CaseState, ...CaseState[]];
export const caseStateSchema = z.enum(caseStates);

const text = (max: number, required: string) => z.string().trim().min(1, required).max(max, `At most ${max} characters.`);
const optionalCount = z.preprocess(
  (v) => (v === "" || v === null || v === undefined ? undefined : v),
  z.coerce.number({ message: "A whole number, or leave it empty." }).int("A whole number, or leave it empty.").min(0, "A whole number, or leave it empty.").max(100_000_000).optional(),
);

/** "Something is missing" (the private page, one category). */
export const caseReportSchema = z.object({
  categoryId: z.coerce.number().int().positive(),
  missing: text(500, "Say what is missing."),
  itemsExpected: optionalCount,
  details: z.string().trim().max(5_000, "At most 5000 characters.").default(""),
  contact: text(300, "Say how we can reach you."),
});
export type CaseReportInput = z.input<typeof caseReportSchema>;

/** The customer's answer on one of their cases. */
export const caseAnswerSchema = z.object({
  caseId: z.coerce.number().int().positive(),
  body: text(5_000, "Write your answer."),
});
export type CaseAnswerInput = z.input<typeof caseAnswerSchema>;

export const caseReplySchema = z.object({
  caseId: z.coerce.number().int().positive(),
  body: text(10_000, "Write the reply."),
  /** The state after the reply: usually waiting for the customer. */
  state: caseStateSchema.default("waiting_on_customer"),
});
export type CaseReplyInput = z.input<typeof caseReplySchema>;

export const caseNoteSchema = z.object({
  caseId: z.coerce.number().int().positive(),
  body: text(10_000, "Write the note."),
});
export type CaseNoteInput = z.input<typeof caseNoteSchema>;

export const caseStateChangeSchema = z.object({
  caseId: z.coerce.number().int().positive(),
  state: caseStateSchema,
});
export type CaseStateChangeInput = z.input<typeof caseStateChangeSchema>;

export const caseAssignSchema = z.object({
  caseId: z.coerce.number().int().positive(),
  /** "" unassigns. */
  assigneeId: z.string().trim().max(200).default(""),
});
export type CaseAssignInput = z.input<typeof caseAssignSchema>;

/** What the customer reads for each state. */
export const customerCaseStateLabels: Record<CaseState, string> = {
  open: "Open: our support team will answer here and by email",
  waiting_on_customer: "Answered: reply below if something is still missing",
  resolved: "Resolved",
};

export const staffCaseStateLabels: Record<CaseState, string> = {
  open: "open",
  waiting_on_customer: "waiting on customer",
  resolved: "resolved",
};

/** Case numbers as people quote them: C-000042. */
export const caseNumber = (id: number) => `C-${String(id).padStart(6, "0")}`;
