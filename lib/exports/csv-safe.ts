/**
 * Spreadsheet formula injection (CWE-1236): a cell that starts with = + - @, a tab or a
 * carriage return may be run as a formula when the export is opened in Excel, LibreOffice
 * or Sheets. Every text cell of every export goes through this, in SQL, so that the
 * PostgreSQL COPY path and the row-by-row path escape the same way: such a cell gets a
 * leading apostrophe (OWASP's advice), which the spreadsheet shows as text.
 */
export function csvSafeSql(expression: string): string {
  return `(CASE WHEN left(${expression}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') THEN '''' || ${expression} ELSE ${expression} END)`;
}

/** The same rule in JavaScript (for values the SQL does not produce, and for tests). */
export function csvSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A timestamp as text the same way on both paths: ISO 8601 in UTC, milliseconds. */
export function isoSql(expression: string): string {
  return `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
