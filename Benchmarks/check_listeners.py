#!/usr/bin/env python3
"""Local listeners for the check benchmark: a TCP port that accepts and closes, and an HTTP port whose /health answers
"ok". asyncio, so that thousands of checks a minute are answered without a thread each. Prints "TCP <port> HTTP <port>".
"""
import asyncio


async def tcp(reader, writer):
    writer.close()


async def http(reader, writer):
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            if line in (b"\r\n", b"\n"):
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok")
                await writer.drain()
    except ConnectionError:
        pass
    writer.close()


async def main():
    tcp_server = await asyncio.start_server(tcp, "127.0.0.1", 0, backlog=4096)
    http_server = await asyncio.start_server(http, "127.0.0.1", 0, backlog=4096)
    print(f"TCP {tcp_server.sockets[0].getsockname()[1]} HTTP {http_server.sockets[0].getsockname()[1]}", flush=True)
    await asyncio.gather(tcp_server.serve_forever(), http_server.serve_forever())


asyncio.run(main())
