// Report identity from a gas file name (MIBB/STTM naming, aemo-formats §11): `int029a_v4_system_notices_1~20250401090033.csv`
// is report INT029A version 4 published 2025-04-01 09:00:33 market time; `INT891_V1_EDDACT_1.CSV` has no publish
// suffix; Gas Bulletin Board names (`GasBBActualFlowStorage.csv`) carry no version and read as version 1.
import { parseMarketTime } from '../market-time';

export interface GasFileIdentity {
  /** Upper-case report id: `INT029A`, `INT651`, `GASBBACTUALFLOWSTORAGE`. */
  readonly report: string;
  readonly version: number;
  /** Descriptive part of an INTnnn name (`system_notices`), '' otherwise. */
  readonly title: string;
  /** From the `~YYYYMMDDHHMMSS` suffix (market time), when present and valid. */
  readonly publishedAt: Date | null;
}

const MIBB_NAME = /^(int\d+[a-z]?)_v(\d+)_(.*?)(?:_\d+)?(?:~(\d{14}))?\.csv$/i;

export function identifyGasFile(fileName: string): GasFileIdentity {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  const match = MIBB_NAME.exec(base);
  if (match) {
    const [, id, version, title, stamp] = match;
    return {
      report: id!.toUpperCase(),
      version: Number(version),
      title: title!.toLowerCase(),
      publishedAt: toInstant(stamp),
    };
  }
  const stem = base.replace(/\.csv$/i, '');
  return { report: stem.toUpperCase(), version: 1, title: '', publishedAt: null };
}

function toInstant(stamp: string | undefined): Date | null {
  if (stamp === undefined) return null;
  const text = `${stamp.slice(0, 4)}/${stamp.slice(4, 6)}/${stamp.slice(6, 8)} ${stamp.slice(8, 10)}:${stamp.slice(10, 12)}:${stamp.slice(12, 14)}`;
  try {
    return parseMarketTime(text);
  } catch {
    return null;
  }
}
