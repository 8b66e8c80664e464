/**
 * The few browser calls the share feature needs: download a text file, copy to the clipboard, read a File's
 * head. Kept here so components stay declarative and the calls are easy to find.
 */

/** Offers `text` as a file download named `name`. */
/** A log's file name without its extension, safe to build a download's name on. */
export function downloadBase(fileName: string | null): string {
  return (fileName ?? 'msnp-log').replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '-');
}

export function downloadText(name: string, text: string, mime = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Copies text; false when the browser refused (no permission, insecure context). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** The page's address without its fragment: where a link should point. */
export function appBaseUrl(): string {
  return `${window.location.origin}${window.location.pathname}${window.location.search}`;
}
