"""The packaged YAML files read with libyaml's parser give what PyYAML's safe loader gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from connector import yaml_files
from connector.yaml_files import load_yaml

ROOT = Path(__file__).resolve().parent.parent
PACKAGED = sorted(
    [
        *ROOT.glob("mappings/**/*.yaml"),
        ROOT / "manifest.yaml",
        *ROOT.glob("connector/data/**/*.yaml"),
    ]
)


def test_pyyaml_here_has_libyaml_so_startup_reads_the_mappings_with_it() -> None:
    assert yaml_files._Loader is yaml.CSafeLoader


@pytest.mark.parametrize("path", PACKAGED, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_packaged_file_reads_the_same_with_either_parser(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert load_yaml(text) == yaml.safe_load(text)


def test_a_python_object_tag_is_refused_as_by_the_safe_loader() -> None:
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']")
