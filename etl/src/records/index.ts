// Bookkeeping tables: columns declared once, rows queued and appended per run, timestamps read back as Dates.
export { RecordTable, readDate, recordFrame, type RecordColumn, type RecordTableSpec } from './record-table';
