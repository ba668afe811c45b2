#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into tests/data/fuzz/<target>/seed-*.

Seeds are small valid inputs in each target's input layout (see tests/fuzz/targets/), so the
fuzzer starts from well-formed messages and compressed data instead of guessing zlib
streams. Run it again after changing an input layout; findings (finding-*) are kept.
"""
import os
import struct
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "fuzz")
# A 12x9 JPEG (libjpeg-turbo, quality 80): Python has no JPEG encoder of its own.
JPEG_PICTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "picture-12x9.jpg")
RFB_CAPTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "rfb")


def write(target, name, data):
    folder = os.path.join(ROOT, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "seed-" + name), "wb") as f:
        f.write(data)


def be16(v):
    return struct.pack(">H", v & 0xFFFF)


def be32(v):
    return struct.pack(">I", v & 0xFFFFFFFF)


def pixels(w, h, seed=0):
    """w*h pixels B,G,R,X with a little pattern."""
    out = bytearray()
    for y in range(h):
        for x in range(w):
            out += bytes([(x * 7 + seed) & 255, (y * 5) & 255, (x ^ y) & 255, 0])
    return bytes(out)


def compact_length(n):
    out = bytearray([n & 0x7F])
    if n > 0x7F:
        out[0] |= 0x80
        out.append((n >> 7) & 0x7F)
        if n > 0x3FFF:
            out[1] |= 0x80
            out.append((n >> 14) & 0xFF)
    return bytes(out)


def png(w, h, seed=0):
    rows = bytearray()
    for y in range(h):
        rows.append(0)
        for x in range(w):
            rows += bytes([(x * 3 + seed) & 255, (y * 9) & 255, 128])

    def chunk(kind, body):
        return be32(len(body)) + kind + body + be32(zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(bytes(rows))) + chunk(b"IEND", b""))


# --- rectangle decoders: [fb w-1][fb h-1] then per rectangle [x][y][w][h] + payload -------

def rect(x, y, w, h):
    return bytes([x, y, w, h])


def hextile_seeds():
    fb = bytes([39, 39])  # 40x40
    raw_tile = rect(0, 0, 16, 16) + b"\x01" + pixels(16, 16)
    write("hextile_decoder", "raw-tile", fb + raw_tile)
    # background + foreground + uncoloured subrects, then coloured subrects, in a 40x20 rect
    tiles = bytearray()
    tiles += b"\x0e" + be32(0x00112233)[::-1] + be32(0x00AABBCC)[::-1] + b"\x02" + b"\x00\x33" + b"\x44\x77"
    tiles += b"\x18" + b"\x02" + b"\x01\x02\x03\x00" + b"\x00\x00" + b"\x04\x05\x06\x00" + b"\x11\x22"
    tiles += b"\x00"  # third tile (8 wide at the edge): same background
    write("hextile_decoder", "subrects", fb + rect(0, 0, 40, 16) + bytes(tiles))
    write("hextile_decoder", "edge-tiles", fb + rect(30, 30, 10, 10) + b"\x02\x10\x20\x30\x00")


def zlib_seeds():
    fb = bytes([63, 63])
    c = zlib.compressobj()
    out = bytearray(fb)
    for i, (x, y, w, h) in enumerate([(0, 0, 16, 8), (8, 8, 20, 20), (60, 60, 4, 4)]):
        data = c.compress(pixels(w, h, i)) + c.flush(zlib.Z_SYNC_FLUSH)
        out += rect(x, y, w, h) + be32(len(data)) + data
    write("zlib_decoder", "three-rects-one-stream", bytes(out))


def cpixel(r, g, b):
    return bytes([b, g, r])


def zrle_tiles(w, h):
    """Tiles of 64x64 in order; cycle through the sub-encodings."""
    out = bytearray()
    kind = 0
    for ty in range(0, h, 64):
        for tx in range(0, w, 64):
            tw, th = min(64, w - tx), min(64, h - ty)
            n = tw * th
            k = kind % 5
            kind += 1
            if k == 0:
                out += b"\x00" + b"".join(cpixel(i & 255, 0, 9) for i in range(n))
            elif k == 1:
                out += b"\x01" + cpixel(1, 2, 3)
            elif k == 2:  # 2-colour palette, 1 bit per pixel, rows padded
                out += b"\x02" + cpixel(0, 0, 0) + cpixel(255, 255, 255)
                out += bytes([0xAA]) * (((tw + 7) // 8) * th)
            elif k == 3:  # plain RLE
                out += b"\x80"
                left = n
                while left:
                    run = min(left, 300)
                    out += cpixel(run & 255, 7, 7)
                    r = run - 1
                    while r >= 255:
                        out += b"\xff"
                        r -= 255
                    out.append(r)
                    left -= run
            else:  # palette RLE with 3 colours
                out += bytes([128 + 3]) + cpixel(9, 9, 9) + cpixel(8, 8, 8) + cpixel(7, 7, 7)
                left = n
                i = 0
                while left:
                    if left >= 2 and i % 2:
                        out += bytes([0x80 | 1, 1])  # index 1, a run of 2
                        left -= 2
                    else:
                        out.append(2)
                        left -= 1
                    i += 1
    return bytes(out)


def zrle_seeds():
    fb = bytes([127, 127])
    c = zlib.compressobj()
    out = bytearray(fb)
    for (x, y, w, h) in [(0, 0, 128, 70), (3, 100, 100, 20)]:
        data = c.compress(zrle_tiles(w, h)) + c.flush(zlib.Z_SYNC_FLUSH)
        out += rect(x, y, w, h) + be32(len(data)) + data
    write("zrle_decoder", "every-subencoding", bytes(out))


def tight_seeds():
    fb = bytes([63, 63])
    out = bytearray(fb)
    out += rect(0, 0, 10, 10) + b"\x80" + b"\x10\x20\x30"  # fill
    # basic, stream 0, copy filter implicit, small (<12 bytes raw): 1x3 pixels = 9 bytes
    out += rect(1, 1, 3, 1) + b"\x00" + bytes(range(9))
    # basic, stream 1, copy filter, zlib
    c1 = zlib.compressobj()
    raw = bytes((i * 5) & 255 for i in range(20 * 10 * 3))
    data = c1.compress(raw) + c1.flush(zlib.Z_SYNC_FLUSH)
    out += rect(5, 5, 20, 10) + b"\x10" + compact_length(len(data)) + data
    # palette filter (explicit), 2 colours -> 1 bit per pixel, stream 2
    c2 = zlib.compressobj()
    bits = bytes([0x5A]) * (((16 + 7) // 8) * 16)
    data = c2.compress(bits) + c2.flush(zlib.Z_SYNC_FLUSH)
    out += rect(0, 20, 16, 16) + b"\x60\x01\x01" + b"\x00\x00\x00\xff\xff\xff" + compact_length(len(data)) + data
    # gradient filter, stream 3
    c3 = zlib.compressobj()
    raw = bytes((i * 3) & 255 for i in range(12 * 12 * 3))
    data = c3.compress(raw) + c3.flush(zlib.Z_SYNC_FLUSH)
    out += rect(30, 30, 12, 12) + b"\x70\x02" + compact_length(len(data)) + data
    write("tight_decoder", "fill-copy-palette-gradient", bytes(out))
    j = jpeg_picture()
    write("tight_decoder", "jpeg", fb + rect(3, 3, 12, 9) + b"\x90" + compact_length(len(j)) + j)
    # palette of 5 colours (8 bits per pixel) with stream reset bits
    c = zlib.compressobj()
    idx = bytes(i % 5 for i in range(8 * 8))
    data = c.compress(idx) + c.flush(zlib.Z_SYNC_FLUSH)
    pal = b"".join(bytes([i * 40, 0, 255 - i * 40]) for i in range(5))
    write("tight_decoder", "palette-5", fb + rect(2, 2, 8, 8) + b"\x41\x01\x04" + pal +
          compact_length(len(data)) + data)


def jpeg_picture():
    with open(JPEG_PICTURE, "rb") as f:
        return f.read()


def tightpng_seeds():
    fb = bytes([63, 63])
    j = jpeg_picture()
    write("tightpng_decoder", "jpeg", fb + rect(1, 2, 12, 9) + b"\x90" + compact_length(len(j)) + j)
    write("tightpng_decoder", "fill", fb + rect(0, 0, 20, 20) + b"\x80\x01\x02\x03")
    p = png(12, 9)
    write("tightpng_decoder", "png", fb + rect(4, 4, 12, 9) + b"\xa0" + compact_length(len(p)) + p)


def raw_copyrect_seeds():
    fb = bytes([31, 31])
    write("raw_copyrect_decoder", "raw", b"\x00" + fb + rect(2, 3, 5, 4) + pixels(5, 4))
    write("raw_copyrect_decoder", "copyrect", b"\x01" + fb + rect(10, 10, 8, 8) + be16(0) + be16(2))


def cursor_seeds():
    def header(kind, x, y, w, h):
        return bytes([kind]) + be16(x) + be16(y) + be16(w) + be16(h)

    w, h = 8, 6
    mask = bytes([0xF0]) * (((w + 7) // 8) * h)
    write("cursors", "rich", header(0, 1, 2, w, h) + pixels(w, h) + mask + b"\x05\x06")
    write("cursors", "alpha", header(1, 0, 0, w, h) + pixels(w, h, 3) + b"\x00\x00")
    write("cursors", "vmware-and-xor", header(2, 1, 1, w, h) + b"\x00\x00" + pixels(w, h) * 2 + b"\x10\x10")
    write("cursors", "vmware-alpha", header(2, 1, 1, w, h) + b"\x01\x00" + pixels(w, h, 9) + b"\x20\x01")


# --- the RFB client: [selector] + the server's byte stream --------------------------------
# selector bits: 0-1 dialect (0 auto, 1 WebMKS, 2 RFB), 2-4 the one encoding announced
# (0 all, 1 Raw, 2 Hextile, 3 Zlib, 4 Tight, 5 ZRLE, 6 TightPNG), 6-7 read size.

def server_init(w, h, name=b"seed"):
    return (be16(w) + be16(h) + bytes([32, 24, 0, 1]) + be16(255) * 3 + bytes([16, 8, 0, 0, 0, 0]) +
            be32(len(name)) + name)


def update(rects):
    return b"\x00\x00" + be16(len(rects)) + b"".join(rects)


def rect_header(x, y, w, h, enc):
    return be16(x) + be16(y) + be16(w) + be16(h) + struct.pack(">i", enc)


def vmw(msg_id, payload):
    return b"\x7f" + bytes([msg_id]) + be16(len(payload) + 4) + payload


def rfb_client_seeds():
    for name, selector in [("hextile", 2 | 2 << 2), ("zlib", 2 | 3 << 2), ("tight", 2 | 4 << 2),
                           ("zrle", 2 | 5 << 2), ("tightpng", 2 | 6 << 2)]:
        with open(os.path.join(RFB_CAPTURES, "qemu-" + name + ".rfb"), "rb") as f:
            write("rfb_client", "qemu-" + name, bytes([selector | 1 << 6]) + f.read())
    w, h = 64, 48
    p = png(16, 16)
    direct = (server_init(w, h, b"webmks") +
              vmw(0, be32(0x2 | 0x8 | 0x20 | 0x20000)) +  # ServerCaps
              update([rect_header(0, 0, w, h, -260) + b"\x80\x10\x20\x30",
                      rect_header(4, 4, 16, 16, -260) + b"\xa0" + compact_length(len(p)) + p,
                      rect_header(0, 0, 4, 2, 0) + pixels(4, 2),
                      rect_header(2, 3, 4, 4, 0x574D5664) + b"\x01\x00" + pixels(4, 4),
                      rect_header(0, 0, 0, 0, 0x574D5665) + b"\x00\x01",
                      rect_header(10, 12, 0, 0, 0x574D5666),
                      rect_header(0, 0, 0, 0, 0x574D5668) + be32(6),
                      rect_header(0, 0, 80, 60, -223),
                      rect_header(0, 0, 0, 0, -224)]) +
              b"\x02" +  # Bell
              b"\x03\x00\x00\x00" + be32(5) + b"hello" +  # ServerCutText
              vmw(1, be32(0)) +
              update([rect_header(0, 0, 80, 60, -260) + b"\x80\x00\x00\x00"]))
    write("rfb_client", "webmks-direct", bytes([1]) + direct)
    rfb33 = b"RFB 003.003\n" + be32(1) + server_init(32, 16) + update([rect_header(0, 0, 32, 16, -260) + b"\x80\x01\x01\x01"])
    write("rfb_client", "rfb33-none", bytes([2 | 6 << 2]) + rfb33)
    rfb37 = b"RFB 003.007\n" + b"\x01\x01" + server_init(32, 16) + update([rect_header(0, 0, 32, 16, 0) + pixels(32, 16)])
    write("rfb_client", "rfb37-none", bytes([2 | 1 << 2 | 3 << 6]) + rfb37)
    fence = b"\xf8\x00\x00\x00" + be32(0x80000007) + b"\x04abcd"
    eds = rect_header(0, 0, 40, 20, -308) + b"\x01\x00\x00\x00" + be32(7) + be16(0) + be16(0) + be16(40) + be16(20) + be32(0)
    qemu = (b"RFB 003.008\n" + b"\x01\x02" + bytes(16) + be32(0) + server_init(32, 16) +
            update([rect_header(0, 0, 0, 0, -258), rect_header(0, 0, 0, 0, -261) + b"\x07", eds,
                    rect_header(0, 0, 0, 0, -307) + be32(4) + b"qemu",
                    rect_header(0, 0, 40, 20, 1) + be16(0) + be16(0),
                    rect_header(1, 1, 2, 2, -239) + pixels(2, 2) + b"\xc0\xc0",
                    rect_header(0, 0, 2, 2, -314) + be32(0) + pixels(2, 2)]) + fence + b"\x96")
    write("rfb_client", "rfb38-vncauth-qemu-messages", bytes([2 | 2 << 6]) + qemu)


# --- WebSocket, both sides ----------------------------------------------------------------

def ws_frame(opcode, payload, fin=True, mask=None):
    head = bytes([(0x80 if fin else 0) | opcode])
    n = len(payload)
    mask_bit = 0x80 if mask else 0
    if n < 126:
        head += bytes([mask_bit | n])
    elif n < 65536:
        head += bytes([mask_bit | 126]) + be16(n)
    else:
        head += bytes([mask_bit | 127]) + struct.pack(">Q", n)
    if mask:
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        head += mask
    return head + payload


def websocket_seeds():
    reply = (b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             b"Sec-WebSocket-Accept: ACCEPT_KEY\r\nSec-WebSocket-Protocol: binary\r\n\r\n")
    frames = (ws_frame(2, server_init(16, 8)) + ws_frame(9, b"ping") +
              ws_frame(2, b"\x00\x00", fin=False) + ws_frame(0, b"\x00\x01") +
              ws_frame(8, be16(1000) + b"bye"))
    write("websocket_client", "binary-frames", reply + frames)
    text = reply.replace(b"binary", b"uint8utf8")
    write("websocket_client", "uint8utf8", text + ws_frame(1, "RFB 003.008\n\u00ff\u0080".encode()))
    write("websocket_client", "503", b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")

    mask = b"\x11\x22\x33\x44"
    request = (b"GET /ticket/fuzz HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
               b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
               b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: binary, uint8utf8\r\n\r\n")
    write("sim_websocket_server", "ticket-binary",
          request + ws_frame(2, b"RFB 003.008\n", mask=mask) + ws_frame(9, b"p", mask=mask) +
          ws_frame(2, b"\x01", fin=False, mask=mask) + ws_frame(0, b"\x01", mask=mask) +
          ws_frame(8, be16(1000), mask=mask))
    write("sim_websocket_server", "console-uint8utf8",
          request.replace(b"/ticket/fuzz", b"/console/vm-1").replace(b"binary, ", b"") +
          ws_frame(1, "RFB 003.008\n".encode(), mask=mask))
    write("sim_websocket_server", "api", b"POST /api/tickets HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")


# --- webmks-sim's reader of client messages: [selector] + what the client sends ------------

def sim_client_seeds():
    encodings = [-260, 0, 0x574D5664, 0x574D567A, -223, -224]
    set_enc = b"\x02\x00" + be16(len(encodings)) + b"".join(struct.pack(">i", e) for e in encodings)
    request = b"\x03\x00" + be16(0) + be16(0) + be16(720) + be16(400)
    incremental = b"\x03\x01" + be16(0) + be16(0) + be16(720) + be16(400)
    keys = b"\x04\x01\x00\x00" + be32(0x61) + b"\x04\x00\x00\x00" + be32(0x61)
    pointer = b"\x05\x01" + be16(10) + be16(20)
    cut = b"\x06\x00\x00\x00" + be32(3) + b"abc"
    vmw_key = b"\x7f\x00" + be16(8) + be16(0x1e) + b"\x01\x00"
    vmw_key_up = b"\x7f\x00" + be16(8) + be16(0x1e) + b"\x00\x00"
    qemu_key = b"\xff\x00" + be16(1) + be32(0x62) + be32(0x30)
    messages = set_enc + request + keys + pointer + cut + vmw_key + vmw_key_up + qemu_key + incremental
    write("sim_client_messages", "rfb38", b"\x00" + b"RFB 003.008\n" + b"\x01" + b"\x01" + messages)
    write("sim_client_messages", "direct-push", b"\x03" + messages)


# --- small parsers ---------------------------------------------------------------------------

def parser_seeds():
    import gzip
    font = "/usr/share/consolefonts/Lat15-Fixed16.psf.gz"
    with open(font, "rb") as f:
        write("psf_font", "lat15-gz", f.read())
    with open(font, "rb") as f:
        write("psf_font", "lat15-plain", gzip.decompress(f.read()))
    write("png_image", "rgb", png(7, 5))
    for i, text in enumerate(["<enter><wait5>root<enter>", "<leftCtrlOn>c<leftCtrlOff><wait1m30s>",
                              "héllo <f10><esc><spacebar><tab><bs><del><up><down><wait>", "<waitXX><>"]):
        write("key_notation", str(i), text.encode())
    for i, text in enumerate(["wss://esx1.example:443/ticket/0123456789abcdef", "vnc://[::1]:5901",
                              "ws://127.0.0.1:5700/", "vcenter://admin@vsphere.local@vc.example:8443/DC0/vm/web01?thumbprint=AA:BB",
                              "vcenter://u@vc/vm-42", "https://vc.example", "http://[fe80::1]:80"]):
        write("console_target", str(i), text.encode())
    manifest = (b'{"version":1,"files":[{"path":"shot.png","size":3,"sha256":'
                b'"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},'
                b'{"path":"../etc/passwd","size":1,"sha256":"00"}]}')
    write("run_folder_verify", "manifest-and-file", manifest + b"\n@@@\n" + b"\n@@@\n" + b"\n@@@\nabc")


def main():
    hextile_seeds()
    zlib_seeds()
    zrle_seeds()
    tight_seeds()
    tightpng_seeds()
    raw_copyrect_seeds()
    cursor_seeds()
    rfb_client_seeds()
    websocket_seeds()
    sim_client_seeds()
    parser_seeds()


if __name__ == "__main__":
    main()
