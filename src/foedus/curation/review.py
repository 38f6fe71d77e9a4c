"""Pending register proposals on disk, and the review that accepts or rejects them.

:func:`foedus.curation.proposals.propose` makes proposals; a :class:`ProposalStore`
keeps them as one JSON file each in a folder (``FOEDUS_PROPOSALS``, else
``proposals/`` beside the default database). :func:`diff` shows what a
proposal would change in its register file, :func:`accept` writes that file,
:func:`reject` marks the proposal rejected. Nothing reaches the register
folder (``FOEDUS_REGISTER``, else :func:`foedus.register.register_dir`) except
through :func:`accept`, which, holding the register folder's write lock
(:func:`foedus.register.lock.folder_lock`, so concurrent reviews take turns):

1. re-reads the proposal and the file, and re-applies the proposal's changes to
   the file as it is now, if it moved on since;
2. adds a ``reviews`` entry: who accepted, when (UTC), from which article, with
   the evidence spans;
3. validates the result (the record schema, then the checks across every
   record of the folder) and refuses with the file and field at fault;
4. writes it atomically (a temporary file, then a rename) and only then marks
   the proposal accepted. On any failure the register and the proposal are
   left as they were.

A review killed between writing the register file and marking its proposal
(the only moment the two disagree) is completed by the next ``accept`` of that
proposal: the file already holds its ``reviews`` entry, so nothing is added
twice.
"""

from __future__ import annotations

import datetime as dt
import difflib
import getpass
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from foedus.curation.proposals import Proposal, check_text
from foedus.curation.yamledit import apply_changes, load_text, render
from foedus.errors import FoedusError, InputError, NotFound, RegisterError
from foedus.paths import default_db_path
from foedus.register.load import register_dir
from foedus.register.lock import folder_lock

__all__ = [
    "ProposalStore",
    "accept",
    "default_reviewer",
    "diff",
    "proposals_dir",
    "proposed_text",
    "register_folder",
    "reject",
]


def proposals_dir(folder: str | Path | None = None) -> Path:
    """``folder``, else ``FOEDUS_PROPOSALS``, else ``proposals/`` beside the default database."""
    if folder is not None:
        return Path(folder).expanduser()
    env = os.environ.get("FOEDUS_PROPOSALS")
    if env:
        return Path(env).expanduser()
    return default_db_path().parent / "proposals"


def register_folder(folder: str | Path | None = None) -> Path:
    """``folder``, else :func:`foedus.register.register_dir` (which honours ``FOEDUS_REGISTER``)."""
    return Path(folder).expanduser() if folder is not None else register_dir()


def _now(now: dt.datetime | None) -> str:
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    return stamp.isoformat().replace("+00:00", "Z")


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # The temporary name does not end in .yaml, so a register reader never sees it.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class ProposalStore:
    """The proposals folder: one ``ID.json`` file per proposal, pending or decided.

    >>> import tempfile
    >>> store = ProposalStore(tempfile.mkdtemp())
    >>> store.pending()
    []
    """

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = proposals_dir(folder)

    def path(self, pid: str) -> Path:
        return self.folder / f"{pid}.json"

    def add(self, proposal: Proposal) -> bool:
        """Store a new proposal; False (and nothing changed) when one with its id exists."""
        if self.path(proposal.id).exists():
            return False
        self.save(proposal)
        return True

    def save(self, proposal: Proposal) -> None:
        text = json.dumps(proposal.to_dict(), indent=2, ensure_ascii=False, default=str) + "\n"
        _write_atomic(self.path(proposal.id), text)

    def all(self) -> list[Proposal]:
        """Every stored proposal, oldest first."""
        if not self.folder.is_dir():
            return []
        found = [self._read(p) for p in sorted(self.folder.glob("*.json"))]
        return sorted(found, key=lambda p: (p.created_at, p.id))

    def pending(self) -> list[Proposal]:
        return [p for p in self.all() if p.status == "pending"]

    def get(self, pid: str) -> Proposal:
        """The proposal ``pid`` (or the only one whose id starts with it)."""
        pid = pid.strip()
        if not pid:
            raise InputError("give a proposal id (see `foedus review list`)")
        exact = self.path(pid)
        if exact.is_file():
            return self._read(exact)
        hits = sorted(self.folder.glob(f"{pid}*.json")) if self.folder.is_dir() else []
        if len(hits) == 1:
            return self._read(hits[0])
        if len(hits) > 1:
            ids = ", ".join(h.stem for h in hits[:6])
            raise InputError(f"{pid!r} starts several proposal ids ({ids}); give more of it")
        raise NotFound(
            f"no proposal {pid!r} in {self.folder}; `foedus review list` shows the pending ones"
        )

    def _read(self, path: Path) -> Proposal:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Proposal.from_dict(data)
        except (OSError, ValueError, TypeError) as exc:
            raise InputError(
                f"{path}: not a readable proposal ({exc}); move it aside or delete it"
            ) from None


