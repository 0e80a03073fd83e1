"""An uploaded file read once: unzipped within a limit, its format detected, its rejects itemised up to a bound."""

from __future__ import annotations

import io
import pickle
import sys
import zipfile

from loaders.formats import detect, parse_any
from tracker.core.errors import DataError
from tracker.core.result import LoadResult, bounded

# Rejected rows of one upload listed with their reasons; the rest are counted (a file of garbage stays small).
MAX_ITEMISED_REJECTS = 5_000

# Bytes read from a zip at a time: the size a zip declares is not trusted, what it unpacks to is counted.
PIECE = 1 << 20


def unzipped(name: str, data: bytes, limit: int) -> tuple[str, bytes]:
    """A zip holding one file is read as that file (GDELT publishes its daily files zipped), up to `limit` bytes."""
    if not data.startswith(b"PK\x03\x04"):
        return name, data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) != 1:
                raise DataError(f"{name} is a zip archive with {len(members)} files; upload one events file, "
                                "or a zip holding exactly one.")
            member = members[0]
            too_big = DataError(f"{member.filename} in {name} unpacks to more than {limit / 2**20:.0f} MB, the "
                                "upload limit; upload a smaller file.")
            if member.file_size > limit:
                raise too_big
            out = bytearray()
            with archive.open(member) as handle:
                while piece := handle.read(PIECE):
                    out += piece
                    if len(out) > limit:
                        raise too_big
            return member.filename, bytes(out)
    except (zipfile.BadZipFile, NotImplementedError, EOFError):
        raise DataError(f"{name} is not a text file: it looks like a zip archive that cannot be opened. Upload the "
                        "events file itself (CSV, or GDELT's tab-separated file).") from None


def parse_upload(name: str, data: bytes, fmt: str, unzip_limit: int) -> LoadResult:
    """Unzip, detect and read an upload, with at most MAX_ITEMISED_REJECTS rejected rows itemised."""
    inner, content = unzipped(name, data, unzip_limit)
    del data
    chosen = detect(content) if fmt == "auto" else fmt
    result = parse_any(content, inner, chosen)
    result.notices.insert(0, f"Read as: {chosen}.")
    return bounded(result, MAX_ITEMISED_REJECTS)


def main() -> int:
    """Worker entry (`python -m loaders.upload`): read pickled (name, data, fmt, unzip_limit) on stdin, write the
    pickled ("ok", LoadResult) or ("error", message) on stdout. The server runs it as a separate process so that
    parsing a large upload neither holds its interpreter lock nor keeps the memory it needed."""
    name, data, fmt, unzip_limit = pickle.load(sys.stdin.buffer)
    outcome: tuple[str, LoadResult | str]
    try:
        outcome = ("ok", parse_upload(name, data, fmt, unzip_limit))
    except DataError as error:
        outcome = ("error", str(error))
    pickle.dump(outcome, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
