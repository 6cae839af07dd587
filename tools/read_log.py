#!/usr/bin/env python3
"""Reads a Boomscooter log directory (format version 2) using only docs/log-format.md and the standard library.

Checks every segment header, every frame checksum (CRC32C, implemented here) and that seqnos are
contiguous; prints a summary, or one JSON object with --json (add --entries for one line per entry).
Frames of types other than ENTRY (leader markers, protocol families' frames, types this script does not
know) are checked and skipped; they are counted in "otherFrames".
Exit status: 0 sound, 1 corrupt, 2 not a log / usage error.
"""
import argparse
import base64
import json
import os
import re
import struct
import sys

SEGMENT_MAGIC = b"BSLOGSEG"
SEGMENT_HEADER_LENGTH = 64
FORMAT_VERSION = 2
FRAME_HEADER_LENGTH = 32
FRAME_ALIGNMENT = 8
TYPE_ENTRY = 1
TYPE_PADDING = 2
ENTRY_FIXED_LENGTH = 21
NAME = re.compile(r"^(\d{20})\.seg$")


def _crc32c_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_TABLE = _crc32c_table()


def crc32c(data, crc=0):
    crc ^= 0xFFFFFFFF
    table = _TABLE
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


class Corrupt(Exception):
    def __init__(self, seqno, path, offset, reason):
        super().__init__(f"corrupt at seqno {seqno} in {path} at offset {offset}: {reason}")
        self.seqno, self.path, self.offset, self.reason = seqno, path, offset, reason


def align(n):
    return (n + FRAME_ALIGNMENT - 1) & -FRAME_ALIGNMENT


def parse_body(body):
    """ENTRY body: producerId i64, producerSeqno i64, key length u32, channel length u8, channel, key, payload."""
    if len(body) < ENTRY_FIXED_LENGTH:
        raise ValueError("body shorter than an empty entry")
    producer_id, producer_seqno, key_length, channel_length = struct.unpack_from("<qqIB", body, 0)
    pos = ENTRY_FIXED_LENGTH
    if channel_length > 254 or pos + channel_length > len(body):
        raise ValueError("channel overruns frame")
    channel = body[pos:pos + channel_length]
    pos += channel_length
    if pos + key_length > len(body):
        raise ValueError("key length out of frame")
    key = body[pos:pos + key_length]
    payload = body[pos + key_length:]
    return producer_id, producer_seqno, channel.decode("utf-8", "replace"), key, payload


