// The tables and stores one run works with, opened from the lake location: the landing zone and its manifest,
// the crawl ledger, the bronze tables, the ingest log and the quarantine.
import { BOOKKEEPING_TABLES } from '../catalog';
import { IngestLog, Quarantine } from '../bronze';
import { layerUri, storageOptionsFor, type LakeLocation } from '../config';
import { CrawlLedger } from '../crawl';
import type { StorageOptions } from '../lake';
import { LandingZone } from '../landing';

export interface LakeHandles {
  readonly storage: StorageOptions;
  readonly landing: LandingZone;
  readonly ledger: CrawlLedger;
  readonly ingestLog: IngestLog;
  readonly quarantine: Quarantine;
  bronzeTableUri(table: string): string;
}

export function openLakeHandles(location: LakeLocation): LakeHandles {
  const storage = storageOptionsFor(location);
  const within = (key: string): string => {
    const [layer, ...rest] = key.split('/');
    return layerUri(location, layer as 'landing' | 'bronze', rest.join('/'));
  };
  return {
    storage,
    landing: new LandingZone(layerUri(location, 'landing'), storage),
    ledger: new CrawlLedger(within(BOOKKEEPING_TABLES.crawlLedger), storage),
    ingestLog: new IngestLog(within(BOOKKEEPING_TABLES.ingestLog), storage),
    quarantine: new Quarantine(within(BOOKKEEPING_TABLES.quarantine), storage),
    bronzeTableUri: (table) => layerUri(location, 'bronze', table),
  };
}
