"""The curated register: impossible dates, unknown codes and names that contradict codes.

Issue 13: a register date such as 2025-02-30 crashed ``register check``, ``data
import`` and ``ingest`` with a ValueError naming no file; a party ``ccode: 671`` (no
such state) imported and then broke ``defends Pakistan``; ``ccode: 670, name: Narnia``
went unnoticed. Each is now refused with the record's file and the dotted field.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from foedus.cli import main
from foedus.errors import RegisterError
from foedus.register import load_register, register_dir

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "examples"
PACT = "sau-pak-2025.yaml"  # parties: 670 Saudi Arabia, 770 Pakistan; signed 2025-09-17


@pytest.fixture
def register_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "register"
    shutil.copytree(register_dir(), folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}; update the test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    _, err = capsys.readouterr()
    return code, err


def test_an_impossible_date_names_the_file_and_field(register_copy: Path) -> None:
    _edit(
        register_copy / PACT,
        "  date: 2025-09-17\n  place: Riyadh",
        "  date: 2025-02-30\n  place: Riyadh",
    )
    with pytest.raises(RegisterError, match="not a real date") as err:
        load_register(register_copy)
    assert err.value.field == "signed.date"
    assert err.value.path == str(register_copy / PACT) and "2025-02-30" in str(err.value)


def test_a_date_outside_the_registers_years_is_refused(register_copy: Path) -> None:
    _edit(
        register_copy / PACT,
        "  date: 2025-09-17\n  place: Riyadh",
        "  date: 2205-09-17\n  place: Riyadh",
    )
    with pytest.raises(RegisterError, match="expected a date from 1815 to") as err:
        load_register(register_copy)
    assert err.value.field == "signed.date" and "2205-09-17" in str(err.value)


def test_an_impossible_date_is_a_clean_error_in_every_command(
    register_copy: Path, kb_file: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, tmp_path: Path,
) -> None:  # fmt: skip
    _edit(
        register_copy / PACT,
        "  date: 2025-09-17\n  place: Riyadh",
        "  date: 2025-02-30\n  place: Riyadh",
    )
    monkeypatch.setenv("FOEDUS_REGISTER", str(register_copy))
    where = f"{register_copy / PACT}, field 'signed.date'"
    code, err = run(capsys, "--db", str(kb_file), "register", "check")
    assert code == 1 and where in err and "Traceback" not in err
    code, err = run(capsys, "--db", str(tmp_path / "kb.duckdb"), "data", "import", str(data_dir))
    assert code == 1 and where in err and not (tmp_path / "kb.duckdb").exists()
    article = SEED / "2024-06-19-putin-kim-pact.txt"
    if article.is_file():
        code, err = run(capsys, "--db", str(kb_file), "ingest", str(article),
                        "--published", "2024-06-19", "--register", str(register_copy))  # fmt: skip
        assert code == 1 and where in err


@pytest.mark.data
def test_an_unknown_party_code_is_refused_on_import(
    register_copy: Path, monkeypatch: pytest.MonkeyPatch, data_dir: Path, tmp_path: Path
) -> None:
    from foedus.build import build_store

    _edit(register_copy / PACT, "  - ccode: 770\n", "  - ccode: 671\n")
    monkeypatch.setenv("FOEDUS_REGISTER", str(register_copy))
    db = tmp_path / "kb.duckdb"
    with pytest.raises(RegisterError, match="671 is not a state") as err:
        build_store(data_dir, db)
    assert err.value.path == str(register_copy / PACT)
    assert err.value.field == "parties.1.ccode" and "expected a COW code" in str(err.value)
    assert not db.exists()


@pytest.mark.data
def test_a_name_that_contradicts_its_code_is_refused(
    register_copy: Path, kb_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from foedus.build import check_register
    from foedus.kb import KnowledgeBase

    _edit(register_copy / PACT, "    name: Saudi Arabia\n", "    name: Narnia\n")
    with KnowledgeBase(kb_file) as kb, pytest.raises(RegisterError, match="'Narnia'") as err:
        check_register(kb.store, register_copy)
    assert err.value.field == "parties.0.name"
    assert "does not match ccode 670" in str(err.value) and "expected Saudi Arabia" in str(
        err.value
    )
    code, out = run(
        capsys, "--db", str(kb_file), "register", "check", "--folder", str(register_copy)
    )
    assert code == 1 and "parties.0.name" in out


@pytest.mark.data
def test_another_states_name_is_named_in_the_error(register_copy: Path, kb_file: Path) -> None:
    from foedus.build import check_register
    from foedus.kb import KnowledgeBase

    _edit(register_copy / PACT, "    name: Saudi Arabia\n", "    name: Iran\n")
    with KnowledgeBase(kb_file) as kb, pytest.raises(RegisterError, match=r"'Iran' is Iran, 630"):
        check_register(kb.store, register_copy)


@pytest.mark.data
def test_known_aliases_and_every_real_record_pass(register_copy: Path, kb_file: Path) -> None:
    from foedus.build import check_register
    from foedus.kb import KnowledgeBase

    _edit(register_copy / PACT, "    name: Saudi Arabia\n", "    name: Kingdom of Saudi Arabia\n")
    with KnowledgeBase(kb_file) as kb:
        check_register(kb.store, register_copy)  # no error: a curated alias of 670


@pytest.mark.data
def test_a_party_dated_when_its_state_did_not_exist_is_refused(
    register_copy: Path, kb_file: Path
) -> None:
    from foedus.build import check_register
    from foedus.kb import KnowledgeBase

    _edit(register_copy / PACT, "  - ccode: 670\n    name: Saudi Arabia\n",
          "  - ccode: 265\n    name: East Germany\n")  # fmt: skip
    with KnowledgeBase(kb_file) as kb, pytest.raises(RegisterError, match=r"\(265\) did not exist"):
        check_register(kb.store, register_copy)
