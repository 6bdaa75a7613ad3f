/**
 * A Word document (DOCX): a ZIP archive, read by its central directory as Word reads it, holding
 * the parts every writer of one (Word, Google Docs, LibreOffice, Pages) puts there, with the main
 * part declared a document (not a template, not macro-enabled: a renamed .docm carries VBA code).
 * The archive must be whole and alone: it starts at byte 0 and its end record is the file's end,
 * so nothing can ride in front of it or behind it.
 */
import { inflateRawSync } from 'node:zlib';
import type { FormatVerdict } from './verdict';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_RECORD = 0x06054b50;
/** The main part's content type, as an attribute value in [Content_Types].xml. */
const MAIN_DOCUMENT = /ContentType\s*=\s*["']application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document\.main\+xml["']/;
/** More than any real [Content_Types].xml; a part that inflates past it is refused rather than read. */
const MAX_CONTENT_TYPES_BYTES = 1024 * 1024;

interface Entry {
  method: number;
  flags: number;
  compressedSize: number;
  dataOffset: number;
}

/** The archive's entries by name, or why it is not a whole ZIP archive. */
function readZip(view: Buffer): Map<string, Entry> | string {
  const broken = 'the file is not a whole ZIP archive, as a DOCX is: save it from Word again';
  let end = -1;
  // The end record: 22 bytes and a comment of up to 65,535, which must reach the file's last byte.
  for (let at = view.length - 22; at >= Math.max(0, view.length - 22 - 65_535); at--) {
    if (view.readUInt32LE(at) === END_RECORD && at + 22 + view.readUInt16LE(at + 20) === view.length) {
      end = at;
      break;
    }
  }
  if (end < 0) return broken;
  const count = view.readUInt16LE(end + 10);
  const directorySize = view.readUInt32LE(end + 12);
  const directoryStart = view.readUInt32LE(end + 16);
  if (view.readUInt16LE(end + 4) !== 0 || view.readUInt16LE(end + 8) !== count || directoryStart + directorySize !== end) return broken;
  const entries = new Map<string, Entry>();
  let at = directoryStart;
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || view.readUInt32LE(at) !== CENTRAL_HEADER) return broken;
    const nameLength = view.readUInt16LE(at + 28);
    const name = view.toString('utf8', at + 46, at + 46 + nameLength);
    const local = view.readUInt32LE(at + 42);
    if (local + 30 > directoryStart || view.readUInt32LE(local) !== LOCAL_HEADER) return broken;
    const localNameLength = view.readUInt16LE(local + 26);
    if (view.toString('utf8', local + 30, local + 30 + localNameLength) !== name) return broken;
    const dataOffset = local + 30 + localNameLength + view.readUInt16LE(local + 28);
    const compressedSize = view.readUInt32LE(at + 20);
    if (dataOffset + compressedSize > directoryStart) return broken;
    entries.set(name, { method: view.readUInt16LE(at + 10), flags: view.readUInt16LE(at + 8), compressedSize, dataOffset });
    at += 46 + nameLength + view.readUInt16LE(at + 30) + view.readUInt16LE(at + 32);
  }
  return at === end ? entries : broken;
}

function readEntry(view: Buffer, entry: Entry): string | undefined {
  const data = view.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  try {
    if (entry.method === 0) return data.toString('utf8');
    if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: MAX_CONTENT_TYPES_BYTES }).toString('utf8');
  } catch {
    return undefined;
  }
  return undefined;
}

export function checkDocx(bytes: Uint8Array): FormatVerdict {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < 30 || view.readUInt32LE(0) !== LOCAL_HEADER) return undefined;
  const entries = readZip(view);
  if (typeof entries === 'string') return { problem: entries };
  const contentTypes = entries.get('[Content_Types].xml');
  if (!contentTypes || !entries.has('_rels/.rels') || !entries.has('word/document.xml')) {
    return { problem: 'the file is a ZIP archive but not a Word document (DOCX)' };
  }
  if ([...entries.values()].some((e) => e.flags & 1)) return { problem: 'the archive is encrypted: employers could not open it' };
  if (entries.has('word/vbaProject.bin')) return { problem: 'the document contains macros: save it as a plain Word document (.docx)' };
  const declared = readEntry(view, contentTypes);
  if (declared === undefined) return { problem: 'the file is not a whole ZIP archive, as a DOCX is: save it from Word again' };
  if (!MAIN_DOCUMENT.test(declared)) {
    return { problem: 'the file is a Word template or macro-enabled document, not a plain document: save it as a Word document (.docx)' };
  }
  return { type: 'docx' };
}
