// One HTTP GET with a per-attempt timeout (AbortSignal), retries with exponential backoff and full jitter
// (AWS Architecture Blog, "Exponential Backoff And Jitter"), a User-Agent naming the project, and body
// validation. Non-2xx answers are errors; 5xx, 408, 429, timeouts, network errors and invalid bodies are retried.
import { CrawlError } from './errors';
import { validateBody } from './validate';

export const USER_AGENT =
  'energy-market-etl/0.1 (+https://github.com/energy-market/energy-market; open-source AEMO market data pipeline)';

export interface HttpOptions {
  readonly timeoutMs: number;
  /** Attempts after the first. */
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly userAgent: string;
  /** Cancels the whole request, retries included. */
  readonly signal?: AbortSignal;
  readonly onRetry?: (info: { url: string; attempt: number; delayMs: number; reason: string }) => void;
  readonly random?: () => number;
}

export const DEFAULT_HTTP_OPTIONS: HttpOptions = {
  timeoutMs: 60_000,
  retries: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  userAgent: USER_AGENT,
};

export interface HttpResponse {
  readonly body: Uint8Array;
  readonly contentType?: string;
}

/** GETs `url`; `name` is the expected file name (decides body validation); `undefined` for 404 when allowed. */
export async function httpGet(
  url: string,
  name: string,
  options: HttpOptions,
  allowNotFound = false,
): Promise<HttpResponse | undefined> {
  let lastError: CrawlError | undefined;
  for (let attempt = 0; attempt <= options.retries; attempt += 1) {
    if (attempt > 0 && lastError) {
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.round((options.random ?? Math.random)() * ceiling);
      options.onRetry?.({ url, attempt, delayMs, reason: lastError.message });
      await sleep(delayMs, options.signal);
    }
    try {
      const response = await getOnce(url, name, options);
      if (response === 'not-found') {
        if (allowNotFound) return undefined;
        throw new CrawlError('NOT_FOUND', url, 'HTTP 404 Not Found', false, { status: 404 });
      }
      return response;
    } catch (error) {
      if (!(error instanceof CrawlError) || !error.retryable) throw error;
      if (options.signal?.aborted) throw error;
      lastError = error;
    }
  }
  throw lastError ?? new CrawlError('NETWORK', url, 'no attempt made', false);
}

async function getOnce(url: string, name: string, options: HttpOptions): Promise<HttpResponse | 'not-found'> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, { headers: { 'user-agent': options.userAgent }, signal, redirect: 'follow' });
  } catch (error) {
    throw translateFetchError(url, error, timeout, options.timeoutMs);
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return 'not-found';
  }
  if (response.status < 200 || response.status > 299) {
    await response.body?.cancel();
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    throw new CrawlError('HTTP_STATUS', url, `HTTP ${response.status} ${response.statusText}`, retryable, {
      status: response.status,
    });
  }
  let body: Uint8Array;
  try {
    body = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw translateFetchError(url, error, timeout, options.timeoutMs);
  }
  const declared = response.headers.get('content-length');
  const contentType = response.headers.get('content-type') ?? undefined;
  try {
    if (
      declared !== null &&
      response.headers.get('content-encoding') === null &&
      Number(declared) !== body.byteLength
    ) {
      throw new CrawlError(
        'SIZE_MISMATCH',
        url,
        `Content-Length ${declared} but ${body.byteLength} bytes received`,
        true,
      );
    }
    validateBody(url, name, body, contentType);
  } catch (error) {
    if (error instanceof CrawlError) error.body = body;
    throw error;
  }
  return { body, ...(contentType === undefined ? {} : { contentType }) };
}

function translateFetchError(
  url: string,
  error: unknown,
  timeout: AbortSignal,
  timeoutMs: number,
): CrawlError {
  if (timeout.aborted) {
    return new CrawlError('TIMEOUT', url, `no complete answer within ${timeoutMs} ms`, true, {
      cause: error,
    });
  }
  const detail =
    error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
  const aborted = error instanceof Error && error.name === 'AbortError';
  return new CrawlError('NETWORK', url, aborted ? 'aborted' : `request failed: ${detail}`, !aborted, {
    cause: error,
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
