"""Save a paper's PDF into a folder: bounded, checked, atomic, and never twice the same file.

The request goes out as every hubread request does (net/http_get: the user agent, the
timeouts, redirects checked, the per-host politeness of ``[network.hosts]``, so arXiv gets
its three seconds between two PDFs); the body is bounded by ``[ui].pdf_max_mb`` (declared
and as it arrives, decompressed piece by piece) and the whole download by
``DOWNLOAD_SECONDS``. What arrives must be a PDF (not a web page: a login or landing page is
the usual failure) and is written to a hidden temp file in the target folder, renamed into
place only once it is complete: a failed or cancelled download leaves nothing behind. A
file already there with the same bytes is the same paper, and is kept as the only copy.
"""

from __future__ import annotations

import asyncio
import contextlib
import filecmp
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import httpx

from tuireader.config.settings import NetworkConfig
from tuireader.fetch.pdf_names import numbered
from tuireader.links import http_url_problem
from tuireader.net.decoding import BodyTooLarge, BoundedDecoder, UndecodableBody
from tuireader.net.failures import describe
from tuireader.net.http_get import HostGate, open_client
from tuireader.sanitize import clean

DOWNLOAD_SECONDS = 15 * 60.0  # a whole PDF, however slowly it trickles in
PDF_MAGIC = b"%PDF-"
MAGIC_WITHIN = 1024  # PDF readers accept the header anywhere in the first kilobyte
MAX_NUMBERED = 100  # Name.pdf, Name-2.pdf, ... Name-100.pdf; then the folder is a mess
# Content types that are certainly not a PDF (octet-stream and friends may be one).
_NOT_PDF_PREFIXES = ("text/", "image/", "audio/", "video/", "application/xhtml", "application/json")
TEMP_PREFIX = ".hubread-"
TEMP_SUFFIX = ".pdf.part"
LEFTOVER_AGE = 24 * 3600  # seconds: an older temp file of ours is a killed download's

Progress = Callable[[int, int | None], object]  # bytes so far, bytes expected (None: unknown)


class PdfError(Exception):
    """The PDF could not be saved; the message says why, for the user, in one line."""


@dataclass(frozen=True, slots=True)
class SavedPdf:
    """Where the PDF is; ``already``: that very file was there before (nothing written)."""

    path: Path
    size: int
    already: bool = False


def megabytes(count: int) -> str:
    return f"{count / 1e6:.1f} MB"


class PdfDownloader:
    """Downloads one PDF at a time for one reader; keeps the hosts' politeness between them."""

    def __init__(self, network: NetworkConfig, max_mb: float) -> None:
        self.network = network
        self.max_bytes = int(max_mb * 1_000_000)
        self._gate = HostGate(network)

    async def save(self, url: str, folder: Path, stem: str, progress: Progress) -> SavedPdf:
        """Download ``url`` into ``folder`` as ``stem``.pdf (``stem``-2.pdf if another file
        has that name); ``PdfError`` says why not. Cancelling leaves no file."""
        if problem := http_url_problem(url):
            raise PdfError(f"the PDF link is not a usable http(s) address: {problem}")
        temp, out = await asyncio.to_thread(_temp_file, folder)
        try:
            with out:
                size = await self._download(url, out, progress)
                await asyncio.to_thread(_finish, out)
            return await asyncio.to_thread(_place, temp, folder, stem, size)
        finally:  # failed, cancelled, or placed (linked under its name, or renamed)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)

    async def _download(self, url: str, out: IO[bytes], progress: Progress) -> int:
        host = urlsplit(url).hostname or ""
        client = await open_client(self.network)
        try:
            async with self._gate.slot(host), self._gate.request_slot():
                await self._gate.wait_turn(host)
                async with asyncio.timeout(DOWNLOAD_SECONDS):
                    return await self._stream(client, url, out, progress)
        except TimeoutError:
            raise PdfError(
                f"the download took longer than {DOWNLOAD_SECONDS / 60:.0f} minutes"
            ) from None
        except httpx.HTTPError as exc:
            raise PdfError(describe(exc, host, self.network.connect_timeout)) from None
        finally:
            await client.aclose()

    async def _stream(
        self, client: httpx.AsyncClient, url: str, out: IO[bytes], progress: Progress
    ) -> int:
        limit = megabytes(self.max_bytes)
        async with client.stream("GET", url, headers={"Accept": "application/pdf"}) as response:
            if response.status_code >= 400:
                raise PdfError(clean(f"HTTP {response.status_code} {response.reason_phrase}"))
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if content_type.startswith(_NOT_PDF_PREFIXES):
                raise PdfError(
                    f"the server sent {clean(content_type)[:60]}, not a PDF (the link may "
                    "lead to a web page, or the paper may need a login)"
                )
            declared = response.headers.get("Content-Length", "")
            expected = int(declared) if declared.isascii() and declared.isdigit() else None
            if expected is not None and expected > self.max_bytes:
                raise PdfError(
                    f"the PDF is too large ({megabytes(expected)}; [ui].pdf_max_mb is {limit})"
                )
            try:
                decoder = BoundedDecoder(response.headers.get("Content-Encoding"), self.max_bytes)
            except UndecodableBody as exc:
                raise PdfError(str(exc)) from None
            # A compressed body's length is not the PDF's: its progress has no total.
            total = None if response.headers.get("Content-Encoding") else expected
            head = b""
            received = 0
            progress(0, total)
            async for raw in response.aiter_raw():
                try:
                    pieces = decoder.decode(raw)
                except BodyTooLarge:
                    raise PdfError(f"the PDF is larger than [ui].pdf_max_mb ({limit})") from None
                except UndecodableBody as exc:
                    raise PdfError(str(exc)) from None
                for piece in pieces:
                    if len(head) < MAGIC_WITHIN:
                        head += piece[: MAGIC_WITHIN - len(head)]
                        if len(head) >= MAGIC_WITHIN:
                            _check_magic(head)
                    await asyncio.to_thread(out.write, piece)
                    received += len(piece)
                progress(received, total)
            try:
                decoder.finish()
            except UndecodableBody as exc:
                raise PdfError(str(exc)) from None
            _check_magic(head)
            return received


