/**
 * Whether the overview strip earns its place. On a log of a few dozen messages it draws a handful of thin ticks
 * across the whole width and takes the height the table needs, while the table itself already shows most of the
 * log: below MIN_OVERVIEW_MESSAGES messages it is left out (its band of findings and marks too; the findings panel
 * lists them). Above, it stays a keyboard slider (overview-keys.ts).
 */
export const MIN_OVERVIEW_MESSAGES = 50;

/** True when the whole log has enough messages for an overview of it to say something. */
export function shouldShowOverview(messages: number): boolean {
  return messages >= MIN_OVERVIEW_MESSAGES;
}
