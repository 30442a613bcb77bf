"""What holding many SSE streams costs the load generator (why bench/stream_clients.py exists).

A fake SSE server (a process of its own) sends an idea-sized message to every open stream
``--rate`` times a second; the client under test holds ``--streams`` streams and the bench
reads the client process's CPU over ``--seconds``. Clients:

- ``streams``: bench/stream_clients.py (asyncio; uvloop when installed), as bench/load.py uses it;
- ``gevent``: a greenlet per stream reading with ``socket.recv``, the way locust users do
  (bench/locustfile.py ``Attendee.stream_once``; here without locust's own overhead).

The full hall (8 x 250 phones, 3 ideas and 3 dots each in 10 minutes) sends each phone about
2.5 idea events a second at its peak: ``--streams 2000 --rate 2.5``.

    .venv/bin/python bench/stream_client_cost.py --streams 2000 --rate 2.5
"""

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from wall import cpu_seconds  # noqa: E402

PYTHON = sys.executable

FAKE_SERVER = r'''
import asyncio, json, sys
port, rate = int(sys.argv[1]), float(sys.argv[2])
writers, seq = set(), 0
text = "Wir brauchen einen sicheren Radweg am Deich, damit Kinder sicher zur Schule kommen. " * 3
body = json.dumps({"seq": 0, "kind": "idea", "idea": {"id": 1, "text": text, "votes": 3, "nickname": "Telefon 17"}},
                  ensure_ascii=False)
async def handle(reader, writer):
    try:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.0 200 OK\r\nContent-Type: text/event-stream\r\n\r\n"
                     b'retry: 3000\ndata: {"kind": "hello", "heartbeat": 15}\n\n')
        writers.add(writer)
        await reader.read()
    except OSError:
        pass
    finally:
        writers.discard(writer)
async def tick():
    global seq
    while True:
        await asyncio.sleep(1 / rate)
        seq += 1
        data = f"id: {seq}\ndata: {body}\n\n".encode()
        for writer in list(writers):
            writer.write(data)
async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=4096)
    asyncio.get_running_loop().create_task(tick())
    print("ready", flush=True)
    await server.serve_forever()
asyncio.run(main())
'''

GEVENT_READER = r'''
from gevent import monkey; monkey.patch_all()
import re, sys, gevent
from gevent import socket
EVENT_ID = re.compile(rb"(?:^|\n)id: (\d+)")
port, count = int(sys.argv[1]), int(sys.argv[2])
def follow():
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"GET /w/X/events?after=0 HTTP/1.0\r\nHost: bench\r\n\r\n")
    while True:
        body = sock.recv(65536)
        if not body:
            return
        ids = EVENT_ID.findall(body)
        after = int(ids[-1]) if ids else 0
for _ in range(count):
    gevent.spawn(follow)
print("ready", flush=True)
gevent.sleep(3600)
'''


def measure(kind, port, args, tmp):
    if kind == "streams":
        fifo, out = tmp / f"fifo-{port}", tmp / f"out-{port}.json"
        os.mkfifo(fifo)
        client = subprocess.Popen([PYTHON, str(HERE / "stream_clients.py")], stdout=subprocess.PIPE, text=True,
                                  env={**os.environ, "BENCH_STREAMS": json.dumps({"fifo": str(fifo), "out": str(out)})})
        client.stdout.readline()
        handoff = os.open(fifo, os.O_WRONLY)
        for number in range(args.streams):
            os.write(handoff, (json.dumps({"phone": number, "code": "X", "target": f"http://127.0.0.1:{port}",
                                           "after": 0, "cookie": ""}) + "\n").encode())
    else:
        client = subprocess.Popen([PYTHON, "-c", GEVENT_READER, str(port), str(args.streams)], stdout=subprocess.PIPE,
                                  text=True)
        client.stdout.readline()
    time.sleep(5)  # every stream open
    before, started = cpu_seconds([client.pid]), time.monotonic()
    time.sleep(args.seconds)
    cores = (cpu_seconds([client.pid]) - before) / (time.monotonic() - started)
    client.send_signal(signal.SIGTERM)
    client.wait(timeout=30)
    return cores


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--streams", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=2.5, help="messages per second to every stream")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", default="streams,gevent")
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.clients.split(","):
            port = random.randrange(40000, 50000)
            server = subprocess.Popen([PYTHON, "-c", FAKE_SERVER, str(port), str(args.rate)], stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL, text=True)
            server.stdout.readline()
            try:
                cores = measure(kind, port, args, Path(tmp))
            finally:
                server.kill()
                server.wait()
            per_message = cores / (args.streams * args.rate) * 1e6
            print(f"{kind:<8} {args.streams} streams x {args.rate:g} messages/s: client {cores:.3f} cores "
                  f"({per_message:.1f} us per message); load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