def _check_magic(head: bytes) -> None:
    if PDF_MAGIC not in head[:MAGIC_WITHIN]:
        raise PdfError("what the server sent is not a PDF (it does not start with %PDF-)")


def _temp_file(folder: Path) -> tuple[Path, IO[bytes]]:
    """A new hidden file in ``folder`` (made if missing), so the rename stays on one disk.
    Made with the user's umask, as any downloaded file (a NamedTemporaryFile is 0600)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _sweep_leftovers(folder)
        while True:
            path = folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}{TEMP_SUFFIX}"
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                continue
            return path, open(fd, "wb")
    except OSError as exc:
        raise PdfError(f"cannot write into {folder}: {exc.strerror or exc}") from None


def _same_bytes(temp: Path, target: Path, size: int) -> bool:
    return (
        target.is_file()
        and target.stat().st_size == size
        and filecmp.cmp(temp, target, shallow=False)
    )


def _reserve(target: Path) -> bool:
    """Make ``target`` empty and ours, unless a file is there already."""
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except FileExistsError:
        return False
    return True


def _sweep_leftovers(folder: Path) -> None:
    """Remove our temp files a killed download left behind (kill -9, power loss), once
    they are a day old: a younger one may be another hubread's download under way."""
    cutoff = time.time() - LEFTOVER_AGE
    for path in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()


def _finish(out: IO[bytes]) -> None:
    out.flush()
    os.fsync(out.fileno())


def _place(temp: Path, folder: Path, stem: str, size: int) -> SavedPdf:
    """Give the complete ``temp`` its name: the first of ``stem``.pdf, ``stem``-2.pdf, ...
    that is free, unless one of them holds these very bytes already (then that one is
    the PDF and ``temp`` goes). A file is never replaced, even one made meanwhile by
    another program: the link fails rather than overwrite."""
    try:
        for n in range(1, MAX_NUMBERED + 1):
            target = folder / numbered(stem, n)
            try:
                os.link(temp, target)
            except FileExistsError:
                if _same_bytes(temp, target, size):
                    return SavedPdf(target, size, already=True)
                continue
            except OSError:  # no hard links here (FAT, some network shares)
                if not _reserve(target):
                    if _same_bytes(temp, target, size):
                        return SavedPdf(target, size, already=True)
                    continue
                os.replace(temp, target)  # over the empty file we just made, no other
            return SavedPdf(target, size)
    except OSError as exc:
        raise PdfError(f"cannot save into {folder}: {exc.strerror or exc}") from None
    raise PdfError(f"{folder} already holds {MAX_NUMBERED} different files named {stem}")
