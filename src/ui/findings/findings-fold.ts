/**
 * Whether the findings list starts open. A log with problems opens it: the findings are the answers. Only a window
 * both short and narrow (FOLD_FINDINGS_WINDOW) starts it folded to its summary line, the verdict above it still
 * read: there the detail pane opens below the table and shares its height, and the open list left each of them a
 * few lines. A short wide window (a 1366 × 768 laptop) puts the pane beside the table, which keeps its rows with
 * the list open, so folding there only hid the answers.
 */
export function findingsStartOpen(hasProblems: boolean, foldWindow: boolean): boolean {
  return hasProblems && !foldWindow;
}
