"""The counsellors' client workspace: clients and their saved plans in one local SQLite file.

Each call opens its own short-lived connection, so a Streamlit rerun or a second program never
shares a connection across threads. Every write runs in one transaction: a process killed
mid-write leaves the previous state in place. Client text is personal data, so deleting a
client removes their plans too (ON DELETE CASCADE) and ``secure_delete`` zeroes the freed pages.
"""
from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from .errors import NextSkillError
from .storage import clean_text

SQLITE_HEADER = b"SQLite format 3\x00"
MAX_NAME = 200
MAX_TARGETS = 3
CLIENT_FIELDS = {"id", "name", "profile_text", "skills", "targets", "notes"}

# Migration n brings the schema from version n-1 to n; append, never edit a shipped one.
MIGRATIONS = [
    """
    CREATE TABLE clients (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL, profile_text TEXT NOT NULL,
        skills TEXT NOT NULL, targets TEXT NOT NULL, notes TEXT NOT NULL,
        created TEXT NOT NULL, updated TEXT NOT NULL);
    CREATE TABLE plans (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        label TEXT NOT NULL, created TEXT NOT NULL, plan TEXT NOT NULL);
    CREATE INDEX plans_client ON plans(client_id);
    """,
]


class StoreError(NextSkillError):
    """The client database cannot be used as asked; the message says what to do."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


class ClientStore:
    """Clients and plans in the SQLite file at ``path`` (created with its schema if missing).

    timeout: seconds to wait for another program's lock before raising a "busy" StoreError.
    read_only: open with ``mode=ro``; reads work, every write raises the "cannot be written" error.
    """

    def __init__(self, path: Path, timeout: float = 5.0, read_only: bool = False) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self.read_only = read_only
        if self.path.exists() and self.path.stat().st_size > 0:
            # Checked before sqlite opens it, so a wrong file is never touched.
            try:
                with open(self.path, "rb") as fh:
                    header = fh.read(16)
            except OSError as exc:
                raise StoreError(f"the client database {self.path} cannot be read ({exc.strerror}): "
                                 "fix the permissions or choose another path with NEXTSKILL_CLIENTS_DB") from exc
            if header != SQLITE_HEADER:
                raise StoreError(f"{self.path} is not a SQLite database (left untouched): "
                                 "choose another path with NEXTSKILL_CLIENTS_DB")
        elif read_only:
            raise StoreError(f"there is no client database at {self.path}: check the path "
                             "or open it once without read_only to create it")
        with self._connect() as conn:
            known = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'").fetchone()
            row = conn.execute("SELECT version FROM schema_version").fetchone() if known else (0,)
            version = row[0] if row is not None else None
            if isinstance(version, bool) or not isinstance(version, int) or not 0 <= version <= len(MIGRATIONS):
                raise StoreError(f"{self.path} is another program's SQLite database (its schema_version is "
                                 f"not NextSkill's): choose another path with NEXTSKILL_CLIENTS_DB")
            if version < len(MIGRATIONS):
                self._migrate(conn, version)

    def _migrate(self, conn: sqlite3.Connection, version: int) -> None:
        conn.execute("PRAGMA journal_mode = WAL")  # persistent: stored in the file once
        with conn:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            for script in MIGRATIONS[version:]:
                for statement in filter(str.strip, script.split(";")):
                    conn.execute(statement)  # executescript() would commit mid-transaction
            conn.execute("DELETE FROM schema_version")
            conn.execute("INSERT INTO schema_version VALUES (?)", (len(MIGRATIONS),))

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """One connection for one operation; sqlite3 errors become StoreErrors a person can act on."""
        conn = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.read_only or (self.path.exists() and not os.access(self.path, os.W_OK)):
                # A WAL reader must create the -shm file beside the database. In a folder we cannot
                # write and with no -shm there, no writer is active, so the file is read as immutable.
                shm = self.path.with_name(self.path.name + "-shm")
                immutable = not os.access(self.path.parent, os.W_OK) and not shm.exists()
                uri = f"{self.path.resolve().as_uri()}?mode=ro{'&immutable=1' if immutable else ''}"
                conn = sqlite3.connect(uri, uri=True, timeout=self.timeout)
            else:
                conn = sqlite3.connect(self.path, timeout=self.timeout)
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA secure_delete = ON")
            yield conn
        except PermissionError as exc:
            raise self._unwritable() from exc
        except sqlite3.Error as exc:
            code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
            if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                raise StoreError(f"the client database {self.path} is busy (another program holds it): "
                                 "try again in a moment") from exc
            if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
                raise self._unwritable() from exc
            if code == sqlite3.SQLITE_NOTADB:
                raise StoreError(f"{self.path} is not a SQLite database: "
                                 "choose another path with NEXTSKILL_CLIENTS_DB") from exc
            raise StoreError(f"the client database {self.path} failed ({exc}): check the file "
                             "or choose another path with NEXTSKILL_CLIENTS_DB") from exc
        finally:
            if conn is not None:
                conn.close()

    def _unwritable(self) -> StoreError:
        return StoreError(f"the client database {self.path} cannot be written (read-only file or folder): "
                          "choose another path with NEXTSKILL_CLIENTS_DB or fix the permissions")

    def save_client(self, client: dict) -> int:
        """Insert ``client``, or update it when it carries an ``id``; returns the id."""
        c = _checked_client(client)
        now = _now()
        values = (c["name"], c["profile_text"], _json(c["skills"], "skills"), _json(c["targets"], "targets"), c["notes"])
        with self._connect() as conn, conn:
            if c["id"] is None:
                cur = conn.execute("INSERT INTO clients (name, profile_text, skills, targets, notes, created, updated)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?)", (*values, now, now))
                return cur.lastrowid
            cur = conn.execute("UPDATE clients SET name = ?, profile_text = ?, skills = ?, targets = ?, notes = ?,"
                               " updated = ? WHERE id = ?", (*values, now, c["id"]))
            if cur.rowcount == 0:
                raise _unknown(c["id"])
            return c["id"]

    def clients(self) -> list[dict]:
        """Every client as ``{id, name, updated, plan_count}``, most recently updated first."""
        with self._connect() as conn:
            rows = conn.execute("SELECT c.id, c.name, c.updated, count(p.id) FROM clients c"
                                " LEFT JOIN plans p ON p.client_id = c.id GROUP BY c.id"
                                " ORDER BY c.updated DESC, c.id DESC").fetchall()
        return [{"id": i, "name": n, "updated": u, "plan_count": k} for i, n, u, k in rows]

    def client(self, client_id: int) -> dict:
        """Everything saved for one client; skills and targets as lists."""
        _checked_id(client_id)
        with self._connect() as conn:
            row = conn.execute("SELECT id, name, profile_text, skills, targets, notes, created, updated"
                               " FROM clients WHERE id = ?", (client_id,)).fetchone()
        if row is None:
            raise _unknown(client_id)
        keys = ("id", "name", "profile_text", "skills", "targets", "notes", "created", "updated")
        out = dict(zip(keys, row))
        out["skills"], out["targets"] = json.loads(out["skills"]), json.loads(out["targets"])
        return out

    def delete_client(self, client_id: int) -> None:
        """Remove the client and all their plans for good (no soft delete)."""
        _checked_id(client_id)
        with self._connect() as conn:
            with conn:
                if conn.execute("DELETE FROM clients WHERE id = ?", (client_id,)).rowcount == 0:
                    raise _unknown(client_id)
            # secure_delete zeroes the freed pages; the checkpoint also empties the -wal file,
            # which would otherwise keep copies of the deleted pages until the next checkpoint.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def save_plan(self, client_id: int, plan: dict, label: str = "") -> int:
        """Store ``plan`` (any JSON-serialisable dict) for the client; returns the plan id."""
        _checked_id(client_id)
        text = _json(plan, "the plan")
        with self._connect() as conn, conn:
            if conn.execute("SELECT 1 FROM clients WHERE id = ?", (client_id,)).fetchone() is None:
                raise _unknown(client_id)
            cur = conn.execute("INSERT INTO plans (client_id, label, created, plan) VALUES (?, ?, ?, ?)",
                               (client_id, clean_text(str(label)), _now(), text))
            return cur.lastrowid

    def plans(self, client_id: int) -> list[dict]:
        """The client's plans as ``{id, label, created, plan}``, newest first."""
        self.client(client_id)  # unknown ids raise rather than look like "no plans yet"
        with self._connect() as conn:
            rows = conn.execute("SELECT id, label, created, plan FROM plans WHERE client_id = ?"
                                " ORDER BY created DESC, id DESC", (client_id,)).fetchall()
        return [{"id": i, "label": lbl, "created": c, "plan": json.loads(p)} for i, lbl, c, p in rows]


