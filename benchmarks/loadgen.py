"""What the benchmarks that load a real server share: a lean keep-alive HTTP/1.1 client, a scratch PostgreSQL
database created next to ``--database`` and dropped at the end, batched seeding, and a ``transferfair serve``
process on a free port.

The client is minimal on purpose (asyncio streams, one connection per simulated client), so that it costs
little of the two cores the server, PostgreSQL and the client share.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BATCH = 500


class Connection:
    """One persistent connection; requests are sent one after another (like a gate scanner or a phone).

    ``headers`` go with every request; ``request(..., headers=...)`` adds more to one request."""

    def __init__(self, host: str, port: int, headers: dict[str, str] | None = None) -> None:
        self.host = host
        self.port = port
        self.fixed = "".join(f"{k}: {v}\r\n" for k, v in {"Host": f"{host}:{port}", **(headers or {})}.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    async def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        assert self.reader is not None
        assert self.writer is not None
        head = f"{method} {path} HTTP/1.1\r\n{self.fixed}"
        head += "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + (body or b""))
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def connection_to(base: str, headers: dict[str, str] | None = None) -> Connection:
    """A (not yet open) connection to the server at ``base`` (``http://host:port``)."""
    parts = urlsplit(base)
    return Connection(parts.hostname or "127.0.0.1", parts.port or 80, headers)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


# --- the data -------------------------------------------------------------------------------------------------


async def insert_all(table: type, rows: list, key: object) -> list[int]:
    """Insert Piccolo rows in batches; their ids, in order."""
    ids: list[int] = []
    for start in range(0, len(rows), BATCH):
        result = await table.insert(*rows[start : start + BATCH]).returning(key)  # type: ignore[attr-defined]
        ids.extend(row["id"] for row in result)
    return ids


async def _admin(url: str, sql: str) -> None:
    import asyncpg  # type: ignore[import-untyped]

    connection = await asyncpg.connect(url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def on_scratch_database(base: str, prefix: str, benchmark: Callable[[str], Awaitable[int]]) -> int:
    """Run ``benchmark(url)`` on a new database next to ``base`` (named ``prefix`` + a random suffix), dropped
    at the end whatever happens; its exit status."""
    name = f"{prefix}{uuid.uuid4().hex[:8]}"
    url = urlunsplit(urlsplit(base)._replace(path=f"/{name}"))
    asyncio.run(_admin(base, f'CREATE DATABASE "{name}"'))
    try:
        return asyncio.run(benchmark(url))
    finally:
        asyncio.run(_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# --- the server -----------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(database_url: str, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    """``transferfair serve --workers N`` on the database, once it answers ``/health`` (its output in ``log``)."""
    import urllib.request

    command = [str(Path(sys.executable).parent / "transferfair"), "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TRANSFERFAIR_SECRET_KEY": "benchmark-secret-key-0123456789",
        "TRANSFERFAIR_BASE_URL": f"http://127.0.0.1:{port}",
    }
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not answer /health within 60 s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
