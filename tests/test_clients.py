import os
import sqlite3
import time
from pathlib import Path
from datetime import datetime, timedelta

import pytest

from recommender import clients
from recommender.clients import ClientStore, StoreError
from recommender.errors import NextSkillError

ANA = {
    "name": "Ana Souza",
    "profile_text": "Warehouse picker, 6 years; forklift licence.",
    "skills": [{"skill_id": "s:drive", "label": "drive vans", "level": "advanced"},
               {"skill_id": "s:data-entry", "label": "perform data entry"}],
    "targets": ["o:analyst", "o:driver"],
    "notes": "Prefers evening courses. Zsófia-ÇÅ-marker",
}


@pytest.fixture
def clock(monkeypatch):
    """A clock that ticks one second per call, so ordering tests do not depend on timing."""
    ticks = iter(f"2024-05-01T10:00:{s:02d}.000000+00:00" for s in range(60))
    monkeypatch.setattr(clients, "_now", lambda: next(ticks))


@pytest.fixture
def store(tmp_path):
    return ClientStore(tmp_path / "clients.sqlite", timeout=0.2)


def test_client_round_trip(store, clock):
    cid = store.save_client(dict(ANA))
    assert store.client(cid) == {
        "id": cid, **ANA,
        "created": "2024-05-01T10:00:00.000000+00:00", "updated": "2024-05-01T10:00:00.000000+00:00",
    }


def test_real_timestamps_are_utc_iso(store):
    got = store.client(store.save_client({"name": "Ben"}))
    created = datetime.fromisoformat(got["created"])
    assert created.utcoffset() == timedelta(0)
    assert abs(datetime.now(created.tzinfo) - created) < timedelta(minutes=1)
    assert got["profile_text"] == "" and got["skills"] == [] and got["targets"] == [] and got["notes"] == ""


def test_update_keeps_id_and_created(store, clock):
    cid = store.save_client(dict(ANA))
    assert store.save_client({**ANA, "id": cid, "notes": "changed", "targets": ["o:nurse"]}) == cid
    got = store.client(cid)
    assert (got["notes"], got["targets"]) == ("changed", ["o:nurse"])
    assert got["created"] == "2024-05-01T10:00:00.000000+00:00"
    assert got["updated"] == "2024-05-01T10:00:01.000000+00:00"
    assert len(store.clients()) == 1


def test_clients_listed_most_recently_updated_first(store, clock):
    a = store.save_client({"name": "A"})
    b = store.save_client({"name": "B"})
    c = store.save_client({"name": "C"})
    store.save_client({"id": a, "name": "A2"})
    store.save_plan(c, {"steps": []})
    assert store.clients() == [
        {"id": a, "name": "A2", "updated": "2024-05-01T10:00:03.000000+00:00", "plan_count": 0},
        {"id": c, "name": "C", "updated": "2024-05-01T10:00:02.000000+00:00", "plan_count": 1},
        {"id": b, "name": "B", "updated": "2024-05-01T10:00:01.000000+00:00", "plan_count": 0},
    ]


def test_plans_newest_first_with_json_intact(store, clock):
    cid = store.save_client(dict(ANA))
    first = {"target": "o:analyst", "steps": [{"skill_id": "s:python", "score": 0.8125, "courses": []}]}
    second = {"target": "o:driver", "note": "Überqualifiziert — 日本語 ok", "nested": {"a": [1, None, True]}}
    p1 = store.save_plan(cid, first, label="analyst v1")
    p2 = store.save_plan(cid, second)
    assert store.plans(cid) == [
        {"id": p2, "label": "", "created": "2024-05-01T10:00:02.000000+00:00", "plan": second},
        {"id": p1, "label": "analyst v1", "created": "2024-05-01T10:00:01.000000+00:00", "plan": first},
    ]
    assert store.plans(store.save_client({"name": "No plans"})) == []


def test_plan_that_is_not_json_is_refused(store):
    cid = store.save_client({"name": "A"})
    with pytest.raises(StoreError, match="cannot be saved as JSON"):
        store.save_plan(cid, {"when": datetime(2024, 1, 1)})
    assert store.plans(cid) == []


def test_delete_removes_client_plans_and_text(tmp_path, store):
    path = tmp_path / "clients.sqlite"
    # An idle second connection (the app, say) stops SQLite from removing the -wal file on close,
    # so this also checks that delete_client empties the -wal copies of the deleted pages.
    # This sqlite build has SECURE_DELETE compiled in, so the pragma itself is not what is tested here.
    other = sqlite3.connect(path)
    other.execute("SELECT count(*) FROM clients").fetchone()
    cid = store.save_client(dict(ANA))
    keep = store.save_client({"name": "Keep me"})
    store.save_plan(cid, {"secret": "Zsófia-ÇÅ-marker in a plan"})
    store.save_plan(keep, {"x": 1})
    store.delete_client(cid)
    with pytest.raises(StoreError, match=f"there is no client with id {cid}"):
        store.client(cid)
    assert [c["id"] for c in store.clients()] == [keep]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT client_id FROM plans").fetchall() == [(keep,)]
        assert conn.execute("SELECT count(*) FROM clients").fetchone() == (1,)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()
    marker = "Zsófia-ÇÅ-marker".encode()
    assert sorted(f.name for f in tmp_path.iterdir()) == ["clients.sqlite", "clients.sqlite-shm", "clients.sqlite-wal"]
    for f in tmp_path.iterdir():
        assert marker not in f.read_bytes(), f"deleted text still in {f.name}"
    other.close()


