"""The extractor's command line: `python -m tracker.extract FILE [--published YYYY-MM-DD]` prints CSV."""

from __future__ import annotations

import argparse
import sys

import tracker.extract
from tracker.extract.article import extract, iso_date, read_article


def main(argv: list[str] | None = None) -> int:
    """Print the candidate events of one article file as CSV; exit 2 when it cannot be read or dated."""
    parser = argparse.ArgumentParser(prog="python -m tracker.extract",
                                     description=(tracker.extract.__doc__ or "").split("\n")[0])
    parser.add_argument("file", help="article file: header lines (url, published, publisher, title), blank, body")
    parser.add_argument("--published", help="publication date YYYY-MM-DD (overrides the file's header)")
    args = parser.parse_args(argv)
    try:
        article = read_article(args.file)
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: cannot read {args.file}: {error}", file=sys.stderr)
        return 2
    published = iso_date(args.published) if args.published else article.published
    if published is None:
        print("error: no publication date: add a 'published: YYYY-MM-DD' header line or pass --published",
              file=sys.stderr)
        return 2
    events = extract(article.text, published, article.url, article.publisher, article.title)
    events.drop(columns=["sentence_start", "sentence_end"]).to_csv(sys.stdout, index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
