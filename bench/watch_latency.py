#!/usr/bin/env python3
"""Time from a saved briefing to the reload signal, as a reader's browser sees it.

Starts `brief watch` on a site, listens to its live-reload stream (the one open pages
use), then saves one briefing at a time (a sentence appended, then the original put
back) and measures, for each save, the time until the `reload` event arrives. Every
edited file is restored. Prints one line per save and the median.

    bench/watch_latency.py BRIEF SITE OUT [--saves 10]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request


def briefings(site):
    folder = os.path.join(site, "content", "briefings")
    names = sorted(n for n in os.listdir(folder) if n.endswith(".md"))
    return [os.path.join(folder, n) for n in names]


def start_watch(brief, site, out):
    process = subprocess.Popen(
        [brief, "watch", "--root", site, "--output", out, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # stdout says "serving OUT at http://127.0.0.1:PORT/ ..." once the first build is done.
    for line in process.stdout:
        found = re.search(r"(http://[0-9.]+:[0-9]+)/", line)
        if found:
            return process, found.group(1)
    raise SystemExit("brief watch exited: " + process.stderr.read())


def listen(url, events):
    """Appends (time, event name) for every event of the live-reload stream."""
    with urllib.request.urlopen(url + "/__brief/events") as stream:
        for raw in stream:
            line = raw.decode("utf-8", "replace").strip()
            if line.startswith("event:"):
                events.append((time.monotonic(), line.split(":", 1)[1].strip()))


def wait_for(events, start_index, name, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for at, event in events[start_index:]:
            if event == name:
                return at
        time.sleep(0.001)
    return None


def save(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("brief")
    parser.add_argument("site")
    parser.add_argument("out")
    parser.add_argument("--saves", type=int, default=10)
    args = parser.parse_args()

    process, url = start_watch(args.brief, args.site, args.out)
    # brief prints a line per rebuild on stderr ("rebuilt ... in N ms"): keep them, and
    # never let the pipe fill.
    rebuilt = []

    def drain():
        for line in process.stderr:
            if line.startswith("rebuilt"):
                rebuilt.append(line.strip())

    threading.Thread(target=drain, daemon=True).start()
    events = []
    threading.Thread(target=listen, args=(url, events), daemon=True).start()
    if wait_for(events, 0, "hello", 10) is None:
        raise SystemExit("no live-reload stream")
    files = briefings(args.site)
    times = []
    try:
        for k in range(args.saves):
            path = files[(k * 7919 + len(files) // 2) % len(files)]
            with open(path, encoding="utf-8") as f:
                original = f.read()
            for text in (original + f"\nOne more sentence, added while editing ({k}).\n", original):
                time.sleep(0.3)
                seen = len(events)
                saved = time.monotonic()
                save(path, text)
                reloaded = wait_for(events, seen, "reload", 30)
                if reloaded is None:
                    raise SystemExit(f"no reload after saving {path}")
                ms = (reloaded - saved) * 1000
                times.append(ms)
                time.sleep(0.05)
                line = rebuilt[-1] if rebuilt else ""
                print(f"save\t{os.path.basename(path)}\t{ms:.1f}\t{line}", flush=True)
    finally:
        process.terminate()
        process.wait(timeout=30)
    print(f"median\t{statistics.median(times):.1f}\tms over {len(times)} saves")


if __name__ == "__main__":
    sys.exit(main())
