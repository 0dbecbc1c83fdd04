"""Reads [{"rule": RRULE text, "start": naive ISO date-time}] as JSON on standard input and prints, for each, the
occurrences python-dateutil's rrule gives after the start (at most 24, within six years), as naive ISO texts.
The start itself is left out: RFC 5545 counts DTSTART as the first instance even when the rule would not pick it,
dateutil does not, and that difference is not what the comparison is for."""
import json
import sys
from datetime import datetime, timedelta

from dateutil.rrule import rrulestr

cases = json.load(sys.stdin)
out = []
for case in cases:
    start = datetime.fromisoformat(case["start"])
    rule = rrulestr(case["rule"], dtstart=start)
    end = start + timedelta(days=6 * 366)
    found = []
    for when in rule.xafter(start, inc=False):
        if when > end or len(found) >= 24:
            break
        found.append(when.isoformat())
    out.append(found)
json.dump(out, sys.stdout)
