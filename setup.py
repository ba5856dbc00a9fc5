"""Build step only: the wheel carries mappings/ and manifest.yaml (kept at the repository top)."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

TOP_LEVEL = ("mappings", "manifest.yaml")


class BuildWithTopLevelData(build_py):
    """Copies the top-level data into ``connector/_bundled/`` of the build (not the source)."""

    def run(self) -> None:
        super().run()
        here = Path(__file__).resolve().parent
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
