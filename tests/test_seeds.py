"""The seed documents are kept byte for byte as they were scraped."""

import hashlib

import pytest
from helpers import SEEDS, SHARED_SEEDS


def recorded_hashes() -> dict[str, str]:
    lines = (SEEDS / "SHA256SUMS").read_text().splitlines()
    return {name: digest for digest, name in (line.split() for line in lines if line.strip())}


def test_both_seeds_are_recorded():
    assert sorted(recorded_hashes()) == ["000_2017addb5b702474.txt", "003_287865f12472afc9.txt"]
    assert sorted(p.name for p in SEEDS.glob("*.txt")) == sorted(recorded_hashes())


@pytest.mark.parametrize("name", sorted(recorded_hashes()))
def test_seed_is_unchanged(name):
    digest = hashlib.sha256((SEEDS / name).read_bytes()).hexdigest()
    assert digest == recorded_hashes()[name], f"seeds/{name} has been edited; restore it"


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds is not beside this clone")
@pytest.mark.parametrize("name", sorted(recorded_hashes()))
def test_seed_matches_the_shared_original(name):
    assert (SEEDS / name).read_bytes() == (SHARED_SEEDS / name).read_bytes()


def test_seeds_readme_explains_what_they_are():
    text = (SEEDS / "README.md").read_text().lower()
    for phrase in ("machine-reworded", "marketing", "not a source", "sha256sums"):
        assert phrase in text, f"seeds/README.md should mention {phrase!r}"
