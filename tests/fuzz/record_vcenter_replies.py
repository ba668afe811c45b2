#!/usr/bin/env python3
"""Records vCenter's HTTP replies as a seed for the vcenter_replies fuzz target.

Listens on 127.0.0.1:PORT and forwards each request to UPSTREAM (host:port, plain http, e.g.
tests/peers/vcsim's vcsim-ticket -http), one connection per request as the agent makes them.
Every raw reply is appended to OUT, replies joined by "\\n@@@\\n", behind the selector byte.
Usage: record_vcenter_replies.py PORT UPSTREAM OUT SELECTOR  (then run the agent against PORT)
"""
import socket
import sys
import threading


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    while len(body) < length:
        body += conn.recv(65536)
    return head + b"\r\n\r\n" + body


def main():
    port, upstream, out, selector = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    host, uport = upstream.rsplit(":", 1)
    replies = []
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(16)
    server.settimeout(15)
    try:
        while True:
            conn, _ = server.accept()
            request = read_request(conn)
            request = request.replace(b"\r\n", b"\r\nConnection: close\r\n", 1)
            up = socket.create_connection((host, int(uport)))
            up.sendall(request)
            reply = b""
            while True:
                chunk = up.recv(65536)
                if not chunk:
                    break
                reply += chunk
            replies.append(reply)
            conn.sendall(reply)
            conn.close()
    except socket.timeout:
        pass
    with open(out, "wb") as f:
        f.write(bytes([selector]) + b"\n@@@\n".join(replies))


if __name__ == "__main__":
    main()
