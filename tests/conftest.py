"""Test fixtures: a real database (SQLite file, or PostgreSQL when TEST_DATABASE_URL is set), cleaned before
every test, and HTTP clients that drive the real app in-process.

- ``TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test`` runs the suite on PostgreSQL: a scratch
  database is created next to the named one and dropped at the end.
- Tests under ``tests/scheduling`` and ``tests/matching`` are pure and do not touch the database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from events.database import close_pool, current_engine, is_postgres, migrate, start_pool, use_database
from events.settings import Settings
from events.tables import ALL_TABLES

PURE_TEST_FOLDERS = {"scheduling", "matching"}
# Servers started by tests (they copy this environment) do not compute semantic vectors in the background.
os.environ.setdefault("TRANSFERFAIR_FILL_VECTORS", "0")
TEST_SECRET = "test-secret-key-0123456789abcdef"
# Append-only tables refuse direct deletes (database triggers); deleting their parent rows empties them.
EMPTIED_BY_CASCADE = {"deal_change"}


def _scratch_postgres_url(base_url: str) -> tuple[str, str, str]:
    """(scratch database URL, admin URL, scratch database name) next to ``base_url``'s database."""
    parts = urlsplit(base_url)
    name = f"tf_test_{uuid.uuid4().hex[:10]}"
    scratch = urlunsplit(parts._replace(path=f"/{name}"))
    return scratch, base_url, name


async def _postgres_admin(admin_url: str, sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
async def database_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    base = os.environ.get("TEST_DATABASE_URL")
    if base and base.startswith(("postgres://", "postgresql://")):
        scratch, admin, name = _scratch_postgres_url(base)
        await _postgres_admin(admin, f'CREATE DATABASE "{name}"')
        try:
            yield scratch
        finally:
            await _postgres_admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path_factory.mktemp("db") / "test.db"
        yield f"sqlite:///{path}"


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[Any]:
    bound = use_database(database_url)
    await migrate()
    await start_pool(bound, max_size=10)
    try:
        yield bound
    finally:
        await close_pool(bound)


async def truncate_all() -> None:
    engine = current_engine()
    names = [table._meta.tablename for table in ALL_TABLES]
    if is_postgres(engine):
        quoted = ", ".join(f'"{name}"' for name in names)
        await engine.run_ddl(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE", in_pool=True)
    else:
        from events.piccolo_migrations.events_2026_11_26t21_17_24_000000 import SQLITE_TRIGGERS as AUDIT_TRIGGERS

        async with engine.transaction():
            # The audit log refuses deletes: lift its rule for this cleaning only (PostgreSQL's TRUNCATE skips it).
            await engine.run_ddl("DROP TRIGGER IF EXISTS audit_entry_no_delete")
            for name in reversed(names):
                if name in EMPTIED_BY_CASCADE:
                    continue
                await engine.run_ddl(f'DELETE FROM "{name}"')
            await engine.run_ddl(dict(AUDIT_TRIGGERS)["audit_entry_no_delete"])


@pytest.fixture
async def db(engine: Any) -> Any:
    """A clean database for this test."""
    await truncate_all()
    return engine


@pytest.fixture(autouse=True)
def _database_for_non_pure_tests(request: pytest.FixtureRequest) -> None:
    folder = Path(str(request.node.fspath)).parent.name
    if folder not in PURE_TEST_FOLDERS and "db" not in request.fixturenames:
        request.getfixturevalue("db")


@pytest.fixture(scope="session", autouse=True)
def _lexical_matching_by_default() -> None:
    """Items are saved without semantic vectors unless a test asks for the model (``tests/search_helpers.py``)."""
    from events.embeddings import configure_embedder

    configure_embedder(None)


@pytest.fixture
def on_postgres(database_url: str) -> bool:
    return database_url.startswith("postgres")


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, secret_key=TEST_SECRET, base_url="http://testserver")


@pytest.fixture
def app(settings: Settings, db: Any) -> Any:
    from events.app import create_app

    return create_app(settings)


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """An anonymous visitor."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        yield c


async def bearer_client(app: Any, token: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://testserver",
        headers={"Authorization": f"Bearer {token}"},
    )


@pytest.fixture
async def organizer(db: Any) -> Any:
    from tests.factories import make_user

    return await make_user(username="organizer", role="organizer")


@pytest.fixture
async def organizer_client(app: Any, organizer: Any) -> AsyncIterator[httpx.AsyncClient]:
    from events.accounts import create_api_token

    token = await create_api_token(username=organizer.username, name="tests")
    async with await bearer_client(app, token) as c:
        yield c


@pytest.fixture
async def staff_client(app: Any, db: Any) -> AsyncIterator[httpx.AsyncClient]:
    from events.accounts import create_api_token
    from tests.factories import make_user

    user = await make_user(username="staff", role="staff")
    token = await create_api_token(username=user.username, name="tests")
    async with await bearer_client(app, token) as c:
        yield c


@pytest.fixture(scope="session")
def project_root() -> Path:
    return Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def transferfair_command() -> list[str]:
    """The installed ``transferfair`` console script, as a user types it."""
    import sys

    script = Path(sys.executable).parent / "transferfair"
    assert script.exists(), f"console script missing at {script}: run uv sync"
    return [str(script)]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(
    database_url: str, engine: Any, transferfair_command: list[str], tmp_path_factory: Any
) -> Iterator[str]:
    """A real ``transferfair serve --workers 2`` process on the test database; yields its base URL.

    It shares the test database (cleaned before each test like the rest), so tests prepare data with the
    domain functions and then fire real concurrent HTTP requests at it.
    """
    import subprocess
    import time

    port = _free_port()
    log = tmp_path_factory.mktemp("live") / "server.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TRANSFERFAIR_SECRET_KEY": TEST_SECRET,
        "TRANSFERFAIR_BASE_URL": f"http://127.0.0.1:{port}",
    }
    with log.open("w") as output:
        process = subprocess.Popen(
            [*transferfair_command, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the live server exited early:\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the live server did not answer within 60 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
