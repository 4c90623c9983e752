import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseIisListing, renderIisListing } from '../../../etl/src/crawl';

const LISTING = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'fixtures',
  'aemo',
  'listings',
  'DispatchIS_Reports.html',
);

describe('parseIisListing', () => {
  const html = readFileSync(LISTING, 'utf8');
  const page = 'https://nemweb.com.au/Reports/Current/DispatchIS_Reports/';
  const entries = parseIisListing(html, page);

  it('reads every entry of the real DispatchIS listing: one folder and 577 zips', () => {
    expect(entries.filter((e) => e.isDirectory).map((e) => e.name)).toEqual(['DUPLICATE']);
    expect(entries.filter((e) => !e.isDirectory)).toHaveLength(577);
  });

  it('reads listing times as AEST and sizes in bytes', () => {
    expect(entries[1]).toEqual({
      name: 'PUBLIC_DISPATCHIS_202111081435_0000000352251582.zip',
      href: 'http://nemweb.com.au/Reports/Current/DispatchIS_Reports/PUBLIC_DISPATCHIS_202111081435_0000000352251582.zip',
      isDirectory: false,
      modifiedAt: new Date('2021-11-08T04:30:00Z'),
      sizeBytes: 18166,
    });
    const times = entries.filter((e) => !e.isDirectory).map((e) => e.modifiedAt!.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('keeps %2523 in the href and decodes the name once to the stored %23', () => {
    const html2 =
      '<pre><A HREF="/x/">[To Parent Directory]</A><br><br> Sunday, September 1, 2024  1:05 PM   12 ' +
      '<A HREF="/x/PUBLIC_ARCHIVE%2523DISPATCHPRICE%2523FILE01%2523202408010000.zip">PUBLIC_ARCHIVE%23DISPATCHPRICE%23FILE01%23202408010000.zip</A><br>' +
      ' 09/01/2024 11:05 PM &lt;dir&gt; <A HREF="/x/sub/">sub</A><br></pre>';
    expect(parseIisListing(html2, 'https://nemweb.com.au/x/')).toEqual([
      {
        name: 'PUBLIC_ARCHIVE%23DISPATCHPRICE%23FILE01%23202408010000.zip',
        href: 'https://nemweb.com.au/x/PUBLIC_ARCHIVE%2523DISPATCHPRICE%2523FILE01%2523202408010000.zip',
        isDirectory: false,
        modifiedAt: new Date('2024-09-01T03:05:00Z'),
        sizeBytes: 12,
      },
      {
        name: 'sub',
        href: 'https://nemweb.com.au/x/sub/',
        isDirectory: true,
        modifiedAt: new Date('2024-09-01T13:05:00Z'),
      },
    ]);
  });

  it('refuses a page that is not a listing', () => {
    expect(() => parseIisListing('<html><body>Service Unavailable</body></html>', page)).toThrow(
      `${page}: not an IIS directory listing (no <pre> block)`,
    );
  });

  it('reads back what renderIisListing writes', () => {
    const rendered = renderIisListing('/a/b/', [
      {
        name: 'PUBLIC_ARCHIVE%23X%23FILE01%23202408010000.zip',
        isDirectory: false,
        modifiedAt: new Date('2024-09-01T02:00:00Z'),
        sizeBytes: 9,
      },
    ]);
    expect(parseIisListing(rendered, 'http://127.0.0.1:1/a/b/')[0]).toMatchObject({
      name: 'PUBLIC_ARCHIVE%23X%23FILE01%23202408010000.zip',
      href: 'http://127.0.0.1:1/a/b/PUBLIC_ARCHIVE%2523X%2523FILE01%2523202408010000.zip',
      sizeBytes: 9,
    });
  });
});
