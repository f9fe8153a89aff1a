#!/usr/bin/env python3
"""A local mail server for bench/faults.sh: accepts every message over plain
SMTP and writes each one into FOLDER (one file a message). Stopping it is the
fault: the portal's mail queue must keep the mail until it runs again.
Usage: smtp_sink.py PORT FOLDER"""
import asyncio, os, sys, time

PORT, FOLDER = int(sys.argv[1]), sys.argv[2]
os.makedirs(FOLDER, exist_ok=True)


async def session(reader, writer):
    writer.write(b"220 puits ESMTP\r\n")
    data = None
    while line := await reader.readline():
        text = line.decode("utf-8", "replace").rstrip("\r\n")
        if data is not None:
            if text == ".":
                name = f"{time.time_ns()}.eml"
                with open(os.path.join(FOLDER, name), "w") as f:
                    f.write("\n".join(data))
                data = None
                writer.write(b"250 recu\r\n")
            else:
                data.append(text)
            continue
        verb = text[:4].upper()
        if verb == "DATA":
            data = []
            writer.write(b"354 la suite\r\n")
        elif verb == "QUIT":
            writer.write(b"221 au revoir\r\n")
            break
        else:
            writer.write(b"250 ok\r\n")
        await writer.drain()
    writer.close()


async def main():
    server = await asyncio.start_server(session, "127.0.0.1", PORT)
    async with server:
        await server.serve_forever()


asyncio.run(main())
