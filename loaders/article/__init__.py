"""Article files for the batch command `python -m loaders.article`: the files named, and those found in the folders
named.

Which files a folder gives: every `.txt` file in it and its subfolders (the article-file format, as on *Add from an
article*), a folder's own files before its subfolders', names sorted, hidden files and folders (".git") skipped. A
file named on the command line is read whatever its suffix.

NOTE: `.md` files are not walked because folders of articles often hold a README.md about them, which would be read as
an undated article and fail; `.html` is not walked because the extractor reads text, and markup would be read as
words: save the article's text first.

The extraction itself is tracker.extract (a layer above loaders), so the command lives in `__main__.py`, an entry
point; this module only finds files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

# Suffixes of the files read when walking a folder (lower case).
FOLDER_SUFFIXES = (".txt",)


def article_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The article files named or found in the folders named, each once in the order found; and (path, reason) for
    each path that gives none (missing, or a folder without a .txt file)."""
    files: list[Path] = []
    failures: list[tuple[str, str]] = []
    seen: set[Path] = set()
    for given in map(Path, paths):
        if given.is_dir():
            found = _walk(given)
            if not found:
                failures.append((str(given), f"a folder with no {' or '.join(FOLDER_SUFFIXES)} file in it"))
        elif given.exists():
            found = [given]
        else:
            failures.append((str(given), "no such file or folder"))
            continue
        for path in found:
            if (real := path.resolve()) not in seen:
                seen.add(real)
                files.append(path)
    return files, failures


def _walk(folder: Path) -> list[Path]:
    """The article files under `folder`, sorted, hidden entries skipped, symbolic links to folders not followed."""
    found = []
    for root, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        found += [Path(root) / name for name in sorted(names)
                  if not name.startswith(".") and name.lower().endswith(FOLDER_SUFFIXES)]
    return found
