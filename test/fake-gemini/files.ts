/**
 * The Files API: resumable upload (start, then chunks with `upload` / `upload, finalize`),
 * get, list, delete and download (`?alt=media`, streamed).
 */

import { fail } from './errors';
import { headerValue, sendEmpty, sendJson, write } from './http';
import { newId } from './ids';
import { paginate } from './paging';
import { field } from './request-info';
import type { Call } from './state';
import { fileResource, type StoredFile } from './files-store';

const CHUNK_GRANULARITY = String(8 * 1024 * 1024);

function missing(id: string): Error {
  return fail(403, `You do not have permission to access the File ${id} or it may not exist.`);
}

function lookUp(call: Call, id: string): StoredFile {
  const file = call.state.files.get(id);
  if (!file) {
    throw missing(id);
  }
  return file;
}

export function startUpload(call: Call): void {
  const { req, state } = call;
  const protocol = headerValue(req, 'x-goog-upload-protocol');
  const command = headerValue(req, 'x-goog-upload-command');
  if (protocol !== 'resumable' || command !== 'start') {
    throw fail(400, 'This fake supports resumable uploads only (X-Goog-Upload-Protocol: resumable, X-Goog-Upload-Command: start).');
  }
  if (call.jsonError) {
    throw fail(400, 'Invalid JSON payload received.');
  }
  const file = field(call.json, 'file');
  const declared = headerValue(req, 'x-goog-upload-header-content-length') ?? field(file, 'sizeBytes');
  const name = field(file, 'name');
  const fileId = typeof name === 'string' ? name.replace(/^files\//, '') : undefined;
  if (fileId !== undefined && (!/^[a-z0-9-]{1,40}$/.test(fileId) || state.files.has(fileId))) {
    throw state.files.has(fileId) ? fail(409, `File files/${fileId} already exists.`) : fail(400, `Invalid file name: ${String(name)}`);
  }
  const displayName = field(file, 'displayName');
  const uploadId = newId(24);
  state.files.uploads.set(uploadId, {
    id: uploadId,
    fileId,
    displayName: typeof displayName === 'string' ? displayName : undefined,
    mimeType: String(field(file, 'mimeType') ?? headerValue(req, 'x-goog-upload-header-content-type') ?? 'application/octet-stream'),
    declaredSize: declared === undefined ? undefined : Number(declared),
    chunks: [],
    received: 0,
  });
  const uploadUrl = `${call.origin}/upload/${call.version}/files?upload_id=${uploadId}&upload_protocol=resumable`;
  sendEmpty(call.res, 200, {
    'x-goog-upload-url': uploadUrl,
    'x-goog-upload-control-url': uploadUrl,
    'x-goog-upload-status': 'active',
    'x-goog-upload-chunk-granularity': CHUNK_GRANULARITY,
  });
}

export function uploadChunk(call: Call, uploadId: string): void {
  const { req, res, state } = call;
  const upload = state.files.uploads.get(uploadId);
  if (!upload) {
    throw fail(404, `No upload session ${uploadId}.`);
  }
  const commands = (headerValue(req, 'x-goog-upload-command') ?? '').split(',').map((c) => c.trim());
  if (commands.includes('cancel')) {
    state.files.uploads.delete(uploadId);
    sendEmpty(res, 200, { 'x-goog-upload-status': 'cancelled' });
    return;
  }
  if (commands.includes('upload')) {
    const offset = Number(headerValue(req, 'x-goog-upload-offset'));
    if (offset !== upload.received) {
      sendJson(res, 400, { error: { code: 400, message: `Upload offset ${offset} does not match the ${upload.received} bytes received.`, status: 'INVALID_ARGUMENT' } }, {
        'x-goog-upload-status': 'active',
        'x-goog-upload-size-received': String(upload.received),
      });
      return;
    }
    upload.chunks.push(call.raw);
    upload.received += call.raw.length;
  }
  if (!commands.includes('finalize')) {
    sendEmpty(res, 200, { 'x-goog-upload-status': 'active', 'x-goog-upload-size-received': String(upload.received) });
    return;
  }
  state.files.uploads.delete(uploadId);
  if (upload.declaredSize !== undefined && upload.declaredSize !== upload.received) {
    throw fail(400, `Upload declared ${upload.declaredSize} bytes but sent ${upload.received}.`);
  }
  const file = state.files.add({
    id: upload.fileId,
    mimeType: upload.mimeType,
    displayName: upload.displayName,
    source: 'UPLOADED',
    chunks: upload.chunks,
  });
  sendJson(res, 200, { file: fileResource(file, call.origin, call.version) }, { 'x-goog-upload-status': 'final' });
}

export function getFile(call: Call, id: string): void {
  sendJson(call.res, 200, fileResource(lookUp(call, id), call.origin, call.version));
}

export function listFiles(call: Call): void {
  const page = paginate(call.state.files.all(), call.query, 10, 100);
  const body: Record<string, unknown> = { files: page.items.map((f) => fileResource(f, call.origin, call.version)) };
  if (page.nextPageToken) {
    body.nextPageToken = page.nextPageToken;
  }
  sendJson(call.res, 200, body);
}

export function deleteFile(call: Call, id: string): void {
  if (!call.state.files.delete(id)) {
    throw missing(id);
  }
  sendJson(call.res, 200, {});
}

export async function downloadFile(call: Call, id: string): Promise<void> {
  if (call.query.alt !== 'media') {
    throw fail(400, 'Downloads need alt=media.');
  }
  const file = lookUp(call, id);
  call.res.writeHead(200, { 'content-type': file.mimeType, 'content-length': String(file.size) });
  for (const chunk of file.chunks) {
    if (call.res.destroyed) {
      return;
    }
    await write(call.res, chunk);
  }
  call.res.end();
}