# --- the text a proposal would write -----------------------------------------------


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _current(proposal: Proposal, folder: Path) -> tuple[Path, str | None]:
    target = folder / proposal.target
    if Path(proposal.target).name != proposal.target or not proposal.target.endswith(".yaml"):
        raise InputError(f"proposal {proposal.id}: bad target {proposal.target!r}")
    try:
        return target, target.read_text(encoding="utf-8") if target.exists() else None
    except OSError as exc:
        raise RegisterError(f"cannot read the file: {exc}", path=target) from exc


def proposed_text(proposal: Proposal, register: str | Path | None = None) -> tuple[str | None, str]:
    """(the register file's text now, or None when absent; the text the proposal makes of it).

    The proposal's own ``yaml`` when the file is as it was when the proposal was
    made; otherwise its changes re-applied to the file as it is now.
    """
    folder = register_folder(register)
    target, old = _current(proposal, folder)
    if proposal.base_sha256 is None:
        if old is not None:
            raise RegisterError(
                f"{proposal.target} now exists, so proposal {proposal.id}'s new record would "
                "replace it; reject this proposal and run `foedus ingest` on the article again",
                path=target,
            )
        return None, proposal.yaml
    if old is None:
        raise RegisterError(
            f"the file proposal {proposal.id} changes is gone; reject the proposal", path=target
        )
    if _sha(old) == proposal.base_sha256:
        return old, proposal.yaml
    try:
        return old, render(old, apply_changes(load_text(old), proposal.changes))
    except RegisterError as exc:
        raise RegisterError(
            f"{proposal.target} changed since proposal {proposal.id} was made and it no longer "
            f"applies ({exc}); reject it and run `foedus ingest` on the article again",
            path=target,
        ) from None


