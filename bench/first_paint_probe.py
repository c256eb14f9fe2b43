"""Run by bench/tui_bench.py in a fresh interpreter: open hubread on a data dir and print the
wall-clock moment the first paper row is rendered, the number of papers, and peak memory.

The caller subtracts its own launch time, so interpreter start-up and imports count.
"""

from __future__ import annotations

import asyncio
import resource
import sys
import time
from pathlib import Path


async def main(config: str, data_dir: str) -> None:
    from tuireader.fetch.refreshing import NetworkRefresher
    from tuireader.storage.home import open_stores
    from tuireader.storage.home_paths import AppPaths
    from tuireader.ui.app import HubreadApp
    from tuireader.ui.widgets.paper_list import PaperList

    painted: list[float] = []
    render_line = PaperList.render_line

    def recording_render_line(self: PaperList, y: int):
        if self.items and not painted:
            painted.append(time.time())
        return render_line(self, y)

    PaperList.render_line = recording_render_line  # type: ignore[method-assign]
    stores = open_stores(AppPaths(Path(config), Path(data_dir)))
    app = HubreadApp(stores, NetworkRefresher.of(stores))
    async with app.run_test(size=(160, 50)) as pilot:
        while len(app.reader.items) == 0:  # wait for the whole list too (for memory)
            await pilot.pause()
        await pilot.pause()
        count = len(app.reader.items)
        app.exit(0)
    print(f"{painted[0]:.6f} {count} {peak_memory_mb():.0f}")


def peak_memory_mb() -> float:
    """This process's peak resident memory. On Linux from /proc: ``ru_maxrss`` also counts
    the moment between fork and exec, when the child still maps its parent's memory (here,
    the benchmark with 78 MB of feeds), and then reports the parent's size instead."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
