/** List paging with opaque page tokens, as the files and batches lists use. */

import { fail } from './errors';

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

export function paginate<T>(all: T[], query: Record<string, string>, defaultSize: number, maxSize: number): Page<T> {
  const requested = Number(query.pageSize ?? defaultSize);
  const size = Math.min(maxSize, requested > 0 ? Math.floor(requested) : defaultSize);
  let start = 0;
  if (query.pageToken) {
    start = Number(Buffer.from(query.pageToken, 'base64url').toString('utf8').replace(/^offset:/, ''));
    if (!Number.isInteger(start) || start < 0) {
      throw fail(400, 'Invalid page token.');
    }
  }
  const items = all.slice(start, start + size);
  const next = start + size;
  return next < all.length ? { items, nextPageToken: Buffer.from(`offset:${next}`).toString('base64url') } : { items };
}
