"""Build step only: the wheel carries mappings/ and manifest.yaml (kept at the repository top)
and the compiled message catalogues (connector/translations/<lang>/LC_MESSAGES/messages.mo)."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

TOP_LEVEL = ("mappings", "manifest.yaml")


def compile_catalogues(source: Path, target: Path) -> None:
    """Each ``<lang>/LC_MESSAGES/messages.po`` under ``source`` compiled to its ``.mo`` under
    ``target`` (what ``pybabel compile -d connector/translations`` does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted(source.glob("*/LC_MESSAGES/messages.po")):
        lang = po.parent.parent.name
        with po.open("rb") as fp:
            catalog = read_po(fp, locale=lang, domain="messages")
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as fp:
            write_mo(fp, catalog)


class BuildWithTopLevelData(build_py):
    """Copies the top-level data into ``connector/_bundled/`` of the build (not the source)
    and compiles the message catalogues into the build."""

    def run(self) -> None:
        super().run()
        here = Path(__file__).resolve().parent
        compile_catalogues(
            here / "connector" / "translations",
            Path(self.build_lib) / "connector" / "translations",
        )
        target = Path(self.build_lib) / "connector" / "_bundled"
        for name in TOP_LEVEL:
            src = here / name
            dst = target / name
            if src.is_dir():
                shutil.copytree(src, dst, dirs_exist_ok=True)
            else:
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)


setup(cmdclass={"build_py": BuildWithTopLevelData})
