"""`nox -s extraction`: how well find-artists reads real-looking studio websites.

Scores the independent corpus (tests/corpus/sites, hand-written, not made by emulation/world)
site by site through exactly the path `compute-local find-artists URL` takes: each site is served
over HTTP on 127.0.0.1 as http://<site-id>.studio.test/ behind the world's forward proxy
(emulation.corpus), and the command itself runs once per site with HTTP_PROXY pointing there.

    python -m load.extraction                        # every site: results/extraction.json
    python -m load.extraction --sites ink-and-iron-leeds kobe-sumi
    python -m load.extraction --batch holdout-2 --output results/extraction-holdout.json
                                                     # only the sites of one batch (answers'
                                                     # "batch": a held-out set written later)
    python -m load.extraction --corpus /elsewhere/sites --output results/extraction-unseen.json
                                                     # a held-out set kept outside the repo,
                                                     # in the same folder format
    python -m load.extraction --min-precision 0.98 --min-recall 0.95   # non-zero below these
                                                     # (nox -s extraction passes these)

A site's answers (tests/corpus/README.md) list its artists (name + Instagram handle) and the
handles on it that are not artists. A reported handle is a true positive when it is an artist's,
else a false positive (named by the answers' reason when it is a known trap); an artist not
reported is a miss, explained by the command's rejected member when it names the handle. A
candidate without a handle counts by name, for artists the site lists without an account.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "results" / "extraction.json"
NO_PROXY = "127.0.0.1,localhost,::1"
SITE_TIMEOUT_S = 300.0


def handle_key(handle: object) -> str:
    return str(handle or "").strip().lstrip("@").lower()


# A nickname in quotes inside a name ('Nagy Zoltán „Zoli”', 'Marco “Lupo” Santini'): the same
# person with or without it.
_NICKNAME = re.compile(
    r"\s*[\"\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\u201a][^\"\u201c\u201d\u00bb]{1,20}[\"\u201c\u201d\u00ab\u00bb\u2018\u2019]"
)


def name_key(name: object) -> str:
    """Names compare without case, accents, spaces, punctuation or a nickname in quotes (kana
    and kanji are kept)."""
    plain = _NICKNAME.sub(" ", str(name or ""))
    folded = unicodedata.normalize("NFKD", plain if plain.strip() else str(name or ""))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\W_]", "", folded)


# -- reading the command's document (tolerant: members beyond `candidates` may be absent) -------


def _number(document: Mapping[str, Any], *paths: tuple[str, ...]) -> int | None:
    for path in paths:
        value: Any = document
        for key in path:
            value = value.get(key) if isinstance(value, Mapping) else None
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            return int(value)
        if isinstance(value, list):
            return len(value)
    return None


def pages_fetched(document: Mapping[str, Any]) -> int | None:
    return _number(
        document,
        ("stats", "pagesFetched"),
        ("stats", "pages_fetched"),
        ("stats", "fetched"),
        ("pages",),
    )


def pages_rendered(document: Mapping[str, Any]) -> int | None:
    return _number(
        document,
        ("stats", "pagesRendered"),
        ("stats", "pages_rendered"),
        ("stats", "rendered"),
        ("rendered",),
    )


def requests_sent(document: Mapping[str, Any]) -> int | None:
    return _number(document, ("stats", "requests"))


def rejections(document: Mapping[str, Any]) -> dict[str, str]:
    """Handle -> why the command rejected it, from whichever shape the member has."""
    out: dict[str, str] = {}
    for key in ("rejected", "rejections", "rejectedHandles", "rejected_handles"):
        member = document.get(key)
        if isinstance(member, Mapping):
            entries: Iterable[Any] = (
                {"handle": h, "reason": r} for h, r in member.items() if isinstance(h, str)
            )
        elif isinstance(member, list):
            entries = member
        else:
            continue
        for entry in entries:
            if not isinstance(entry, Mapping):
                continue
            handle = handle_key(
                entry.get("instagramHandle") or entry.get("handle") or entry.get("instagram")
            )
            reason = entry.get("reason") or entry.get("reasons") or "rejected"
            if isinstance(reason, list):
                reason = ",".join(str(r) for r in reason)
            if handle:
                out.setdefault(handle, str(reason))
    return out


# -- scoring one site (pure) --------------------------------------------------------------------


@dataclass(slots=True)
class SiteScore:
    site_id: str
    family: str
    needs_browser: bool
    true_positives: list[str] = field(default_factory=list)
    false_positives: list[dict[str, str]] = field(default_factory=list)
    misses: list[dict[str, str]] = field(default_factory=list)
    wrong_names: list[dict[str, str]] = field(default_factory=list)
    pages_fetched: int | None = None
    pages_rendered: int | None = None
    requests: int | None = None
    robots_violations: int = 0
    politeness_violations: int = 0
    error: str | None = None
    seconds: float = 0.0

    @property
    def rendered(self) -> bool:
        return bool(self.pages_rendered)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["counts"] = {
            "truePositives": len(self.true_positives),
            "falsePositives": len(self.false_positives),
            "misses": len(self.misses),
        }
        return out


def score_site(
    site_id: str, answers: Mapping[str, Any], document: Mapping[str, Any] | None
) -> SiteScore:
    """Compare one site's answers with the command's document (None: the command failed, so
    every artist is a miss)."""
    score = SiteScore(site_id, str(answers["family"]), bool(answers.get("needs_browser")))
    artists = list(answers.get("artists", []))
    traps = {
        handle_key(t["handle"]): str(t.get("reason", "not_artist"))
        for t in answers.get("not_artists", [])
    }
    by_handle = {handle_key(a["handle"]): i for i, a in enumerate(artists) if a.get("handle")}
    by_name = {name_key(a["name"]): i for i, a in enumerate(artists)}
    found: set[int] = set()
    named_only: set[int] = set()
    candidates = (document or {}).get("candidates") or []
    for candidate in candidates:
        handle = handle_key(candidate.get("instagramHandle"))
        name = str(candidate.get("name") or "")
        if handle:
            index = by_handle.get(handle)
            if index is None or index in found:
                why = traps.get(handle, "duplicate" if index is not None else "not_on_roster")
                score.false_positives.append({"handle": handle, "name": name, "why": why})
                continue
            found.add(index)
            score.true_positives.append(handle)
            if name_key(name) != name_key(artists[index]["name"]):
                score.wrong_names.append({"handle": handle, "name": name, **_truth(artists[index])})
            continue
        index = by_name.get(name_key(name))
        if index is not None and not artists[index].get("handle") and index not in found:
            found.add(index)
            score.true_positives.append(f"name:{name_key(name)}")
        elif index is not None:
            named_only.add(index)  # the artist, but without the account the site gives
        else:
            score.false_positives.append({"handle": "", "name": name, "why": "not_on_roster"})
    rejected = rejections(document or {})
    for index, artist in enumerate(artists):
        if index in found:
            continue
        handle = handle_key(artist.get("handle"))
        if document is None:
            why = "command_failed"
        elif handle in rejected:
            why = f"rejected: {rejected[handle]}"
        elif index in named_only:
            why = "found_without_handle"
        else:
            why = "not_found"
        score.misses.append({**_truth(artist), "why": why})
    if document is not None:
        score.pages_fetched = pages_fetched(document)
        score.pages_rendered = pages_rendered(document)
        score.requests = requests_sent(document)
    return score


def _truth(artist: Mapping[str, Any]) -> dict[str, str]:
    return {
        "expected_name": str(artist["name"]),
        "expected_handle": str(artist.get("handle") or ""),
    }


# -- summing up (pure) --------------------------------------------------------------------------


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 1.0


def _figures(scores: Sequence[SiteScore]) -> dict[str, Any]:
    tp = sum(len(s.true_positives) for s in scores)
    fp = sum(len(s.false_positives) for s in scores)
    fn = sum(len(s.misses) for s in scores)
    return {
        "sites": len(scores),
        "truePositives": tp,
        "falsePositives": fp,
        "misses": fn,
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
    }


def _mean(values: Iterable[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 2) if known else None


def summarize(scores: Sequence[SiteScore]) -> dict[str, Any]:
    """Overall and per-family precision and recall, browser shares, pages per studio."""
    families = sorted({s.family for s in scores})
    studios = len(scores)
    false_by_why: dict[str, int] = {}
    misses_by_why: dict[str, int] = {}
    for s in scores:
        for fp in s.false_positives:
            false_by_why[fp["why"]] = false_by_why.get(fp["why"], 0) + 1
        for miss in s.misses:
            why = miss["why"].split(":")[0]
            misses_by_why[why] = misses_by_why.get(why, 0) + 1
    return {
        **_figures(scores),
        "wrongNames": sum(len(s.wrong_names) for s in scores),
        "failedSites": sorted(s.site_id for s in scores if s.error),
        "falsePositivesByWhy": dict(sorted(false_by_why.items())),
        "missesByWhy": dict(sorted(misses_by_why.items())),
        "families": {f: _figures([s for s in scores if s.family == f]) for f in families},
        "browser": {
            "needsBrowserShare": _ratio(sum(s.needs_browser for s in scores), studios),
            "renderedShare": _ratio(sum(s.rendered for s in scores), studios),
            "renderedWithoutNeed": sorted(
                s.site_id for s in scores if s.rendered and not s.needs_browser
            ),
        },
        "pagesPerStudio": {
            "fetched": _mean(s.pages_fetched for s in scores),
            "rendered": _mean(s.pages_rendered for s in scores),
            "requests": _mean(s.requests for s in scores),
        },
        "robotsViolations": sum(s.robots_violations for s in scores),
        "politenessViolations": sum(s.politeness_violations for s in scores),
    }


def table(scores: Sequence[SiteScore], summary: Mapping[str, Any]) -> str:
    """A readable per-site table, the per-family figures and the totals."""
    header = f"{'site':<30} {'family':<22} {'tp':>3} {'fp':>3} {'miss':>4} {'pages':>5} {'rend':>4}"
    lines = [f"{header}  why"]
    for s in scores:
        why = [f"FP {fp['handle'] or fp['name']} ({fp['why']})" for fp in s.false_positives]
        why += [f"miss {m['expected_handle'] or m['expected_name']} ({m['why']})" for m in s.misses]
        if s.error:
            why.insert(0, f"ERROR {s.error[:80]}")
        pages = "-" if s.pages_fetched is None else str(s.pages_fetched)
        rendered = "-" if s.pages_rendered is None else str(s.pages_rendered)
        lines.append(
            f"{s.site_id:<30} {s.family:<22} {len(s.true_positives):>3} "
            f"{len(s.false_positives):>3} {len(s.misses):>4} {pages:>5} {rendered:>4}  "
            + "; ".join(why)
        )
    lines += ["", f"{'family':<22} {'sites':>5} {'tp':>4} {'fp':>4} {'miss':>4}  precision  recall"]
    for family, f in summary["families"].items():
        lines.append(
            f"{family:<22} {f['sites']:>5} {f['truePositives']:>4} {f['falsePositives']:>4} "
            f"{f['misses']:>4}  {f['precision']:>9.3f}  {f['recall']:>6.3f}"
        )
    browser = summary["browser"]
    lines += [
        "",
        f"precision {summary['precision']:.3f}  recall {summary['recall']:.3f}  "
        f"({summary['truePositives']} found, {summary['falsePositives']} wrong, "
        f"{summary['misses']} missed, {summary['sites']} studios)",
        f"needed a browser {browser['needsBrowserShare']:.2f}, rendered "
        f"{browser['renderedShare']:.2f}; pages per studio fetched "
        f"{summary['pagesPerStudio']['fetched']}, rendered "
        f"{summary['pagesPerStudio']['rendered']}; robots.txt violations "
        f"{summary['robotsViolations']}, politeness violations "
        f"{summary['politenessViolations']}",
    ]
    return "\n".join(lines)


# -- running the command against the served corpus ---------------------------------------------


def find_artists(
    url: str, proxy_url: str, today: date, timeout_s: float = SITE_TIMEOUT_S
) -> dict[str, Any]:
    """`compute-local find-artists URL --today DAY` in its own process, through the corpus
    proxy: the site read as on the day its answers were written against."""
    env = {
        **os.environ,
        "HTTP_PROXY": proxy_url,
        "http_proxy": proxy_url,
        "NO_PROXY": NO_PROXY,
        "no_proxy": NO_PROXY,
    }
    command = [
        *(sys.executable, "-m", "emulation.cli", "find-artists", url),
        *("--today", today.isoformat()),
    ]
    done = subprocess.run(  # noqa: S603 - our own CLI, with a URL of the corpus
        command, capture_output=True, text=True, env=env, timeout=timeout_s, cwd=ROOT, check=False
    )
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"exit {done.returncode}: {' | '.join(tail)}")
    try:
        document = json.loads(done.stdout)
    except ValueError as exc:
        raise RuntimeError(f"stdout is not one JSON document ({exc})") from exc
    if not isinstance(document, dict) or not isinstance(document.get("candidates"), list):
        raise RuntimeError("the document has no `candidates` list")
    return document


def score_corpus(
    only: list[str] | None = None,
    workers: int = 4,
    corpus_dir: Path | None = None,
    batch: str | None = None,
) -> list[SiteScore]:
    """Serve the corpus, read every site with the command (a few at once: one host each, so
    politeness is unaffected), and score each; `batch`: only the sites whose answers name it."""
    from emulation.corpus import CORPUS_DIR, TODAY, StaticSites, load_sites

    sites = load_sites(corpus_dir or CORPUS_DIR, only)
    if batch is not None:
        sites = [s for s in sites if s.answers.get("batch") == batch]
        if not sites:
            raise ValueError(f"no corpus sites in batch {batch!r}")
    with StaticSites(corpus_dir or CORPUS_DIR) as served:
        proxy = served.start()

        def one(site: Any) -> SiteScore:
            began = time.perf_counter()
            document: dict[str, Any] | None = None
            error = None
            try:
                document = find_artists(site.url, proxy, TODAY)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                error = str(exc)
            score = score_site(site.site_id, site.answers, document)
            score.error = error
            score.seconds = round(time.perf_counter() - began, 2)
            score.robots_violations, score.politeness_violations = served.politeness(site.host)
            return score

        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            return list(pool.map(one, sites))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m load.extraction", description=__doc__)
    parser.add_argument("--sites", nargs="+", help="only these site ids")
    parser.add_argument("--batch", help='only the sites whose answers say "batch": BATCH')
    parser.add_argument("--workers", type=int, default=4, help="sites read at once")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help="a folder of site folders in the corpus format (default tests/corpus/sites)",
    )
    parser.add_argument("--output", default=str(DEFAULT_OUTPUT))
    parser.add_argument("--min-precision", type=float, default=None)
    parser.add_argument("--min-recall", type=float, default=None)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    if args.corpus is not None and not args.corpus.is_dir():
        parser.error(f"--corpus {args.corpus}: not a folder")
    scores = score_corpus(args.sites, args.workers, corpus_dir=args.corpus, batch=args.batch)
    summary = summarize(scores)
    document = {
        "corpus": str(args.corpus) if args.corpus else "tests/corpus/sites",
        "batch": args.batch,
        "command": "compute-local find-artists URL",
        "seconds": round(time.perf_counter() - began, 1),
        "summary": summary,
        "sites": [s.to_dict() for s in scores],
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(scores, summary))
    print(f"\nwrote {output}")
    failures = []
    if args.min_precision is not None and summary["precision"] < args.min_precision:
        failures.append(f"precision {summary['precision']} < {args.min_precision}")
    if args.min_recall is not None and summary["recall"] < args.min_recall:
        failures.append(f"recall {summary['recall']} < {args.min_recall}")
    if summary["robotsViolations"] or summary["politenessViolations"]:
        failures.append(
            f"{summary['robotsViolations']} robots.txt and "
            f"{summary['politenessViolations']} politeness violations"
        )
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
