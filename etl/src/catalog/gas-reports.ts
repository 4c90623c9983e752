// Gas market reports on NEMWeb: the Victorian DWGM (MIBB INTnnn reports in Reports/Current/VicGas), the STTM
// (INT651–INT691, AEMO STTM Reports Specifications) and the Gas Bulletin Board (Reports/Current/GBB).
// Headered CSVs except the GBB GSH trades, which are C/I/D. Names follow the MIBB guide's
// `intNNN_v<version>_<name>_<n>~<YYYYMMDDHHMMSS>.csv`; `{any}` absorbs suffixes that vary between vintages,
// `{publish}` captures the publish time when the name has one.
// `evidence` is honest about which names come from real examples (`note`) and which from the specification only.
import type { z } from 'zod';
import type { reportEntrySchema } from './schema';

type Entry = z.input<typeof reportEntrySchema>;

const VICGAS = 'Reports/Current/VicGas';
const STTM = 'Reports/Current/STTM';
const GBB = 'Reports/Current/GBB';

function dwgm(id: string, title: string, file: string, evidence: 'note' | 'spec', reference: string): Entry {
  return {
    id,
    title,
    market: 'gas',
    gasMarket: 'dwgm',
    format: 'csv',
    cadence: 'irregular',
    stamp: 'publish-time',
    current: { folder: VICGAS, file, withSubfolders: true },
    csv: { table: id },
    evidence,
    reference,
  };
}

function sttm(id: string, title: string, file: string, evidence: 'note' | 'spec', reference: string): Entry {
  return {
    id,
    title,
    market: 'gas',
    gasMarket: 'sttm',
    format: 'csv',
    cadence: 'daily',
    stamp: 'publish-time',
    current: { folder: STTM, file },
    csv: { table: id },
    evidence,
    reference,
  };
}

function gbb(id: string, title: string, file: string, reference: string): Entry {
  return {
    id,
    title,
    market: 'gas',
    gasMarket: 'gbb',
    format: 'csv',
    cadence: 'daily',
    stamp: 'publish-time',
    current: { folder: GBB, file },
    csv: { table: id },
    evidence: 'note',
    reference,
  };
}

export const GAS_REPORTS: readonly Entry[] = [
  dwgm(
    'dwgm_int029a_system_notices',
    'DWGM system-wide notices (INT029a)',
    'int029a_v{version}_system_notices_{n}{any}{publish}.csv',
    'note',
    'MIBB INT029a; example name int029a_v4_system_notices_1~20250401090033.csv',
  ),
  dwgm(
    'dwgm_int037b_indicative_mkt_price',
    'DWGM indicative market price (INT037b)',
    'int037b_v{version}_indicative_mkt_price_{n}{any}{publish}.csv',
    'note',
    'MIBB INT037b; example name int037b_v4_indicative_mkt_price_1~20250401070338.csv',
  ),
  dwgm(
    'dwgm_int041_market_and_reference_prices',
    'DWGM market and reference prices (INT041)',
    'int041_v{version}_market_and_reference_prices_{n}{any}{publish}.csv',
    'spec',
    'MIBB report INT041 (name pattern from the MIBB guide, not checked against a listing)',
  ),
  dwgm(
    'dwgm_int112b_demand_forecast',
    'DWGM demand forecasts (INT112b; versions 4 and 5 coexist)',
    'int112b_v{version}_{any}{publish}.csv',
    'note',
    'MIBB INT112b; aemo-formats note §11 (v4 and v5 coexist)',
  ),
  dwgm(
    'dwgm_int310_price_and_withdrawals',
    'DWGM prices and withdrawals (INT310; versions 1 and 4 coexist)',
    'int310_v{version}_{any}{publish}.csv',
    'note',
    'MIBB INT310; aemo-formats note §11 (v1 and v4 coexist)',
  ),
  dwgm(
    'dwgm_int891_eddact',
    'DWGM end-of-day actual demand (INT891)',
    'int891_v{version}_eddact_{n}{any}{publish}.csv',
    'note',
    'MIBB INT891; example name INT891_V1_EDDACT_1.CSV (upper case, no publish-time suffix)',
  ),
  sttm(
    'sttm_int651_ex_ante_market_price',
    'STTM ex ante market price per hub (INT651)',
    'int651_v{version}_ex_ante_market_price_rpt_{n}{any}{publish}.csv',
    'note',
    'STTM Reports Specifications v19.1 §5.4 INT651; example name int651_v1_ex_ante_market_price_rpt_1.csv',
  ),
  sttm(
    'sttm_int652_ex_ante_schedule_quantity',
    'STTM ex ante schedule quantities (INT652)',
    'int652_v{version}_ex_ante_schedule_quantity_rpt_{n}{any}{publish}.csv',
    'spec',
    'STTM Reports Specifications v19.1 §5.4 INT652 (file name not checked against a listing)',
  ),
  sttm(
    'sttm_int657_ex_post_market_data',
    'STTM ex post market data (INT657)',
    'int657_v{version}_ex_post_market_data_rpt_{n}{any}{publish}.csv',
    'spec',
    'STTM Reports Specifications v19.1 §5.4 INT657 (file name not checked against a listing)',
  ),
  sttm(
    'sttm_int685_sttm_prices',
    'STTM prices (INT685)',
    'int685_v{version}_sttm_prices_rpt_{n}{any}{publish}.csv',
    'note',
    'STTM Reports Specifications v19.1 §5.4 INT685; example name int685_v1_sttm_prices_rpt_13.csv',
  ),
  gbb(
    'gbb_actual_flow_storage',
    'GBB actual flows and storage per facility and location',
    'gasbbactualflowstorage{any}.csv',
    'GBB base name gasbbactualflowstorage (aemo-formats note §11); history from 2018-09',
  ),
  gbb(
    'gbb_nomination_and_forecast',
    'GBB nominations and forecasts',
    'gasbbnominationandforecast{any}.csv',
    'GBB base name gasbbnominationandforecast (aemo-formats note §11)',
  ),
  gbb(
    'gbb_pipeline_connection_flow',
    'GBB pipeline connection point flows',
    'gasbbpipelineconnectionflow{any}.csv',
    'GBB base name gasbbpipelineconnectionflow (aemo-formats note §11)',
  ),
  gbb(
    'gbb_forecast_utilisation',
    'GBB forecast utilisation (wide: one column per forecast date)',
    'gbb_forecastutilisation{any}.csv',
    'GBB base name gbb_forecastutilisation (aemo-formats note §11)',
  ),
  {
    id: 'gbb_gsh_gas_trades',
    title: 'Gas Supply Hub trades (GSH_GAS_TRADES_WEB; the one C/I/D gas report)',
    market: 'gas',
    gasMarket: 'gbb',
    format: 'cid',
    cadence: 'daily',
    stamp: 'publish-time',
    current: { folder: GBB, file: 'gasbbgshgastrades{any}.csv' },
    sections: ['GSH,GAS_TRADES'],
    evidence: 'note',
    reference: 'aemo-formats note §11: C,NEMP.WORLD,GSH_GAS_TRADES_WEB header, I,GSH,GAS_TRADES,1',
  },
];
