"""Reads a subunit v2 stream (stestr last --subunit) on stdin and prints the pass/fail/skip
counts, one line per failure (test id and the exception that failed it) and the skip reasons
with their counts. Exits 1 if anything failed or nothing ran."""
import collections
import re
import sys

import subunit
import testtools

TAGS = re.compile(r"\[[^\]]*\]$")


def reason(traceback):
    """The last exception of a traceback, on one line: type, message and tempest's Details."""
    lines = traceback.rstrip().splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("Traceback")]
    j = starts[-1] + 1 if starts else 0
    while starts and j < len(lines) and (not lines[j].strip() or lines[j][0].isspace()):
        j += 1
    text = " ".join(line.strip() for line in lines[j:] if line.strip())
    return text[:400] or "(no traceback)"


def main():
    results = []
    stream = subunit.ByteStreamToStreamResult(sys.stdin.buffer, non_subunit_name="stdout")
    collector = testtools.StreamToDict(results.append)
    collector.startTestRun()
    stream.run(collector)
    collector.stopTestRun()

    counts = collections.Counter()
    failures = []
    skips = collections.Counter()
    for test in results:
        status = test["status"]
        if status in ("exists", "inprogress") or test["id"] == "stdout":
            continue
        name = TAGS.sub("", test["id"])
        details = {k: v.as_text() for k, v in test["details"].items()}
        if status in ("success", "xfail"):
            counts["passed"] += 1
        elif status == "skip":
            counts["skipped"] += 1
            skips[details.get("reason", "").strip() or "(no reason)"] += 1
        else:
            counts["failed"] += 1
            failures.append((name, reason(details.get("traceback", "") or details.get("reason", ""))))

    total = sum(counts.values())
    print(f"tempest: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped ({total} in all)")
    if failures:
        print("\nfailures:")
        for name, why in sorted(failures):
            print(f"  {name}\n      {why}")
    if skips:
        print("\nskipped, by reason:")
        for why, n in skips.most_common():
            print(f"  {n:4d}  {why[:200]}")
    return 1 if counts["failed"] or total == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