def read_log(directory, on_entry=None):
    names = sorted(n for n in os.listdir(directory) if n.endswith(".seg"))
    if not names:
        raise NotADirectoryError(f"not a log directory (no *.seg files): {directory}")
    summary = {"segments": len(names), "entries": 0, "firstSeqno": None, "lastSeqno": None,
               "lastEpoch": None, "bytesOnDisk": 0, "paddingFrames": 0, "otherFrames": 0, "entryBytes": 0}
    expected = None
    for name in names:
        path = os.path.join(directory, name)
        m = NAME.match(name)
        if not m:
            raise Corrupt(expected or 0, path, 0, "foreign file name")
        base = int(m.group(1))
        with open(path, "rb") as f:
            data = f.read()
        summary["bytesOnDisk"] += len(data)
        if len(data) < SEGMENT_HEADER_LENGTH or data[0:8] != SEGMENT_MAGIC:
            raise Corrupt(base, path, 0, "bad magic or too short")
        (version, header_length, segment_length, alignment, header_base, _created, _interval,
         frame_header_length) = struct.unpack_from("<iiiiqqii", data, 8)
        (header_crc,) = struct.unpack_from("<I", data, 60)
        if crc32c(data[0:60]) != header_crc:
            raise Corrupt(base, path, 0, "segment header checksum mismatch")
        if version != FORMAT_VERSION:
            raise Corrupt(base, path, 0, f"log format version {version}; this reader reads version {FORMAT_VERSION}")
        if (header_length, alignment, frame_header_length) != (64, FRAME_ALIGNMENT, FRAME_HEADER_LENGTH):
            raise Corrupt(base, path, 0, "unsupported segment format")
        if segment_length != len(data):
            raise Corrupt(base, path, 0, f"file is {len(data)} bytes, header says {segment_length}")
        if header_base != base:
            raise Corrupt(base, path, 0, "header base seqno does not match file name")
        if expected is None:
            expected = base
            summary["firstSeqno"] = base
        elif base != expected:
            raise Corrupt(expected, path, 0, f"segment starts at {base}, expected {expected} (missing segment)")
        offset = SEGMENT_HEADER_LENGTH
        while segment_length - offset >= FRAME_HEADER_LENGTH:
            (length, crc, ftype, _flags, epoch, seqno, timestamp) = struct.unpack_from("<iIHHIqq", data, offset)
            if length <= 0:
                break  # not yet written: end of the log (or of this segment's data)
            if length < FRAME_HEADER_LENGTH or offset + length > segment_length:
                raise Corrupt(expected, path, offset, "frame length out of range")
            if ftype == 0:
                raise Corrupt(expected, path, offset, "frame type 0")
            if ftype == TYPE_PADDING and offset + length != segment_length:
                raise Corrupt(expected, path, offset, "padding frame does not end the segment")
            if ftype != TYPE_PADDING and offset + align(length) > segment_length:
                raise Corrupt(expected, path, offset, "frame length out of range")
            if seqno != expected:
                raise Corrupt(expected, path, offset, f"frame seqno {seqno}, expected {expected}")
            end = offset + (FRAME_HEADER_LENGTH if ftype == TYPE_PADDING else length)
            if crc32c(data[offset + 8:end]) != crc:
                raise Corrupt(expected, path, offset, "checksum mismatch")
            if ftype == TYPE_PADDING:
                summary["paddingFrames"] += 1
                break
            if ftype == TYPE_ENTRY:
                try:
                    entry = parse_body(data[offset + FRAME_HEADER_LENGTH:offset + length])
                except (ValueError, IndexError, struct.error) as ex:
                    raise Corrupt(expected, path, offset, f"malformed body: {ex}")
                if on_entry:
                    on_entry(seqno, timestamp, epoch, entry)
                summary["entries"] += 1
                summary["entryBytes"] += align(length)
            else:
                summary["otherFrames"] += 1  # leader marker, family frame or unknown type: checked, skipped
            summary["lastSeqno"] = seqno
            summary["lastEpoch"] = epoch
            expected += 1
            offset += align(length)
    summary["bytesPerEntry"] = round(summary["entryBytes"] / summary["entries"], 2) if summary["entries"] else 0
    return summary


def main():
    parser = argparse.ArgumentParser(description="Check and summarise a Boomscooter log directory.")
    parser.add_argument("directory")
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    parser.add_argument("--entries", action="store_true",
                        help="also print one JSON object per entry (key and payload base64)")
    args = parser.parse_args()

    def print_entry(seqno, timestamp, epoch, entry):
        producer_id, producer_seqno, channel, key, payload = entry
        print(json.dumps({"seqno": seqno, "timestamp": timestamp, "epoch": epoch, "producerId": producer_id,
                          "producerSeqno": producer_seqno, "channel": channel,
                          "key": base64.b64encode(key).decode(), "payload": base64.b64encode(payload).decode()}))

    try:
        summary = read_log(args.directory, print_entry if args.entries else None)
        summary["ok"] = True
        status = 0
    except Corrupt as ex:
        summary = {"ok": False, "badSeqno": ex.seqno, "file": ex.path, "offset": ex.offset, "reason": ex.reason}
        status = 1
    except (NotADirectoryError, FileNotFoundError) as ex:
        print(f"read_log: {ex}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(summary))
    elif summary["ok"]:
        print(f"ok: {summary['entries']} entries, seqnos {summary['firstSeqno']}..{summary['lastSeqno']}, "
              f"{summary['segments']} segments, {summary['bytesOnDisk']} bytes, last epoch {summary['lastEpoch']}")
    else:
        print(f"corrupt at seqno {summary['badSeqno']} in {summary['file']} at offset {summary['offset']}: "
              f"{summary['reason']}")
    return status


if __name__ == "__main__":
    sys.exit(main())
