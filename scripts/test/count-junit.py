#!/usr/bin/env python3
"""Sum JUnit XML reports (Surefire/Failsafe TEST-*.xml) under the given directories.
Prints: tests failures errors skipped   (four integers on one line)."""
import glob, os, sys
import xml.etree.ElementTree as ET

tot = [0, 0, 0, 0]
for d in sys.argv[1:]:
    for f in glob.glob(os.path.join(d, "**", "TEST-*.xml"), recursive=True):
        try:
            root = ET.parse(f).getroot()
        except ET.ParseError:
            tot[2] += 1  # an unreadable report counts as an error
            continue
        suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
        for s in suites:
            for i, k in enumerate(("tests", "failures", "errors", "skipped")):
                tot[i] += int(s.get(k, "0") or 0)
print(*tot)
