// Parses NEMWeb's IIS directory listings: one <pre> block, entries separated by <br>, each
// `Weekday, Month D, YYYY h:mm AM|PM  <size or &lt;dir&gt;> <A HREF="...">name</A>` (times in AEST, no seconds).
// Tolerant per entry (also `MM/DD/YYYY h:mm AM`, as OpenNEM accepts), hrefs resolved against the page URL.
import { CrawlError } from './errors';

export interface ListingEntry {
  /** File or folder name as stored on the server (the href's last segment, percent-decoded once). */
  readonly name: string;
  /** The href resolved against the page URL, kept exactly as encoded by the server (`%2523` stays). */
  readonly href: string;
  readonly isDirectory: boolean;
  /** Listing modification time as a UTC instant (the listing shows AEST). */
  readonly modifiedAt?: Date;
  readonly sizeBytes?: number;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const AEST_OFFSET_MS = 10 * 60 * 60 * 1000;

// `Monday, November 8, 2021  2:30 PM` or `11/08/2021  2:30 PM`, then the size or <dir>, then the anchor.
const ENTRY =
  /(?:(?:[A-Za-z]+,\s+)?([A-Za-z]+)\s+(\d{1,2}),\s+(\d{4})|(\d{1,2})\/(\d{1,2})\/(\d{4}))\s+(\d{1,2}):(\d{2})\s*(AM|PM)?\s+(&lt;dir&gt;|<dir>|\d+)\s+<a\s+href="([^"]+)"[^>]*>([^<]*)<\/a>/gi;

export function parseIisListing(html: string, pageUrl: string): ListingEntry[] {
  const entries: ListingEntry[] = [];
  if (!/<pre>/i.test(html)) {
    throw new CrawlError('LISTING_INVALID', pageUrl, 'not an IIS directory listing (no <pre> block)', false);
  }
  for (const m of html.matchAll(ENTRY)) {
    const [
      ,
      monthName,
      dayA,
      yearA,
      monthB,
      dayB,
      yearB,
      hourText,
      minuteText,
      ampm,
      size = '',
      href = '',
      text = '',
    ] = m;
    const month = monthName !== undefined ? MONTHS.indexOf(monthName.toLowerCase()) : Number(monthB) - 1;
    const day = Number(dayA ?? dayB);
    const year = Number(yearA ?? yearB);
    let hour = Number(hourText);
    if (ampm !== undefined) hour = (hour % 12) + (ampm.toUpperCase() === 'PM' ? 12 : 0);
    const modifiedAt =
      month >= 0
        ? new Date(Date.UTC(year, month, day, hour, Number(minuteText)) - AEST_OFFSET_MS)
        : undefined;
    const resolved = new URL(unescapeHtml(href), pageUrl);
    const isDirectory = /dir/i.test(size) || resolved.pathname.endsWith('/');
    const segments = resolved.pathname.split('/').filter((s) => s !== '');
    const last = segments[segments.length - 1] ?? unescapeHtml(text);
    entries.push({
      name: safeDecode(last),
      href: resolved.href,
      isDirectory,
      ...(modifiedAt === undefined ? {} : { modifiedAt }),
      ...(isDirectory ? {} : { sizeBytes: Number(size) }),
    });
  }
  return entries;
}

/** Renders a listing in NEMWeb's format (the test server and the mirror tooling use it). */
export function renderIisListing(
  sitePath: string,
  entries: readonly { name: string; isDirectory: boolean; modifiedAt: Date; sizeBytes: number }[],
): string {
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const monthNames = MONTHS.map((m) => m[0]!.toUpperCase() + m.slice(1));
  const folder = sitePath.endsWith('/') ? sitePath : `${sitePath}/`;
  const parent = folder.replace(/[^/]+\/$/, '');
  const lines = entries.map((e) => {
    const t = new Date(e.modifiedAt.getTime() + AEST_OFFSET_MS);
    const h = t.getUTCHours();
    const when = `${days[t.getUTCDay()]}, ${monthNames[t.getUTCMonth()]} ${t.getUTCDate()}, ${t.getUTCFullYear()} ${String(((h + 11) % 12) + 1).padStart(2)}:${String(t.getUTCMinutes()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
    const size = e.isDirectory ? '&lt;dir&gt;' : String(e.sizeBytes);
    // NEMWeb stores `%23` literally in some names; the href percent-encodes the `%` itself (`%2523`).
    const href = folder + encodeURIComponent(e.name) + (e.isDirectory ? '/' : '');
    return `${when.padStart(36)} ${size.padStart(12)} <A HREF="${href}">${escapeHtml(e.name)}</A>`;
  });
  return (
    `<html><head><title>nemweb - ${escapeHtml(folder)}</title></head><body><H1>nemweb - ${escapeHtml(folder)}</H1><hr>\r\n\r\n` +
    `<pre><A HREF="${parent}">[To Parent Directory]</A><br><br>${lines.join('<br>')}<br></pre><hr></body></html>\r\n`
  );
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
