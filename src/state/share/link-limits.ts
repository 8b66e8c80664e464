/**
 * How long a report link may be.
 *
 * Measured report-link lengths (default view, redaction on, origin `http://127.0.0.1:4401/`): the bundled samples
 * give 1,175 (msnp15-login-911), 1,214 (msnp12-cal-offline-713), 1,835 (msnp15-login-and-chat) and 2,455
 * (msnp9-rate-limit-800) characters; a generated 1 MB log gives 133,448 (transcript form) and 196,534
 * (libpurple form). Deflate takes a log to roughly 1/6–1/8, base64url adds a third.
 * Two figures, from measurement and from what chat tools cut:
 *
 * - Chromium's own cap on a URL is 2 MiB (2,097,152 characters); longer ones are dropped (the page opens without
 *   its fragment, or not at all). Measured in a fresh context: fragments of 64 KiB, 512 KiB and
 *   1 MiB arrive intact every time; 2 MiB + 1 KiB never does; 2 MiB − 1 KiB usually does, but one CI run on a
 *   loaded machine failed to open it, and on another such a URL alone took tens of seconds to open. So the app keeps
 *   a margin and offers links of up to 1 MiB only; `e2e/share.spec.ts` ("link-size probe") checks that every length
 *   up to that opens.
 * - Chat tools cut far earlier: Discord and IRC-style tools around 2,000 characters (Discord's message limit
 *   is 2,000; 4,000 with Nitro), Microsoft Teams ~28 KB, Slack 40,000 characters per message, e-mail clients
 *   and forums usually keep 32 K+ but wrap or shorten long lines.
 *
 * So: up to 2,000 characters a link fits anywhere; up to 32,000 it fits Slack, Teams (mostly), Matrix, e-mail and
 * forums, and the dialog says Discord will cut it; beyond 32,000 the dialog warns and offers the view link and the
 * report file instead. Beyond 1 MiB the link is not offered at all (the report file carries the same thing).
 */

/** Fits in every chat tool we know, including Discord's 2,000-character messages. */
export const LINK_FITS_EVERYWHERE = 2_000;
/** Above this the dialog warns and offers the view link and the report file. */
export const LINK_WARN_LIMIT = 32_000;
/**
 * The longest link the app offers or navigates to: half of Chromium's 2 MiB cap, the largest size that opened intact
 * in every probe. A link near the cap itself failed to open once on a loaded machine.
 */
export const BROWSER_URL_LIMIT = 1024 * 1024;

export type LinkSizeVerdict = 'fits-everywhere' | 'fits-most' | 'too-long-for-chat' | 'too-long-for-browser';

export function judgeLinkLength(length: number): LinkSizeVerdict {
  if (length <= LINK_FITS_EVERYWHERE) return 'fits-everywhere';
  if (length <= LINK_WARN_LIMIT) return 'fits-most';
  if (length <= BROWSER_URL_LIMIT) return 'too-long-for-chat';
  return 'too-long-for-browser';
}
