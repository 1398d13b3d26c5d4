"""The library kept parsed between starts: used while the files are unchanged, never trusted beyond that."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from tabletop.core import library, library_cache
from tabletop.core.library import builtin_files, folder_files
from tabletop.core.library_cache import LibraryCache

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The origin of every scenario parsed (rather than taken from the cache), in order."""
    seen: list[str] = []
    real = library._parsed

    def counted(raw: bytes, origin: str) -> library.ScenarioFile:
        seen.append(Path(origin).name)
        return real(raw, origin)

    monkeypatch.setattr(library, "_parsed", counted)
    return seen


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "scenarios"
    made.mkdir()
    shutil.copy(DATA / "valid.toml", made / "one.toml")
    shutil.copy(DATA / "lens.toml", made / "two.toml")
    return made


def start(folder: Path, cache: Path | None) -> list[library.ScenarioFile]:
    """What one start of the console reads: the built-in scenarios, then the folder's."""
    kept = LibraryCache(cache)
    found = builtin_files(kept) + folder_files(folder, kept)[0]
    kept.save()
    return found


def test_an_unchanged_library_is_not_parsed_again(tmp_path: Path, folder: Path, parses: list[str]) -> None:
    first = start(folder, tmp_path / "library.pickle")
    assert len(parses) == len(first) > 2
    parses.clear()
    again = start(folder, tmp_path / "library.pickle")
    assert parses == []
    assert again == first  # the same scenarios, the same bytes


def test_a_changed_file_is_parsed_again(tmp_path: Path, folder: Path, parses: list[str]) -> None:
    start(folder, tmp_path / "library.pickle")
    text = (folder / "one.toml").read_text().replace('title = "', 'title = "Revised: ', 1)
    (folder / "one.toml").write_text(text)
    parses.clear()
    found = start(folder, tmp_path / "library.pickle")
    assert parses == ["one.toml"]
    assert found[-2].scenario.title.startswith("Revised: ")


def test_a_file_touched_to_the_same_size_is_parsed_again(tmp_path: Path, folder: Path, parses: list[str]) -> None:
    start(folder, tmp_path / "library.pickle")
    status = (folder / "two.toml").stat()
    os.utime(folder / "two.toml", ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    parses.clear()
    start(folder, tmp_path / "library.pickle")
    assert parses == ["two.toml"]


def test_an_added_file_is_parsed_and_a_removed_one_dropped(tmp_path: Path, folder: Path, parses: list[str]) -> None:
    cache = tmp_path / "library.pickle"
    start(folder, cache)
    shutil.copy(DATA / "valid.toml", folder / "three.toml")
    (folder / "two.toml").unlink()
    parses.clear()
    found = start(folder, cache)
    assert parses == ["three.toml"]
    assert [Path(item.scenario.origin).name for item in found[-2:]] == ["one.toml", "three.toml"]
    kept = pickle.loads(cache.read_bytes())["files"]
    assert str(folder / "two.toml") not in kept
    assert str(folder / "three.toml") in kept


def test_an_invalid_file_is_never_cached_so_its_problems_show_at_every_start(tmp_path: Path, folder: Path) -> None:
    (folder / "bad.toml").write_text('id = "bad"\n')
    cache = tmp_path / "library.pickle"
    for _ in range(2):
        kept = LibraryCache(cache)
        good, problems = folder_files(folder, kept)
        kept.save()
        assert len(good) == 2
        assert problems
        assert all(problem.file == str(folder / "bad.toml") for problem in problems)


@pytest.mark.parametrize("garbage", [b"", b"not a pickle at all", pickle.dumps(["a", "list"]), b"\x80\x05K"])
def test_a_corrupt_cache_means_parsing_and_is_written_anew(
    tmp_path: Path, folder: Path, parses: list[str], garbage: bytes
) -> None:
    cache = tmp_path / "library.pickle"
    first = start(folder, cache)
    cache.write_bytes(garbage)
    parses.clear()
    assert start(folder, cache) == first
    assert len(parses) == len(first)
    parses.clear()
    start(folder, cache)
    assert parses == []  # mended by the start before


def test_a_cache_of_another_version_is_not_used(
    tmp_path: Path, folder: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "library.pickle"
    first = start(folder, cache)
    monkeypatch.setattr(library_cache, "__version__", "99.0")
    parses.clear()
    start(folder, cache)
    assert len(parses) == len(first)


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path, folder: Path, parses: list[str]) -> None:
    (tmp_path / "a file").write_text("in the way of the cache's folder")
    cache = tmp_path / "a file" / "library.pickle"
    first = start(folder, cache)
    parses.clear()
    assert start(folder, cache) == first
    assert len(parses) == len(first)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a file", "scenarios"]


def test_without_a_cache_everything_is_parsed_and_nothing_written(
    tmp_path: Path, folder: Path, parses: list[str]
) -> None:
    first = start(folder, None)
    start(folder, None)
    assert len(parses) == 2 * len(first)
    assert list(tmp_path.iterdir()) == [folder]
