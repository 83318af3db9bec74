"""Atomic writes give the modes a plain write would, and leave nothing behind on failure."""

from __future__ import annotations

import os
import stat

import pytest

from changemap import atomic


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_and_folder_follow_the_umask(tmp_path, umask_022):
    atomic.write_text(tmp_path / "map.html", "<p>map</p>")
    assert _mode(tmp_path / "map.html") == 0o644
    with atomic.replace_dir(tmp_path / "out") as tmp:
        atomic.write_text(tmp / "graph.ttl", "")
    assert _mode(tmp_path / "out") == 0o755
    assert _mode(tmp_path / "out" / "graph.ttl") == 0o644


def test_an_existing_file_keeps_its_mode(tmp_path, umask_022):
    target = tmp_path / "private.ttl"
    target.write_text("old")
    target.chmod(0o600)
    atomic.write_text(target, "new")
    assert target.read_text() == "new" and _mode(target) == 0o600


def test_a_failed_folder_leaves_the_old_one(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("kept")
    with pytest.raises(RuntimeError), atomic.replace_dir(tmp_path / "out") as tmp:
        atomic.write_text(tmp / "half.txt", "x")
        raise RuntimeError("boom")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["keep.txt"]
