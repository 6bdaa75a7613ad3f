/**
 * A Word 97–2003 document (DOC): an OLE2 compound file whose directory, read through its sector
 * tables as Word reads it, holds a `WordDocument` stream beginning with Word's file information
 * block, and its table stream (`0Table` or `1Table`). Other compound files (Excel, PowerPoint,
 * Outlook messages, an encrypted DOCX) are not resumes; a DOC with a `Macros` storage carries VBA
 * code, and an encrypted one no employer could open.
 */
import type { FormatVerdict } from './verdict';

const SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** Sector numbers at or past this are markers (end of chain, free, FAT, DIFAT), not sectors. */
const MAX_SECTOR = 0xfffffffa;
const STORAGE = 1;
const STREAM = 2;
const ROOT = 5;
/** wIdent, the first two bytes of a Word 97+ FIB. */
const WORD_FIB = 0xa5ec;

interface DirectoryEntry {
  name: string;
  type: number;
  start: number;
  size: number;
}

class Broken extends Error {}

/** The directory of a compound file, and a reader of its streams' first bytes. */
function readCompoundFile(view: Buffer) {
  const fail = (): never => {
    throw new Broken();
  };
  if (view.length < 512 || view.readUInt16LE(0x1c) !== 0xfffe) fail();
  const shift = view.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) fail();
  const size = 1 << shift;
  const sectors = Math.floor((view.length - size) / size) + (view.length % size ? 1 : 0);
  const offsetOf = (sector: number) => (sector + 1) * size;
  const u32 = (at: number) => (at + 4 <= view.length ? view.readUInt32LE(at) : fail());

  // The FAT's own sectors: 109 named in the header, the rest in a chain of DIFAT sectors.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) fatSectors.push(u32(0x4c + i * 4));
  for (let difat = u32(0x44), hops = 0; difat < MAX_SECTOR; hops++) {
    if (hops > sectors) fail();
    for (let i = 0; i < size / 4 - 1; i++) fatSectors.push(u32(offsetOf(difat) + i * 4));
    difat = u32(offsetOf(difat) + size - 4);
  }
  const fat = fatSectors.filter((s) => s < MAX_SECTOR).slice(0, u32(0x2c));
  const next = (sector: number) => {
    const index = Math.floor((sector * 4) / size);
    if (index >= fat.length) fail();
    return u32(offsetOf(fat[index]!) + ((sector * 4) % size));
  };
  /** The sectors of a chain, in order; a chain that loops or leaves the file is a broken file. */
  const chain = (start: number): number[] => {
    const out: number[] = [];
    for (let sector = start; sector < MAX_SECTOR; sector = next(sector)) {
      if (sector >= sectors || out.length >= sectors) fail();
      out.push(sector);
    }
    return out;
  };

  const entries: DirectoryEntry[] = [];
  for (const sector of chain(u32(0x30))) {
    for (let at = offsetOf(sector); at < offsetOf(sector) + size; at += 128) {
      const nameBytes = Math.min(view.readUInt16LE(at + 0x40), 64);
      entries.push({
        name: view.toString('utf16le', at, at + Math.max(0, nameBytes - 2)),
        type: view[at + 0x42]!,
        start: u32(at + 0x74),
        size: u32(at + 0x78),
      });
    }
  }
  const root = entries[0];
  if (root?.type !== ROOT) fail();
  const cutoff = u32(0x38);

  /** The offset in the file of a stream's first byte. */
  const startOf = (entry: DirectoryEntry): number => {
    if (entry.size >= cutoff) return entry.start < sectors ? offsetOf(entry.start) : fail();
    // Small streams live in the mini stream (the root entry's chain), in 64-byte mini sectors.
    const within = entry.start * (1 << view.readUInt16LE(0x20));
    const holder = chain(root!.start)[Math.floor(within / size)] ?? fail();
    return offsetOf(holder) + (within % size);
  };
  return { entries, startOf };
}

export function checkDoc(bytes: Uint8Array): FormatVerdict {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < SIGNATURE.length || !view.subarray(0, SIGNATURE.length).equals(SIGNATURE)) return undefined;
  let file: ReturnType<typeof readCompoundFile>;
  try {
    file = readCompoundFile(view);
  } catch (error) {
    if (error instanceof Broken || error instanceof RangeError) return { problem: 'the file is a damaged Office compound file: save it from Word again' };
    throw error;
  }
  const named = (name: string, type: number) => file.entries.find((e) => e.type === type && e.name === name);
  if (named('EncryptedPackage', STREAM)) return { problem: 'the document is password-protected: employers could not open it' };
  const word = named('WordDocument', STREAM);
  if (!word) return { problem: 'the file is an Office file but not a Word document (DOC)' };
  if (!named('0Table', STREAM) && !named('1Table', STREAM)) return { problem: 'the Word document (DOC) is damaged: save it from Word again' };
  if (named('Macros', STORAGE)) return { problem: 'the document contains macros: save it without them, or as a .docx' };
  const fib = file.startOf(word);
  if (word.size < 12 || fib + 12 > view.length || view.readUInt16LE(fib) !== WORD_FIB) {
    return { problem: 'the file is an older or damaged Word format: save it from Word as a .docx' };
  }
  // fEncrypted: bit 8 of the FIB's flags at offset 10.
  if (view.readUInt16LE(fib + 10) & 0x0100) return { problem: 'the document is password-protected: employers could not open it' };
  return { type: 'doc' };
}
