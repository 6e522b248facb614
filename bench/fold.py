#!/usr/bin/env python3
"""Folds `perf script -F comm,tid,ip,sym` output into a short report: the functions that
take the most CPU time including what they call, the ones that take it themselves, and
what the main thread does alone (serial work, which two cores cannot share).

    perf script -i perf.data -F comm,tid,ip,sym | bench/fold.py [--hz 299] [--top 40]
"""

import argparse
import collections
import re
import sys

INTERESTING = re.compile(
    r"^(brief::|<brief::|anchor_briefing|core::ptr::drop_in_place<brief"
    r"|tera::tera::Tera::render$|tera::context::Context::insert"
    r"|syntect::html::ClassedHTMLGenerator::parse"
    r"|pulldown_cmark::html::push_html|pulldown_cmark::parse::Parser::new_ext)"
)


def samples(lines):
    """Yields (thread id, [frames, innermost first]) for each sample."""
    tid, stack = None, []
    for line in lines:
        if not line.strip():
            if stack:
                yield tid, stack
            tid, stack = None, []
        elif not line.startswith("\t"):
            fields = line.split()
            tid = fields[-1] if fields else None
        else:
            parts = line.strip().split(None, 1)
            if len(parts) == 2:
                stack.append(re.sub(r"\+0x[0-9a-f]+$", "", parts[1]))
    if stack:
        yield tid, stack


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hz", type=float, default=299.0, help="sampling frequency")
    parser.add_argument("--top", type=int, default=40, help="rows per table")
    args = parser.parse_args()
    total = 0
    inclusive = collections.Counter()
    own = collections.Counter()
    main_inclusive = collections.Counter()
    main_tid, main_total = None, 0
    for tid, stack in samples(sys.stdin):
        total += 1
        if main_tid is None:
            main_tid = tid
        seen = set(stack)
        for frame in seen:
            inclusive[frame] += 1
        own[stack[0]] += 1
        if tid == main_tid:
            main_total += 1
            for frame in seen:
                main_inclusive[frame] += 1
    if total == 0:
        sys.exit("no samples")

    def row(count):
        return f"{100.0 * count / total:6.2f}%  {count / args.hz:6.2f} s"

    print(f"{total} samples, {total / args.hz:.2f} s of CPU time\n")
    print("Including what they call (brief's functions and the main library calls):")
    for frame, count in [(f, c) for f, c in inclusive.most_common() if INTERESTING.search(f)][: args.top]:
        print(f"{row(count)}  {frame[:140]}")
    print("\nIn the function itself:")
    for frame, count in own.most_common(args.top):
        print(f"{row(count)}  {frame[:140]}")
    print(f"\nMain thread alone (serial work): {row(main_total)}")
    for frame, count in [(f, c) for f, c in main_inclusive.most_common() if INTERESTING.search(f)][: args.top // 2]:
        print(f"{row(count)}  {frame[:140]}")


if __name__ == "__main__":
    main()
