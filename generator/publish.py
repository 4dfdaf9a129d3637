"""Write results so that a failed run changes nothing.

Everything is built in a temporary directory beside the targets (same file
system), then moved into place with renames; if any step fails, what was moved
is moved back, so `snapshots/` and `llm_catalog/` are byte-identical to before.
The generated part of the package (`llm_catalog/_data/` and the provider modules)
is deleted and rebuilt, never patched; the hand-written modules beside it are
never touched (as tzdata rebuilds its `zoneinfo/` and nothing else).
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator import changelog, render, schema, snapshot
from generator import history as history_module
from generator.history import History
from generator.layout import DATA_PACKAGE
from generator.progress import SILENT, Progress
from generator.report import GeneratorError

CHANGELOG = "CHANGELOG.md"
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Workspace:
    """The repository paths the generator reads and writes."""

    root: Path = ROOT

    @property
    def snapshots(self) -> Path:
        return self.root / "snapshots"

    @property
    def package(self) -> Path:
        return self.root / "llm_catalog"

    @property
    def config(self) -> Path:
        return self.root / "pyproject.toml"

    @contextlib.contextmanager
    def scratch(self) -> Iterator[Path]:
        """A temporary directory on the same file system as the targets."""
        parent = self.root / ".generator-tmp"
        parent.mkdir(exist_ok=True)
        path = Path(tempfile.mkdtemp(dir=parent))
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)
            with contextlib.suppress(OSError):
                parent.rmdir()


def publish(
    ws: Workspace,
    catalog: schema.Catalog,
    snapshot: dict[str, str] | None = None,
    *,
    history: History | None = None,
    snapshot_tree: Mapping[str, str] | None = None,
    progress: Progress = SILENT,
) -> None:
    """Rebuild the package from `catalog` and, given `snapshot` files, store them
    as the snapshot of the catalog's date. All or nothing.

    With a `history`, the package also gets its tombstones and history data and
    `CHANGELOG.md` is rewritten; `snapshot_tree` (paths relative to `snapshots/`)
    replaces the stored catalogs and deltas (see `generator/history.py`) and adds
    or replaces the other files it names; `snapshots/` is swapped as a whole."""
    with ws.scratch() as tmp:
        new_pkg = tmp / "llm_catalog"
        generated = render.build_generated(
            catalog, new_pkg, ws.config, history=history, progress=progress
        )
        _refuse_misplaced(ws, generated)
        moves: list[tuple[Path, Path]] = []  # (from, to) done so far, for undo
        with progress.stage("write"):
            try:
                if snapshot_tree is not None:
                    new_snaps = _snapshot_tree(ws, tmp, snapshot_tree)
                    if ws.snapshots.exists():
                        _move(ws.snapshots, tmp / "old-snapshots", moves)
                    _move(new_snaps, ws.snapshots, moves)
                if history is not None:
                    new_log = tmp / CHANGELOG
                    new_log.write_text(
                        changelog.changelog_file(history.catalogs), encoding="utf-8", newline="\n"
                    )
                    if (ws.root / CHANGELOG).exists():
                        _move(ws.root / CHANGELOG, tmp / "old-changelog", moves)
                    _move(new_log, ws.root / CHANGELOG, moves)
                if snapshot is not None:
                    new_snap = tmp / "snapshot"
                    new_snap.mkdir()
                    for name, text in snapshot.items():
                        (new_snap / name).parent.mkdir(parents=True, exist_ok=True)
                        (new_snap / name).write_text(text, encoding="utf-8", newline="\n")
                    target = ws.snapshots / catalog.manifest.date
                    ws.snapshots.mkdir(exist_ok=True)
                    if target.exists():
                        _move(target, tmp / "old-snapshot", moves)
                    _move(new_snap, target, moves)
                _replace_generated(ws, new_pkg, generated, tmp / "old-package", moves)
            except BaseException:
                for src, dst in reversed(moves):
                    dst.rename(src)
                raise


def _refuse_misplaced(ws: Workspace, generated: list[str]) -> None:
    wrong = render.misplaced(ws.package, generated)
    if wrong:
        raise GeneratorError(
            "hand-written files where the generator writes (it owns "
            f"llm_catalog/{DATA_PACKAGE}/ and the provider modules): "
            + ", ".join(f"llm_catalog/{name}" for name in wrong)
            + "; move them out, or delete them"
        )


def _replace_generated(
    ws: Workspace, new_pkg: Path, generated: list[str], old: Path, moves: list[tuple[Path, Path]]
) -> None:
    """Move the package's generated files out to `old` (`_data/` whole, and each
    top-level module with the generated header, stale ones included), then the new
    ones from `new_pkg` in. Hand-written files stay where they are, untouched."""
    if not ws.package.exists():
        (old / "package").mkdir(parents=True)
        _move(old / "package", ws.package, moves)  # undone like the rest
    old.mkdir(exist_ok=True)
    data = ws.package / DATA_PACKAGE
    if data.exists():
        _move(data, old / DATA_PACKAGE, moves)
    for path in sorted(ws.package.glob("*.py")):
        if render.is_generated(path):
            _move(path, old / path.name, moves)
    _move(new_pkg / DATA_PACKAGE, data, moves)
    for name in generated:
        if "/" not in name:
            _move(new_pkg / name, ws.package / name, moves)


def _snapshot_tree(ws: Workspace, tmp: Path, files: Mapping[str, str]) -> Path:
    """A copy of `snapshots/` with the stored catalogs replaced by `files`."""
    new = tmp / "snapshots"
    if ws.snapshots.exists():
        shutil.copytree(ws.snapshots, new, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        new.mkdir()
    for directory in snapshot.dated_dirs(new):
        for name in (history_module.CATALOG, history_module.DELTA):
            (directory / name).unlink(missing_ok=True)
    for name, text in files.items():
        target = new / name
        if not target.resolve().is_relative_to(new.resolve()):
            raise GeneratorError(f"refusing to write {name!r} outside snapshots/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    return new


def _move(src: Path, dst: Path, moves: list[tuple[Path, Path]]) -> None:
    src.rename(dst)
    moves.append((src, dst))


def stale_files(
    ws: Workspace, catalog: schema.Catalog, history: History | None = None
) -> list[str]:
    """Files of `llm_catalog/` that are not what rendering `catalog` gives: of those
    render writes and those it would replace (`render.owned_files`), so a hand edit,
    a stale module or a hand-written file in `_data/` is named. With a `history`,
    also `CHANGELOG.md` and the stored catalogs under `snapshots/`."""
    extra: list[str] = []
    if history is not None:
        log = ws.root / CHANGELOG
        if not log.exists() or log.read_text("utf-8") != changelog.changelog_file(history.catalogs):
            extra.append(CHANGELOG)
        extra.extend(history_module.stale(ws.snapshots, history))
    with ws.scratch() as tmp:
        fresh = tmp / "llm_catalog"
        # What render writes, and what it would replace: a hand edit, a stale module
        # or a hand-written file among them differs.
        names = {
            *render.build_generated(catalog, fresh, ws.config, history=history),
            *render.owned_files(ws.package),
        }
        differ = []
        for name in sorted(names):
            old, new = ws.package / name, fresh / name
            if not old.exists() or not new.exists() or old.read_bytes() != new.read_bytes():
                differ.append(f"llm_catalog/{name}")
        return extra + differ
