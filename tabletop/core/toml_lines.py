"""Find the line a value sits on in a TOML file, for error messages.

tomllib parses the file; this only scans it line by line to map value paths such as
``stages[1].injects[0].options[2].norms.MS-7`` to the line where they were written.
It is a best effort: a path it cannot place falls back to its nearest placed parent.
"""

from __future__ import annotations

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def _dotted_key(text: str, start: int) -> tuple[list[str], int] | None:
    """The parts of a dotted key beginning at ``start`` and where it ends, or None if none begins there.

    A hand-written scanner, one pass over the characters: the regular expressions it
    replaces backtracked on long runs of spaces and took minutes on a 4 KB line.
    """
    parts: list[str] = []
    i, size = start, len(text)
    while True:
        while i < size and text[i] in " \t":
            i += 1
        if i < size and text[i] in "\"'":
            end = text.find(text[i], i + 1)
            if end < 0:
                return None
            parts.append(text[i + 1 : end])
            i = end + 1
        else:
            begin = i
            while i < size and text[i] in _BARE:
                i += 1
            if i == begin:
                return None
            parts.append(text[begin:i])
        while i < size and text[i] in " \t":
            i += 1
        if i < size and text[i] == ".":
            i += 1
            continue
        return parts, i


def _header(line: str) -> tuple[list[str], bool] | None:
    """A table header's key parts and whether it opens an array of tables (``[[...]]``), or None."""
    text = line.lstrip()
    if not text.startswith("["):
        return None
    is_array = text.startswith("[[")
    found = _dotted_key(text, 2 if is_array else 1)
    if found is None:
        return None
    parts, i = found
    close = "]]" if is_array else "]"
    if not text.startswith(close, i):
        return None
    rest = text[i + len(close) :].strip()
    return (parts, is_array) if not rest or rest.startswith("#") else None


def _key(line: str) -> list[str] | None:
    """The key parts of a ``key = value`` line, or None."""
    found = _dotted_key(line, 0)
    if found is None:
        return None
    parts, i = found
    return parts if line.startswith("=", i) else None


class LineIndex:
    """Paths of tables and keys mapped to the 1-based line that opens them."""

    def __init__(self, text: str) -> None:
        self._lines: dict[str, int] = {}
        self._arrays: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        self._scan(text.splitlines())

    def line_for(self, path: str) -> int | None:
        """The line of ``path``, or of its nearest parent that could be placed."""
        while path:
            if path in self._lines:
                return self._lines[path]
            path = _parent(path)
        return None

    def _scan(self, lines: list[str]) -> None:
        table = ""
        open_quote: str | None = None
        depth = 0
        for number, line in enumerate(lines, start=1):
            if open_quote is not None:
                if line.count(open_quote) % 2 == 1:
                    open_quote = None
                continue
            if depth == 0:
                header = _header(line)
                if header is not None:
                    table = self._open_table(*header)
                    self._lines.setdefault(table, number)
                    continue
                key = _key(line)
                if key is not None:
                    path = ".".join(filter(None, [table, *key]))
                    self._lines.setdefault(path, number)
            open_quote, depth = _carry(line, depth)

    def _open_table(self, parts: list[str], is_array: bool) -> str:
        name = ".".join(parts)
        base, rest = "", parts
        for cut in range(len(parts) - (1 if is_array else 0), 0, -1):
            prefix = ".".join(parts[:cut])
            if prefix in self._arrays:
                base, rest = self._arrays[prefix], parts[cut:]
                break
        resolved = ".".join(filter(None, [base, *rest]))
        if not is_array:
            return resolved
        index = self._counts.get(resolved, 0)
        self._counts[resolved] = index + 1
        for deeper in [k for k in self._arrays if k.startswith(name + ".")]:
            del self._arrays[deeper]
        self._arrays[name] = f"{resolved}[{index}]"
        return self._arrays[name]


def _carry(line: str, depth: int) -> tuple[str | None, int]:
    """What a line leaves open for the next: a multi-line string, or array brackets."""
    i, size = 0, len(line)
    while i < size:
        triple = line[i : i + 3]
        if triple in ('"""', "'''"):
            end = line.find(triple, i + 3)
            if end < 0:
                return triple, depth
            i = end + 3
            continue
        char = line[i]
        if char in "\"'":
            i = _string_end(line, i, char)
        elif char == "#":
            break
        elif char == "[":
            depth += 1
        elif char == "]":
            depth = max(depth - 1, 0)
        i += 1
    return None, depth


def _string_end(line: str, start: int, quote: str) -> int:
    i = start + 1
    while i < len(line) and line[i] != quote:
        i += 2 if quote == '"' and line[i] == "\\" else 1
    return i


def _parent(path: str) -> str:
    if path.endswith("]"):
        return path[: path.rindex("[")]
    return path.rpartition(".")[0]
