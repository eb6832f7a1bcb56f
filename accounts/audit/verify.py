"""Check the portal's public audit trail: `python -m accounts.audit.verify https://qoldau.kz`.

Standard library only. Downloads every entry, recomputes the chain of hashes, and compares its
end with the published tip; `--tip HASH@SIZE`, saved from an earlier run, also proves that the
trail up to then was not rewritten since. Exits 0 when the trail holds, 1 with the first entry
that breaks it.
"""

import argparse
import json
import sys
import urllib.parse
import urllib.request

from accounts.audit.chain import GENESIS, ChainBroken, verify


def _get(url: str) -> dict:
    # noqa S310 / nosec B310: main() lets only http(s) addresses through.
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310  # nosec B310
        return json.load(response)


def pages(base: str):
    after = 0
    while True:
        page = _get(f"{base}/audit/entries.json?after={after}")
        yield from page["entries"]
        if page["next_after"] is None:
            return
        after = page["next_after"]


def check(base: str, *, earlier_tip: tuple[str, int] | None = None) -> tuple[int, str]:
    """Verify the whole trail at `base`; returns (size, tip hash). Raises ChainBroken."""
    tip = _get(f"{base}/audit/head.json")
    hashes = {}

    def remember(entries):
        for entry in entries:
            hashes[entry["public"]["seq"]] = entry["hash"]
            yield entry

    hashes[0] = GENESIS
    size, last = verify(remember(pages(base)), previous=GENESIS)
    # Entries may have been added since the tip was read, never fewer.
    if hashes.get(tip["size"]) != tip["hash"]:
        raise ChainBroken(tip["size"], "the published tip does not match the entries")
    if earlier_tip is not None:
        earlier_hash, earlier_size = earlier_tip
        if hashes.get(earlier_size) != earlier_hash:
            raise ChainBroken(earlier_size, "the trail was rewritten since the tip you saved")
    return size, last


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", help="the portal's address, e.g. http://127.0.0.1:8000")
    parser.add_argument("--tip", help="HASH@SIZE printed by an earlier run")
    args = parser.parse_args(argv)
    if urllib.parse.urlsplit(args.site).scheme not in ("http", "https"):
        parser.error("the site must be an http:// or https:// address")
    earlier = None
    if args.tip:
        earlier_hash, _, earlier_size = args.tip.partition("@")
        earlier = (earlier_hash, int(earlier_size))
    try:
        size, last = check(args.site.rstrip("/"), earlier_tip=earlier)
    except ChainBroken as error:
        print(f"FAILED: {error}")
        return 1
    print(f"OK: {size} entries chain correctly; tip {last}@{size}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
