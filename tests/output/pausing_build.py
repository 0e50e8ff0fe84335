"""`statuspress build` with pause points patched in from the test side, so generator/ carries no test hooks.

    python tests/output/pausing_build.py SIGNALS POINT[,POINT...] build --site-dir DIR [options]

The build is the real command line (generator.cli) in a real process. At a pause point it creates the
file SIGNALS/POINT and waits until SIGNALS/go exists: the test then either kills it (a build stopped
exactly there) or creates `go` (a build held there while another one starts). Points:

  built       mkdocs has written the whole new site into its temporary folder; the switch comes next
  site-moved  the site folder itself was just renamed away (the gap inside a two-step swap)
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main() -> None:
    signals, points, args = Path(sys.argv[1]), set(sys.argv[2].split(",")), sys.argv[3:]
    site = Path(args[args.index("--site-dir") + 1]).absolute()

    def pause(point: str) -> None:
        if point in points:
            (signals / point).touch()
            while not (signals / "go").exists():
                time.sleep(0.01)

    import generator.build

    real_build = generator.build.mkdocs_build

    def mkdocs_build(config, **kwargs):  # noqa: ANN001, ANN003, ANN202
        real_build(config, **kwargs)
        pause("built")

    generator.build.mkdocs_build = mkdocs_build

    real_rename = os.rename

    def rename(src, dst, *rest, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        real_rename(src, dst, *rest, **kwargs)
        if Path(src).absolute() == site:
            pause("site-moved")

    os.rename = rename

    from generator.cli import main as cli

    sys.argv = ["statuspress", *args]
    cli()


if __name__ == "__main__":
    main()