def diff(proposal: Proposal, register: str | Path | None = None) -> str:
    """A unified diff of the register file, before and after the proposal."""
    old, new = proposed_text(proposal, register)
    before = f"a/{proposal.target}" if old is not None else "/dev/null"
    lines = difflib.unified_diff(
        (old or "").splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=before,
        tofile=f"b/{proposal.target}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _review_entry(proposal: Proposal, reviewer: str, stamp: str) -> dict[str, Any]:
    art = proposal.article
    article = {
        k: art.get(k)
        for k in ("title", "publisher", "published", "url", "path")
        if art.get(k) is not None
    }
    if not article:
        article = {"title": str(art.get("source") or "unknown article")}
    evidence = [
        {"field": s["field"], "start": s["start"], "end": s["end"], "text": s["text"]}
        for s in proposal.event.get("evidence", [])
    ]
    return {
        "accepted_by": reviewer,
        "accepted_at": stamp,
        "proposal": proposal.id,
        "action": proposal.action,
        "event": proposal.event.get("kind", "unknown"),
        "article": article,
        "evidence": evidence,
    }


def default_reviewer() -> str:
    """``$USER``, else the login name, else ``unknown``."""
    user = os.environ.get("USER")
    if user:
        return user
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in a container
        return "unknown"


def accept(
    store: ProposalStore,
    pid: str,
    *,
    reviewer: str | None = None,
    register: str | Path | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Write proposal ``pid``'s register file, with a review entry; return the file's path.

    Refuses (RegisterError naming the file and field, nothing written) when the
    result breaks the register schema or the checks across records. Takes the
    proposals folder's lock, then the register folder's: the proposal and the
    file are read, changed and written by one reviewer at a time.
    """
    who = (reviewer or default_reviewer()).strip()
    if not who:
        raise InputError("give the reviewer's name with --reviewer NAME")
    folder = register_folder(register)
    if not folder.is_dir():
        raise RegisterError("not a folder; give the register folder with --register", path=folder)
    with folder_lock(store.folder), folder_lock(folder):
        return _accept_locked(store, store.get(pid), who, folder, now)


def _accept_locked(
    store: ProposalStore, proposal: Proposal, who: str, folder: Path, now: dt.datetime | None
) -> Path:
    if proposal.status != "pending":
        when = (proposal.decision or {}).get("at", "earlier")
        raise InputError(f"proposal {proposal.id} was already {proposal.status} ({when})")
    target = folder / proposal.target
    # Temporary files of a writer killed mid-write (the lock is ours, so none is in use).
    for stale in folder.glob(f".{proposal.target}.*.tmp"):
        stale.unlink(missing_ok=True)
    done = _recorded_review(proposal, folder)
    if done is not None:  # an accept killed after writing the file: finish it
        _mark_accepted(store, proposal, str(done.get("accepted_by") or who), done, target)
        return target
    # Problems stored with the proposal were found against the register of that day; the
    # validation below decides, against the folder as it is now.
    old, start = proposed_text(proposal, folder)
    stamp = _now(now)
    review = {"op": "append", "path": ["reviews"], "value": _review_entry(proposal, who, stamp)}
    try:
        final = render(start, apply_changes(load_text(start), [review]))
    except (ValueError, FoedusError) as exc:
        raise RegisterError(
            f"proposal {proposal.id}'s text is not a record ({exc}); reject it",
            path=target,
        ) from None
    check_text(final, proposal.record, folder)
    try:
        _write_atomic(target, final)
    except OSError as exc:
        raise RegisterError(
            f"cannot write the file ({exc.strerror or exc}); nothing was changed", path=target
        ) from exc
    try:
        _mark_accepted(store, proposal, who, {"accepted_at": stamp}, target)
    except BaseException as exc:
        # Keep register and proposals in step: undo the register write.
        if old is None:
            target.unlink(missing_ok=True)
        else:
            _write_atomic(target, old)
        if isinstance(exc, OSError):
            raise InputError(
                f"cannot record the decision in {store.path(proposal.id)} "
                f"({exc.strerror or exc}); the register file was put back as it was"
            ) from exc
        raise
    return target


def _recorded_review(proposal: Proposal, folder: Path) -> dict[str, Any] | None:
    """The ``reviews`` entry of ``proposal`` already in its file, if an accept wrote one."""
    _, text = _current(proposal, folder)
    if text is None:
        return None
    try:
        reviews = load_text(text).get("reviews") or []
    except (ValueError, FoedusError):
        return None
    for entry in reviews if isinstance(reviews, list) else []:
        if isinstance(entry, dict) and entry.get("proposal") == proposal.id:
            return entry
    return None


def _mark_accepted(
    store: ProposalStore, proposal: Proposal, who: str, review: dict[str, Any], target: Path
) -> None:
    at = review.get("accepted_at")
    stamp = _now(at) if isinstance(at, dt.datetime) else str(at)
    proposal.status = "accepted"
    proposal.decision = {"by": who, "at": stamp, "file": str(target)}
    store.save(proposal)


def reject(
    store: ProposalStore,
    pid: str,
    *,
    reason: str | None = None,
    reviewer: str | None = None,
    now: dt.datetime | None = None,
) -> Proposal:
    """Mark proposal ``pid`` rejected (with an optional reason); the register is not touched.

    Takes the proposals folder's lock, so an accept and a reject of one proposal
    cannot both succeed.
    """
    with folder_lock(store.folder):
        proposal = store.get(pid)
        if proposal.status != "pending":
            raise InputError(f"proposal {proposal.id} was already {proposal.status}")
        proposal.status = "rejected"
        proposal.decision = {
            "by": reviewer or default_reviewer(),
            "at": _now(now),
            "reason": reason,
        }
        try:
            store.save(proposal)
        except OSError as exc:
            raise InputError(
                f"cannot record the decision in {store.path(proposal.id)} "
                f"({exc.strerror or exc}); nothing was changed"
            ) from exc
    return proposal
