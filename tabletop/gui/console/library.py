"""What the library page lists: built-in scenarios, the user's folder, and files opened by hand."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tabletop.core.errors import Problem, ValidationError
from tabletop.core.library import ScenarioFile, builtin_files, duplicate_ids, folder_files, read_file
from tabletop.core.library_cache import LibraryCache

BUILT_IN = "Built in"
USER_FOLDER = "Your folder"
OPENED = "Opened file"


@dataclass(frozen=True)
class LibraryEntry:
    file: ScenarioFile
    where: str

    @property
    def title(self) -> str:
        return self.file.scenario.title


@dataclass(frozen=True)
class Library:
    """Scenarios that can be run, and the problems of files that cannot."""

    entries: tuple[LibraryEntry, ...] = ()
    problems: tuple[Problem, ...] = ()

    def opened(self, path: Path) -> tuple[Library, LibraryEntry | None]:
        """The library after opening one more file: with the file, or with its problems."""
        others = tuple(problem for problem in self.problems if problem.file != str(path))
        try:
            entry = LibraryEntry(read_file(path), OPENED)
        except ValidationError as error:
            return Library(self.entries, (*others, *error.problems)), None
        origin = entry.file.scenario.origin
        kept = tuple(e for e in self.entries if e.file.scenario.origin != origin)
        return Library((*kept, entry), others), entry


def user_folder() -> Path:
    """Where a facilitator keeps scenarios of their own."""
    import platformdirs

    return platformdirs.user_data_path("tabletop", appauthor=False) / "scenarios"


def cache_file() -> Path:
    """Where the library is kept as last parsed, so that a start with nothing changed skips parsing it."""
    import platformdirs

    return platformdirs.user_cache_path("tabletop", appauthor=False) / "library.pickle"


def load_library(folder: Path, cache: Path | None = None) -> Library:
    """Built-in scenarios then the user's (unchanged ones from ``cache``); invalid user files come back as problems."""
    kept = LibraryCache(cache)
    entries = [LibraryEntry(item, BUILT_IN) for item in builtin_files(kept)]
    good, problems = folder_files(folder, kept)
    kept.save()
    entries.extend(LibraryEntry(item, USER_FOLDER) for item in good)
    problems.extend(duplicate_ids(entry.file for entry in entries))
    return Library(tuple(entries), tuple(problems))