def test_unknown_ids(store):
    for call in (lambda: store.client(99), lambda: store.delete_client(99), lambda: store.plans(99),
                 lambda: store.save_plan(99, {}), lambda: store.save_client({"id": 99, "name": "X"})):
        with pytest.raises(StoreError, match="there is no client with id 99: pick one from the client list"):
            call()
    assert store.clients() == []


@pytest.mark.parametrize("bad, message", [
    ({}, "the client needs a name"),
    ({"name": "   "}, "the client needs a name"),
    ({"name": "x" * 201}, "201 characters; shorten it to 200"),
    ({"name": "A", "targets": ["a", "b", "c", "d"]}, "4 targets given; choose at most 3"),
    ({"name": "A", "skills": "python"}, "skills must be a list"),
    ({"name": "A", "skills": [{"label": "no id"}]}, "skills must be a list"),
    ({"name": "A", "targets": "o:nurse"}, "targets must be a list"),
    ({"name": "A", "notes": None}, "profile_text and notes must be text"),
    ({"name": "A", "id": "3"}, "client id must be a positive integer"),
    ({"name": "A", "nmae": "typo"}, r"unknown client field\(s\) \['nmae'\]"),
    (["A"], "a client must be a dict"),
])
def test_bad_client_is_refused_before_writing(store, bad, message):
    with pytest.raises(StoreError, match=message):
        store.save_client(bad)
    assert store.clients() == []


def test_name_of_exactly_200_is_accepted(store):
    assert store.client(store.save_client({"name": "x" * 200}))["name"] == "x" * 200


def test_busy_database_gives_clear_error_and_keeps_data(tmp_path, store):
    cid = store.save_client(dict(ANA))
    holder = sqlite3.connect(tmp_path / "clients.sqlite", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        start = time.monotonic()
        with pytest.raises(StoreError, match=r"is busy \(another program holds it\): try again in a moment"):
            store.save_client({"name": "Ben"})
        assert 0.15 < time.monotonic() - start < 3  # waited for the 0.2 s timeout, then gave up
        assert store.client(cid)["name"] == "Ana Souza"  # WAL: reading works while another program writes
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert [c["name"] for c in store.clients()] == ["Ana Souza"]
    assert store.save_client({"name": "Ben"}) == cid + 1


def test_read_only_mode_reads_but_refuses_writes(tmp_path, store):
    """Covers the mode=ro connection and the error text; OS permissions are the next test."""
    cid = store.save_client(dict(ANA))
    store.save_plan(cid, {"a": 1})
    ro = ClientStore(tmp_path / "clients.sqlite", read_only=True)
    assert ro.client(cid)["notes"] == ANA["notes"]
    assert ro.plans(cid)[0]["plan"] == {"a": 1}
    expected = "cannot be written .* choose another path with NEXTSKILL_CLIENTS_DB or fix the permissions"
    for write in (lambda: ro.save_client({"name": "B"}), lambda: ro.delete_client(cid),
                  lambda: ro.save_plan(cid, {})):
        with pytest.raises(StoreError, match=expected):
            write()
    assert [c["plan_count"] for c in store.clients()] == [1]
    with pytest.raises(StoreError, match="there is no client database at"):
        ClientStore(tmp_path / "missing.sqlite", read_only=True)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root ignores file permissions, so chmod cannot make the database read-only; "
                           "test_read_only_mode_reads_but_refuses_writes covers the mode=ro path instead")
def test_read_only_file_and_folder(tmp_path):
    folder = tmp_path / "ro"
    store = ClientStore(folder / "clients.sqlite")
    cid = store.save_client(dict(ANA))
    (folder / "clients.sqlite").chmod(0o444)
    folder.chmod(0o555)
    try:
        assert ClientStore(folder / "clients.sqlite").client(cid)["name"] == "Ana Souza"
        with pytest.raises(StoreError, match="cannot be written .* NEXTSKILL_CLIENTS_DB or fix the permissions"):
            store.save_client({"name": "B"})
        with pytest.raises(StoreError, match="cannot be written"):
            ClientStore(folder / "new.sqlite")
    finally:
        folder.chmod(0o755)


def test_not_a_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "clients.sqlite"
    content = b"name,skills\nAna,python\n" * 100
    path.write_bytes(content)
    with pytest.raises(StoreError, match="is not a SQLite database .*NEXTSKILL_CLIENTS_DB") as info:
        ClientStore(path)
    assert isinstance(info.value, NextSkillError)
    assert path.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir()] == ["clients.sqlite"]


def test_schema_version_is_recorded_and_reopen_is_harmless(tmp_path, store):
    cid = store.save_client({"name": "A"})
    again = ClientStore(tmp_path / "clients.sqlite")
    assert again.client(cid)["name"] == "A"
    with sqlite3.connect(tmp_path / "clients.sqlite") as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(len(clients.MIGRATIONS),)]
    conn.close()


def test_default_path(tmp_path):
    from recommender import Settings
    assert Settings(home=tmp_path).clients_path == tmp_path / "clients.sqlite"
    assert Settings(home=tmp_path, clients_db=Path("/data/c.db")).clients_path == Path("/data/c.db")