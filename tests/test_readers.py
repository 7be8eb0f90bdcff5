"""Inputs as they come (issue 21): gzip- and zstd-compressed files, WARC archives made here (no
download), ``--input-file`` lists, and URLs, which cleaner refuses in one clear line."""
from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, SEEDS

from cleaner.budget import Budget
from cleaner.cli import main
from cleaner.readers import decompress, output_stem, split_suffixes

SEED_FILES = sorted(SEEDS.glob("*.txt"))
NEWS_HTML = FIXTURES / "html-news-article" / "input.html"
LATIN1_HTML = FIXTURES / "html-latin1-blog" / "input.html"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def read_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def zstd_bytes(data: bytes) -> bytes:
    from fastwarc import ZstdWriter

    buffer = io.BytesIO()
    writer = ZstdWriter(buffer)
    writer.write(data)
    writer.close()
    return buffer.getvalue()


def test_suffixes_name_the_kind_and_the_compression() -> None:
    assert split_suffixes("a/b.jsonl.gz") == ("jsonl", "gzip", ".jsonl.gz")
    assert split_suffixes("crawl.warc.zst") == ("warc", "zstd", ".warc.zst")
    assert split_suffixes("page.HTM") == ("html", None, ".HTM")
    assert split_suffixes("v1.2.notes") == (None, None, ".notes")
    assert output_stem(Path("x/page.html.gz")) == Path("x/page")


def test_compressed_folder_gives_the_same_outputs_as_the_plain_one(tmp_path: Path) -> None:
    plain, packed = tmp_path / "plain", tmp_path / "packed"
    plain.mkdir()
    packed.mkdir()
    shutil.copy(SEED_FILES[0], plain / "a.txt")
    shutil.copy(NEWS_HTML, plain / "b.html")
    shutil.copy(SEED_FILES[1], plain / "c.txt")
    (plain / "d.jsonl").write_text(json.dumps({"id": "d1", "text": SEED_FILES[2].read_text(encoding="utf-8")})
                                   + "\n", encoding="utf-8")
    (packed / "a.txt.gz").write_bytes(gzip.compress((plain / "a.txt").read_bytes()))
    (packed / "b.html.gz").write_bytes(gzip.compress((plain / "b.html").read_bytes()))
    (packed / "c.txt.zst").write_bytes(zstd_bytes((plain / "c.txt").read_bytes()))
    (packed / "d.jsonl.gz").write_bytes(gzip.compress((plain / "d.jsonl").read_bytes()))
    for name in ("plain", "packed"):
        result = invoke("clean", str(tmp_path / name), "-o", str(tmp_path / f"out-{name}"), "-j", "1")
        assert result.exit_code == 0, result.output
        assert "cleaned 4 page(s) from 4 file(s)" in result.output
    expected = tmp_path / "out-plain"
    got = tmp_path / "out-packed"
    assert sorted(p.name for p in got.iterdir() if not p.name.startswith(".")) == ["a.txt", "b.txt", "c.txt", "d.jsonl"]
    for name in ("a.txt", "b.txt", "c.txt"):
        assert (got / name).read_text(encoding="utf-8") == (expected / name).read_text(encoding="utf-8") != ""
    [plain_record], [packed_record] = read_records(expected / "d.jsonl"), read_records(got / "d.jsonl")
    assert packed_record == plain_record


