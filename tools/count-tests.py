#!/usr/bin/python3
"""Count test cases in meson's testlog.json: each TAP "ok"/"not ok" line is a
case; a test program that failed without reporting a failing case (a crash,
a timeout, a bad plan) counts as one failure.  Prints "N passed, N failed"."""
import json
import re
import sys

passed = failed = 0
with open(sys.argv[1], encoding='utf-8') as f:
    for line in f:
        t = json.loads(line)
        out = t.get('stdout') or ''
        ok = len(re.findall(r'^ok\b', out, re.M))
        bad = len(re.findall(r'^not ok\b', out, re.M))
        # "ok ... # SKIP" still counts as passed: the case ran and said why.
        if t.get('result') not in ('OK', 'EXPECTEDFAIL', 'SKIP') and bad == 0:
            bad = 1
        if ok == 0 and bad == 0 and t.get('result') == 'OK':
            ok = 1
        passed += ok
        failed += bad
print('%d passed, %d failed' % (passed, failed))
