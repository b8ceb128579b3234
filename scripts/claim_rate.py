#!/usr/bin/env python3
"""Rate of claim.* findings per 1,000 words on a folder of clean texts.

Usage (from the project root):

  python3 scripts/claim_rate.py [--copydesk target/release/copydesk] [--list] ../shared/eval/gum

Words are matches of \\w+(?:[-'’]\\w+)* in the .txt files, as in the
evaluation kit. Prints the rate overall and per rule; --list prints every
finding with its sentence context. Python 3 standard library only.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys

WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--copydesk", default="target/release/copydesk")
    parser.add_argument("--list", action="store_true", help="print every claim finding")
    args = parser.parse_args()

    words = 0
    texts = {}
    for name in sorted(os.listdir(args.folder)):
        if name.endswith(".txt"):
            path = os.path.join(args.folder, name)
            with open(path, encoding="utf-8") as fh:
                texts[path] = fh.read()
            words += len(WORD_RE.findall(texts[path]))
    run = subprocess.run(
        [args.copydesk, "check", "--format", "json", "--fail-on", "error", args.folder],
        capture_output=True,
        text=True,
    )
    if run.returncode not in (0, 1):
        sys.exit("copydesk failed: " + run.stderr)
    data = json.loads(run.stdout)
    by_rule = collections.Counter()
    listed = []
    for entry in data["files"]:
        for finding in entry["findings"]:
            if not finding["rule"].startswith("claim."):
                continue
            by_rule[finding["rule"]] += 1
            if args.list:
                path = entry["path"]
                text = texts.get(path) or texts.get(os.path.join(args.folder, os.path.basename(path)), "")
                raw = text.encode("utf-8")
                start, end = finding["byte_range"]
                context = raw[max(0, start - 80):end + 60].decode("utf-8", "replace").replace("\n", " ")
                listed.append("%s %s %r  ...%s..." % (os.path.basename(path), finding["rule"], finding["text"], context))
    total = sum(by_rule.values())
    for line in listed:
        print(line)
    print("words %d, claim findings %d, per 1,000 words %.2f" % (words, total, 1000.0 * total / max(words, 1)))
    for rule, count in sorted(by_rule.items()):
        print("  %-24s %4d  %.2f" % (rule, count, 1000.0 * count / max(words, 1)))


if __name__ == "__main__":
    main()