def _json(value: Any, what: str) -> str:
    """JSON text for the database: numpy numbers become plain ones, unpaired surrogates are escaped."""
    def plain(obj):
        if hasattr(obj, "item") and callable(obj.item):  # numpy scalars
            return obj.item()
        raise TypeError(f"{type(obj).__name__} is not JSON")
    try:
        return json.dumps(value, default=plain)
    except (TypeError, ValueError, RecursionError) as exc:
        raise StoreError(f"{what} cannot be saved as JSON ({exc}): pass plain dicts, lists, strings and "
                         "numbers") from exc


def _valid_id(client_id: Any) -> bool:
    """A positive integer SQLite can hold (bools are not ids)."""
    return isinstance(client_id, int) and not isinstance(client_id, bool) and 0 < client_id < 2**63


def _checked_id(client_id: Any) -> None:
    if not _valid_id(client_id):
        raise _unknown(client_id)


def _unknown(client_id: Any) -> StoreError:
    return StoreError(f"there is no client with id {client_id}: pick one from the client list")


def _checked_client(client: Any) -> dict:
    """The client dict with defaults filled in, or a StoreError naming the first problem."""
    if not isinstance(client, dict):
        raise StoreError("a client must be a dict with at least a 'name'")
    extra = set(client) - CLIENT_FIELDS
    if extra:
        raise StoreError(f"unknown client field(s) {sorted(extra)}: use {sorted(CLIENT_FIELDS)}")
    name = client.get("name")
    if not isinstance(name, str) or not name.strip():
        raise StoreError("the client needs a name: enter one before saving")
    if len(name) > MAX_NAME:
        raise StoreError(f"the client name is {len(name)} characters; shorten it to {MAX_NAME} or fewer")
    cid = client.get("id")
    if cid is not None and not _valid_id(cid):
        raise StoreError(f"client id must be a positive integer, not {repr(cid)[:40]}")
    skills, targets = client.get("skills", []), client.get("targets", [])
    if not isinstance(skills, list) or not all(
            isinstance(s, dict) and isinstance(s.get("skill_id"), str) and isinstance(s.get("label"), str)
            for s in skills):
        raise StoreError("skills must be a list of {'skill_id', 'label', 'level'?} dicts")
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        raise StoreError("targets must be a list of occupation names or ids")
    if len(targets) > MAX_TARGETS:
        raise StoreError(f"{len(targets)} targets given; choose at most {MAX_TARGETS}")
    text = {k: client.get(k, "") for k in ("profile_text", "notes")}
    if not all(isinstance(v, str) for v in text.values()):
        raise StoreError("profile_text and notes must be text")
    return {"id": cid, "name": clean_text(name.strip()), "skills": skills, "targets": targets,
            **{k: clean_text(v) for k, v in text.items()}}
