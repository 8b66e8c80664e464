/**
 * State of the share feature, kept apart from the app store (which is exactly log + view + ui): whether the
 * share dialog is open, and the header of a report that was opened from a link or a file (its name, note and
 * redaction manifest), or the message explaining why a link could not be opened.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { RedactManifest } from '../../msnp/redact';

export interface OpenedReportHeader {
  readonly name: string;
  readonly note: string;
  readonly manifest: RedactManifest;
  readonly fileName: string;
  /** Where it came from, for the header's wording. */
  readonly from: 'link' | 'file';
}

export interface ShareState {
  readonly dialogOpen: boolean;
  readonly opened: OpenedReportHeader | null;
  /** Why the last link or report file could not be opened; null when fine. */
  readonly problem: string | null;
  readonly setDialogOpen: (open: boolean) => void;
  readonly setOpened: (opened: OpenedReportHeader | null) => void;
  readonly setProblem: (problem: string | null) => void;
}

export const shareStore = createStore<ShareState>()((set) => ({
  dialogOpen: false,
  opened: null,
  problem: null,
  setDialogOpen: (dialogOpen) => set({ dialogOpen }),
  setOpened: (opened) => set({ opened, problem: null }),
  setProblem: (problem) => set({ problem }),
}));

export function useShareStore<T>(selector: (s: ShareState) => T): T {
  return useStore(shareStore, selector);
}
