/** CSV for the files the app writes (row exports, the accounts table). */

/** A CSV cell: quoted when it holds a separator, or starts like a formula a spreadsheet would run. */
export function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) || /^[=+\-@\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
