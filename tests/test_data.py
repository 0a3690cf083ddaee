"""Every dataset matches its data dictionary and gives a source for every row."""

import pandas as pd
import pytest
from helpers import DATA
from ketamine_course.core import data

TABLES = sorted(p.name for p in DATA.glob("*.csv"))


def test_there_are_datasets():
    assert "support_services.csv" in TABLES


def test_every_dataset_is_in_the_dictionary_and_vice_versa():
    assert sorted(data.read_data_dictionary()) == TABLES


@pytest.mark.parametrize("name", TABLES)
def test_dataset_matches_its_dictionary(name):
    assert data.check_table(name) == []


@pytest.mark.parametrize("name", TABLES)
def test_dataset_is_utf8_with_unix_line_ends(name):
    raw = (DATA / name).read_bytes()
    raw.decode("utf-8")
    assert b"\r\n" not in raw


# --- the checker itself, on broken copies -------------------------------------------------

DICTIONARY = """# data
## trial.csv

| column | type | unit | meaning |
|---|---|---|---|
| year | year | — | Year of publication |
| n | integer | people | Number randomised |
| rate | number | % | Response rate |
| link | url | — | Where it is |
| source | text | — | Citation |
"""


@pytest.fixture
def fake_course(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "README.md").write_text(DICTIONARY)
    monkeypatch.setenv("KETAMINE_COURSE_ROOT", str(tmp_path))
    return tmp_path / "data"


def write(folder, text):
    (folder / "trial.csv").write_text(text)


def test_checker_accepts_a_sound_table(fake_course):
    write(fake_course, "year,n,rate,link,source\n2000,7,57.1,https://x.org/a,Berman 2000\n")
    assert data.check_table("trial.csv") == []


def test_checker_finds_a_missing_source(fake_course):
    write(fake_course, "year,n,rate,link,source\n2000,7,57.1,https://x.org/a,\n")
    assert any("no source" in p and "[2]" in p for p in data.check_table("trial.csv"))


def test_checker_finds_wrong_types(fake_course):
    write(fake_course, "year,n,rate,link,source\n20001,7.5,high,x.org,B\n")
    problems = " ".join(data.check_table("trial.csv"))
    for column in ("'year'", "'n'", "'rate'", "'link'"):
        assert column in problems


def test_checker_finds_undeclared_columns(fake_course):
    write(fake_course, "year,n,rate,link,source,extra\n2000,7,57.1,https://x.org,B,1\n")
    assert any("columns are" in p for p in data.check_table("trial.csv"))


def test_checker_finds_undocumented_table(fake_course):
    (fake_course / "other.csv").write_text("a,source\n1,x\n")
    assert "no section" in data.check_table("other.csv")[0]


def test_load_table_keeps_na_as_text(fake_course):
    write(fake_course, "year,n,rate,link,source\n2000,7,57.1,https://x.org,NA\n")
    assert data.load_table("trial.csv")["source"][0] == "NA"


@pytest.mark.parametrize("bad", ["trial", "../data/trial.csv", "missing.csv", 3])
def test_data_path_rejects_bad_names(fake_course, bad):
    write(fake_course, "year,n,rate,link,source\n2000,7,57.1,https://x.org,B\n")
    with pytest.raises(ValueError, match="dataset"):
        data.data_path(bad)


def test_missing_data_folder_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("KETAMINE_COURSE_ROOT", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="make lab"):
        data.data_dir()


def test_available_tables_lists_the_real_files():
    assert data.available_tables() == TABLES
    assert isinstance(data.load_table(TABLES[0]), pd.DataFrame)