def test_unchanged_compressed_inputs_are_skipped_on_a_rerun(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt.gz").write_bytes(gzip.compress(SEED_FILES[0].read_bytes()))
    assert invoke("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "1").exit_code == 0
    again = invoke("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "1")
    assert "1 file(s) unchanged since the last run" in again.output


def test_a_small_file_that_unpacks_past_the_budget_is_refused_unread() -> None:
    bomb = gzip.compress(b"a line of text\n" * 100_000)  # 1.5 MB from about 5 KB
    assert len(bomb) < 20_000
    with pytest.raises(Exception, match="over budget"):
        decompress(bomb, "gzip", Budget(max_bytes=100_000))
    assert len(decompress(bomb, "gzip", Budget(max_bytes=0))) == 1_500_000


def test_a_corrupt_archive_is_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt.gz").write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    (tmp_path / "in" / "good.txt.gz").write_bytes(gzip.compress(SEED_FILES[0].read_bytes()))
    result = invoke("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 1
    assert "bad.txt.gz" in result.output and "gzip" in result.output
    assert (tmp_path / "out" / "good.txt").read_text(encoding="utf-8")


# --- WARC -----------------------------------------------------------------------------------------

def warc_record(kind: str, headers: dict[str, str], block: bytes) -> bytes:
    """One WARC/1.0 record, written out by hand from the spec (ISO 28500), not by the reader."""
    lines = [f"WARC-Type: {kind}", *(f"{k}: {v}" for k, v in headers.items()),
             f"Content-Length: {len(block)}"]
    return ("WARC/1.0\r\n" + "\r\n".join(lines) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def http_response(body: bytes, content_type: str) -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def response(n: int, url: str, body: bytes, content_type: str) -> bytes:
    return warc_record("response", {
        "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-00000000000{n}>", "WARC-Target-URI": url,
        "WARC-Date": "2024-05-01T10:00:00Z", "Content-Type": "application/http; msgtype=response"},
        http_response(body, content_type))


PAGES = {  # url -> (file name, bytes, HTTP content type)
    "https://www.valley-courier.example/transport/rail-strike-called-off":
        ("news.html", NEWS_HTML.read_bytes(), "text/html; charset=utf-8"),
    "https://blog.example.org/posts/latin1":
        ("blog.html", LATIN1_HTML.read_bytes().replace(
            b"<head>", b'<head><link rel="canonical" href="https://blog.example.org/posts/latin1">', 1),
         "text/html; charset=iso-8859-1"),
}
DUMP_URL = "https://dumps.example.net/page"


def make_warc(path: Path) -> None:
    """A crawl as crawlers write it: warcinfo, then per page a request and a response, plus a
    response that is no page (an image); each record its own gzip member, as in Common Crawl."""
    records = [warc_record("warcinfo", {"WARC-Record-ID": "<urn:uuid:info>", "Content-Type": "application/warc-fields"},
                           b"software: cleaner tests\r\n")]
    for n, (url, (_, body, content_type)) in enumerate(PAGES.items(), start=1):
        records.append(warc_record("request", {"WARC-Record-ID": f"<urn:uuid:req-{n}>", "WARC-Target-URI": url,
                                               "Content-Type": "application/http; msgtype=request"},
                                   f"GET / HTTP/1.1\r\nHost: {url.split('/')[2]}\r\n\r\n".encode()))
        records.append(response(n, url, body, content_type))
    records.append(response(7, "https://blog.example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"))
    records.append(response(8, DUMP_URL, SEED_FILES[4].read_bytes(), "text/plain; charset=utf-8"))
    raw = b"".join(records)
    path.write_bytes(b"".join(gzip.compress(r) for r in records) if path.suffix == ".gz" else raw)


def comparable(record: dict) -> dict:
    """A record without what names where it came from (its id and source)."""
    meta = {k: v for k, v in record["metadata"].items() if k != "source"}
    return {**record, "id": None, "metadata": meta}


def test_warc_equals_the_same_pages_cleaned_as_html_files(tmp_path: Path) -> None:
    make_warc(tmp_path / "crawl.warc.gz")
    pages = tmp_path / "pages"
    pages.mkdir()
    for name, body, _ in PAGES.values():
        (pages / name).write_bytes(body)
    result = invoke("clean", str(tmp_path / "crawl.warc.gz"), "-o", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 0, result.output
    assert "cleaned 3 page(s) from 1 file(s)" in result.output
    records = read_records(tmp_path / "out" / "crawl.jsonl")
    assert [r["metadata"]["url"] for r in records] == [*PAGES, DUMP_URL]  # the image is no page
    assert records[0]["id"] == "<urn:uuid:00000000-0000-0000-0000-000000000001>"

    files = invoke("clean", str(pages), "-o", str(tmp_path / "files"), "--format", "jsonl", "-j", "1")
    assert files.exit_code == 0, files.output
    by_url = {r["metadata"]["url"]: r for r in read_records(tmp_path / "files" / "articles.jsonl")}
    assert set(by_url) == set(PAGES)
    for record in records[:2]:
        assert comparable(record) == comparable(by_url[record["metadata"]["url"]])
        assert record["text"]
    assert records[1]["metadata"]["encoding"] == by_url[records[1]["metadata"]["url"]]["metadata"]["encoding"]
    dump = invoke("clean", str(SEED_FILES[4]), "-o", str(tmp_path / "dump"), "--format", "json", "-j", "1")
    expected_dump = json.loads((tmp_path / "dump" / f"{SEED_FILES[4].stem}.json").read_text(encoding="utf-8"))
    assert dump.exit_code == 0
    assert (records[2]["text"], records[2]["metadata"]["title"]) == (expected_dump["text"],
                                                                     expected_dump["metadata"]["title"])


def test_uncompressed_warc_and_parallel_runs_give_the_same_bytes(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    make_warc(tmp_path / "in" / "a.warc")
    make_warc(tmp_path / "in" / "b.warc.gz")
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        assert invoke("clean", str(tmp_path / "in"), "-o", str(out), "-j", jobs).exit_code == 0
        outputs.append([(out / name).read_bytes() for name in ("a.jsonl", "b.jsonl")])
    assert outputs[0] == outputs[1]
    a, b = (len(o.splitlines()) for o in outputs[0])
    assert a == b == 3


def test_a_warc_without_pages_or_broken_is_reported(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.warc").write_bytes(
        warc_record("warcinfo", {"WARC-Record-ID": "<urn:uuid:i>"}, b"software: x\r\n"))
    (tmp_path / "in" / "junk.warc.gz").write_bytes(gzip.compress(b"this is not a WARC file at all\n" * 3))
    result = invoke("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 1
    errors = {Path(e["input"]).name: e["error"] for e in read_records(tmp_path / "out" / "errors.jsonl")}
    assert "no response record" in errors["empty.warc"]
    assert set(errors) == {"empty.warc", "junk.warc.gz"}


# --- input lists and URLs -------------------------------------------------------------------------

def test_input_file_lists_the_inputs(tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text(f"# pages to clean\n{SEED_FILES[0]}\n\n{SEED_FILES[1]}\nhttps://example.com/x\n",
                       encoding="utf-8")
    result = invoke("clean", "--input-file", str(listing), "-o", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 1  # the URL is an input that could not be cleaned
    assert sorted(p.name for p in (tmp_path / "out").glob("*.txt")) == sorted(p.name for p in SEED_FILES[:2])
    assert "failed: https://example.com/x: a URL: cleaner does not fetch pages" in result.output


def test_no_input_at_all_or_an_unreadable_list_is_a_usage_error(tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["clean", "-o", str(tmp_path / "o")]).exit_code == 2
    missing = CliRunner().invoke(main, ["clean", "--input-file", str(tmp_path / "nope"), "-o", str(tmp_path / "o")])
    assert missing.exit_code == 2 and "cannot read it" in missing.output


def test_a_url_input_says_cleaner_does_not_fetch_with_the_url_intact(tmp_path: Path) -> None:
    result = invoke("clean", "https://example.com/news/a.html", str(SEED_FILES[0]), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    failures = [line for line in result.output.splitlines() if line.startswith("failed:")]
    assert failures == ["failed: https://example.com/news/a.html: a URL: cleaner does not fetch pages; "
                        "download it first (wget, curl, trafilatura) and give the file"]
    assert (tmp_path / "out" / SEED_FILES[0].name).exists()


def test_a_warc_page_over_the_byte_budget_is_refused_and_the_others_cleaned(tmp_path: Path) -> None:
    make_warc(tmp_path / "crawl.warc.gz")
    limit = max(len(body) for _, body, _ in PAGES.values())
    assert SEED_FILES[4].stat().st_size > limit  # the plain-text page is the big one
    result = invoke("clean", str(tmp_path / "crawl.warc.gz"), "-o", str(tmp_path / "out"),
                    "--max-bytes", str(limit), "-j", "1")
    assert result.exit_code == 1
    [error] = read_records(tmp_path / "out" / "errors.jsonl")
    assert error["input"].endswith("crawl.warc.gz#7") and error["error"].startswith("over budget:")
    assert [r["metadata"]["url"] for r in read_records(tmp_path / "out" / "crawl.jsonl")] == list(PAGES)


def test_line_counting_reads_compressed_and_warc_inputs(tmp_path: Path) -> None:
    """--site-chrome and 'cleaner learn' count the same lines from a .gz as from the plain file,
    and group a WARC's pages by their target URI's host."""
    from cleaner.learn import pages_of

    (tmp_path / "site").mkdir()
    shutil.copy(SEED_FILES[0], tmp_path / "site" / "a.txt")
    (tmp_path / "site" / "b.txt.gz").write_bytes(gzip.compress(SEED_FILES[0].read_bytes()))
    make_warc(tmp_path / "crawl.warc.gz")
    plain, packed = pages_of([tmp_path / "site" / "a.txt", tmp_path / "site" / "b.txt.gz"])
    assert plain == packed and plain[1]
    sites = [site for site, _ in pages_of([tmp_path / "crawl.warc.gz"])]
    assert sites == ["www.valley-courier.example", "blog.example.org", "dumps.example.net"]


def test_without_fastwarc_a_warc_or_zst_input_is_a_usage_error_saying_what_to_install(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    make_warc(tmp_path / "crawl.warc")
    (tmp_path / "page.txt.zst").write_bytes(zstd_bytes(SEED_FILES[0].read_bytes()))
    monkeypatch.setitem(sys.modules, "fastwarc", None)  # `import fastwarc` now fails, as when not installed
    for name in ("crawl.warc", "page.txt.zst"):
        result = CliRunner().invoke(main, ["clean", str(tmp_path / name), "-o", str(tmp_path / "out")])
        assert result.exit_code == 2, result.output
        assert "needs FastWARC, which is not installed" in result.output
        assert "pip install 'cleaner[warc]'" in result.output
    with pytest.raises(ValueError, match=r"cleaner\[warc\]"):
        decompress((tmp_path / "page.txt.zst").read_bytes(), "zstd", Budget())
    plain = invoke("clean", str(SEED_FILES[0]), "-o", str(tmp_path / "plain"), "-j", "1")
    assert plain.exit_code == 0  # other inputs never need it


def test_explain_reads_a_compressed_page(tmp_path: Path) -> None:
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(NEWS_HTML.read_bytes()))
    packed = invoke("explain", str(tmp_path / "page.html.gz"))
    plain = invoke("explain", str(NEWS_HTML))
    assert packed.exit_code == plain.exit_code == 0
    assert packed.output.split("\n", 1)[1] == plain.output.split("\n", 1)[1]  # all but the file name
    assert "Rail strike called off" in packed.output
