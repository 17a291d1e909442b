#!/usr/bin/env python3
"""Posts an OTLP protobuf trace file to an OTLP/HTTP receiver as many small requests, paced,
so that a screenshot of the Live page shows data arriving. Standard library only: the file is
split on the wire format (ResourceSpans → ScopeSpans → Span, field 1/2/2), each request
keeping its resource and scope. Stops after --seconds or when the file is sent; 127.0.0.1 only.

usage: live-sender.py FILE.otlp.pb[.gz] http://127.0.0.1:PORT [--spans N] [--seconds S]
"""
import argparse
import gzip
import time
import urllib.request


def varint(data, i):
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def encode_varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def fields(data):
    """(field number, wire type, raw bytes of the whole field, payload) of a message."""
    i = 0
    while i < len(data):
        start = i
        key, i = varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 2:
            length, i = varint(data, i)
            payload = data[i:i + length]
            i += length
        elif wire == 0:
            _, i = varint(data, i)
            payload = None
        elif wire == 1:
            i += 8
            payload = None
        elif wire == 5:
            i += 4
            payload = None
        else:
            raise ValueError("unexpected wire type %d" % wire)
        yield number, wire, data[start:i], payload


def field(number, payload):
    return encode_varint(number << 3 | 2) + encode_varint(len(payload)) + payload


def requests(data, spans_per_request):
    for number, _, _, resource_spans in fields(data):
        if number != 1:
            continue
        resource_rest = b"".join(raw for n, _, raw, _ in fields(resource_spans) if n != 2)
        for n, _, _, scope_spans in fields(resource_spans):
            if n != 2:
                continue
            scope_rest = b"".join(raw for m, _, raw, _ in fields(scope_spans) if m != 2)
            spans = [raw for m, _, raw, _ in fields(scope_spans) if m == 2]
            for at in range(0, len(spans), spans_per_request):
                scope = scope_rest + b"".join(spans[at:at + spans_per_request])
                yield field(1, resource_rest + field(2, scope)), len(spans[at:at + spans_per_request])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("url")
    parser.add_argument("--spans", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--per-second", type=float, default=20, help="requests per second")
    args = parser.parse_args()
    if not args.url.startswith("http://127.0.0.1:"):
        raise SystemExit("live-sender.py: sends to 127.0.0.1 only")
    raw = open(args.file, "rb").read()
    data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    deadline = time.monotonic() + args.seconds
    sent = 0
    for body, count in requests(data, args.spans):
        if time.monotonic() > deadline:
            break
        request = urllib.request.Request(args.url + "/v1/traces", data=body,
                                         headers={"Content-Type": "application/x-protobuf"})
        # Refused while the GUI starts: the same request again, until the deadline.
        while time.monotonic() <= deadline:
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:
                    answer.read()
                sent += count
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(1 / args.per_second)
    print("live-sender.py: %d spans sent" % sent)


if __name__ == "__main__":
    main()
