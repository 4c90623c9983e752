// Checks a downloaded body before it may land: servers answer some failures with HTTP 200 and an HTML page
// (aemo.com.au's 403 page was once saved as data, NEMOSIS issue #60), and transfers can end early.
import { CrawlError } from './errors';

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_MIN_BYTES = 22;
const MAX_COMMENT_BYTES = 0xffff;

export function validateBody(url: string, name: string, body: Uint8Array, contentType?: string): void {
  const expectsHtml = /\.html?$/i.test(name);
  if (!expectsHtml && (isHtmlContentType(contentType) || looksLikeHtml(body))) {
    throw new CrawlError(
      'HTML_PAGE',
      url,
      `expected ${name}, got an HTML page (${contentType ?? 'no content type'})`,
      true,
    );
  }
  if (/\.zip$/i.test(name)) checkZipComplete(url, body);
}

/** A zip is complete when its end-of-central-directory record exists and the directory it points to fits. */
export function checkZipComplete(url: string, body: Uint8Array): void {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const stop = Math.max(0, body.byteLength - EOCD_MIN_BYTES - MAX_COMMENT_BYTES);
  for (let at = body.byteLength - EOCD_MIN_BYTES; at >= stop; at -= 1) {
    if (view.getUint32(at, true) !== EOCD_SIGNATURE) continue;
    const directorySize = view.getUint32(at + 12, true);
    const directoryOffset = view.getUint32(at + 16, true);
    // ZIP64 archives store 0xffffffff here and the real values in the ZIP64 record before the EOCD.
    if (directoryOffset === 0xffffffff || directorySize === 0xffffffff) return;
    if (directoryOffset + directorySize <= at) return;
    break;
  }
  throw new CrawlError(
    'TRUNCATED_ZIP',
    url,
    `truncated or corrupt zip (${body.byteLength} bytes): no valid end-of-central-directory record`,
    true,
  );
}

function isHtmlContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && /text\/html/i.test(contentType);
}

function looksLikeHtml(body: Uint8Array): boolean {
  const head = Buffer.from(body.subarray(0, 512)).toString('latin1').trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<head');
}
