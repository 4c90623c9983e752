// Where AEMO files come from: NEMWeb over HTTP (the live site or a stand-in) or a local mirror folder with the
// same layout. Both expose folders as listings of site-relative paths, so landing paths do not depend on the source.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CrawlError } from './errors';
import { DEFAULT_HTTP_OPTIONS, httpGet, type HttpOptions } from './http';
import { parseIisListing } from './listing';
import { validateBody } from './validate';

export interface SourceFile {
  /** Site-relative path as stored on the server (`Reports/Current/X/PUBLIC_…zip`; `%23` kept literally). */
  readonly path: string;
  readonly name: string;
  /** What is requested: the listing's href (for HTTP) or a file:// URL (for a mirror folder). */
  readonly url: string;
  readonly sizeBytes?: number;
  readonly listedAt?: Date;
}

export interface Listing {
  readonly url: string;
  readonly files: readonly SourceFile[];
  readonly folders: readonly string[];
}

export interface Source {
  readonly kind: 'http' | 'dir';
  /** The base URL or the folder, for messages and the summary. */
  readonly description: string;
  /** Lists a site-relative folder; `undefined` when it does not exist (HTTP 404, no such folder). */
  list(folder: string): Promise<Listing | undefined>;
  fetch(file: SourceFile): Promise<Uint8Array>;
  /** The file at a site path, without a listing (quarantine retries). */
  fileAt(sitePath: string): SourceFile;
}

export class HttpSource implements Source {
  readonly kind = 'http';
  private readonly base: URL;

  constructor(
    baseUrl: string,
    private readonly http: HttpOptions = DEFAULT_HTTP_OPTIONS,
  ) {
    this.base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  }

  get description(): string {
    return this.base.href;
  }

  async list(folder: string): Promise<Listing | undefined> {
    const pageUrl = new URL(folder.split('/').map(encodeURIComponent).join('/') + '/', this.base).href;
    const response = await httpGet(pageUrl, 'listing.html', this.http, true);
    if (!response) return undefined;
    const entries = parseIisListing(Buffer.from(response.body).toString('utf8'), pageUrl);
    const files: SourceFile[] = [];
    const folders: string[] = [];
    for (const entry of entries) {
      // Keep requests on the configured host whatever the listing's hrefs say (saved pages carry absolute URLs).
      const resolved = new URL(entry.href);
      const url = new URL(resolved.pathname, this.base.origin).href;
      const sitePath = this.sitePath(resolved.pathname);
      if (sitePath === undefined) continue;
      if (entry.isDirectory) {
        folders.push(sitePath.replace(/\/$/, ''));
      } else {
        files.push({
          path: sitePath,
          name: entry.name,
          url,
          ...(entry.sizeBytes === undefined ? {} : { sizeBytes: entry.sizeBytes }),
          ...(entry.modifiedAt === undefined ? {} : { listedAt: entry.modifiedAt }),
        });
      }
    }
    return { url: pageUrl, files, folders };
  }

  async fetch(file: SourceFile): Promise<Uint8Array> {
    const response = await httpGet(file.url, file.name, this.http);
    if (!response) throw new CrawlError('NOT_FOUND', file.url, 'HTTP 404 Not Found', false, { status: 404 });
    return response.body;
  }

  fileAt(sitePath: string): SourceFile {
    // Encode every segment: a stored `%23` must travel as `%2523` (a bare `%23` is a `#` and NEMWeb answers 400).
    const url = new URL(sitePath.split('/').map(encodeURIComponent).join('/'), this.base).href;
    return { path: sitePath, name: sitePath.slice(sitePath.lastIndexOf('/') + 1), url };
  }

  /** `/Reports/Current/X/a%2523b.zip` → `Reports/Current/X/a%23b.zip` (decoded once), relative to the base path. */
  private sitePath(pathname: string): string | undefined {
    if (!pathname.startsWith(this.base.pathname)) return undefined;
    try {
      return decodeURIComponent(pathname.slice(this.base.pathname.length));
    } catch {
      return undefined;
    }
  }
}

export class DirSource implements Source {
  readonly kind = 'dir';
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  get description(): string {
    return this.root;
  }

  async list(folder: string): Promise<Listing | undefined> {
    const dir = path.join(this.root, ...folder.split('/'));
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if (
        (error as NodeJS.ErrnoException).code === 'ENOENT' ||
        (error as NodeJS.ErrnoException).code === 'ENOTDIR'
      ) {
        return undefined;
      }
      throw error;
    }
    const files: SourceFile[] = [];
    const folders: string[] = [];
    for (const name of names.sort()) {
      const full = path.join(dir, name);
      const info = await stat(full);
      const sitePath = `${folder}/${name}`;
      if (info.isDirectory()) folders.push(sitePath);
      else if (info.isFile()) {
        files.push({
          path: sitePath,
          name,
          url: pathToFileURL(full).href,
          sizeBytes: info.size,
          listedAt: info.mtime,
        });
      }
    }
    return { url: pathToFileURL(dir).href, files, folders };
  }

  fileAt(sitePath: string): SourceFile {
    const full = path.join(this.root, ...sitePath.split('/'));
    return { path: sitePath, name: path.basename(full), url: pathToFileURL(full).href };
  }

  async fetch(file: SourceFile): Promise<Uint8Array> {
    const body = new Uint8Array(await readFile(path.join(this.root, ...file.path.split('/'))));
    try {
      validateBody(file.url, file.name, body);
    } catch (error) {
      if (error instanceof CrawlError) error.body = body;
      throw error;
    }
    return body;
  }
}

/** `--source`: an http(s) URL is NEMWeb or a stand-in; anything else is a mirror folder. */
export function openSource(source: string, http: HttpOptions = DEFAULT_HTTP_OPTIONS): Source {
  return /^https?:\/\//i.test(source) ? new HttpSource(source, http) : new DirSource(source);
}
