#!/usr/bin/python3
"""Mutation pass over the safety-critical code (docs/reliability.md).

For each line of tools/mutations.txt: change one thing in a copy of the
tree (delete a transaction call, replace an fsync or a compare or a refusal
by success), build only what the listed tests need, run them, and count the
mutation killed (a test failed), survived (all passed) or stillborn (did not
compile).  The copy lives in $TMPDIR/sangkien-mutate (kept between runs, so
the second run builds incrementally).

Usage: mutate.py [ID...]     (no ID: every mutation)"""
import os
import shutil
import subprocess
import sys
import time

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(os.environ.get("TMPDIR", "/tmp"), "sangkien-mutate")
TREE = os.path.join(WORK, "src")
BUILD = os.path.join(TREE, "build")


def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def load(path):
    muts = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        f = [x.strip() for x in line.split(" ¦ ")]
        if len(f) != 6:
            sys.exit("bad line in mutations.txt: " + line)
        mid, file, anchor, target, repl, tests = f
        dec = lambda s: s.replace("\\n", "\n")  # noqa: E731
        muts.append(dict(id=mid, file=file, anchor="" if anchor == '""' else dec(anchor),
                         target=dec(target), repl="" if repl == '""' else dec(repl),
                         tests=tests.split(",")))
    return muts


def copy_tree():
    os.makedirs(TREE, exist_ok=True)
    tar = subprocess.Popen(["tar", "-C", SRC, "--exclude=./build", "--exclude=./build-*",
                            "--exclude=./.git", "-cf", "-", "."], stdout=subprocess.PIPE)
    subprocess.run(["tar", "-C", TREE, "-xf", "-"], stdin=tar.stdout, check=True)
    tar.wait()
    if not os.path.exists(os.path.join(BUILD, "build.ninja")):
        r = sh(["meson", "setup", BUILD], cwd=TREE)
        if r.returncode:
            sys.exit(r.stdout + r.stderr)


def targets_for(tests):
    t = set()
    for x in tests:
        kind, name = x.split(":")
        if kind == "unit":
            t.add("tests/test_" + name)
        elif kind == "cli":
            t.add("sangkien")
        elif kind == "powercut":
            t.update(["sangkien", "tools/powercut/powercut.so"])
    return sorted(t)


def run_test(x):
    kind, name = x.split(":")
    env = dict(os.environ)
    if kind == "powercut":
        env.update(SANGKIEN=BUILD + "/sangkien", POWERCUT_SO=BUILD + "/tools/powercut/powercut.so",
                   SK_SOURCE_DIR=TREE)
        r = sh(["/usr/bin/python3", TREE + "/tools/powercut.py", name, "--seed", "5"], env=env)
        return r.returncode == 0, (r.stdout + r.stderr)[-600:]
    r = sh(["meson", "test", "-C", BUILD, "--no-rebuild", "--suite", kind, name])
    out = r.stdout
    if r.returncode == 0 and " 0 subtests passed" in out:
        return False, "no test ran: " + out[-300:]
    return r.returncode == 0, out[-600:]


def mutate_one(m):
    path = os.path.join(TREE, m["file"])
    orig = open(path, encoding="utf-8").read()
    start = orig.find(m["anchor"]) if m["anchor"] else 0
    if start < 0:
        return "not found", "anchor missing"
    at = orig.find(m["target"], start)
    if at < 0:
        return "not found", "target missing after anchor"
    mutated = orig[:at] + m["repl"] + orig[at + len(m["target"]):]
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write(mutated)
        r = sh(["ninja", "-C", BUILD] + targets_for(m["tests"]))
        if r.returncode:
            return "stillborn", r.stdout[-400:]
        for x in m["tests"]:
            passed, out = run_test(x)
            if not passed:
                return "killed", x
        return "survived", ""
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(orig)


def main():
    muts = load(os.path.join(SRC, "tools", "mutations.txt"))
    if sys.argv[1:]:
        muts = [m for m in muts if m["id"] in sys.argv[1:]]
    t0 = time.time()
    copy_tree()
    alltests = sorted({x for m in muts for x in m["tests"]})
    r = sh(["ninja", "-C", BUILD] + targets_for(alltests))
    if r.returncode:
        sys.exit("the unmutated copy does not build:\n" + r.stdout[-2000:])
    for x in alltests:
        ok, out = run_test(x)
        if not ok:
            sys.exit("the unmutated copy fails %s:\n%s" % (x, out))
    print("baseline: %d tests pass (%.0f s)" % (len(alltests), time.time() - t0), flush=True)
    res = {}
    for m in muts:
        t1 = time.time()
        verdict, why = mutate_one(m)
        res.setdefault(verdict, []).append(m["id"])
        print("%-10s %-26s %-40s %4.0f s" % (verdict, m["id"], why.strip().splitlines()[-1]
                                            if why.strip() else "", time.time() - t1), flush=True)
    # rebuild the unmutated targets so the copy is clean for the next run
    sh(["ninja", "-C", BUILD] + targets_for(alltests))
    k, s = len(res.get("killed", [])), len(res.get("survived", []))
    print("score: %d killed / %d (%d survived: %s; %d stillborn, %d not found); %.0f s" % (
        k, k + s, s, " ".join(res.get("survived", [])), len(res.get("stillborn", [])),
        len(res.get("not found", [])), time.time() - t0))
    return 1 if s else 0


if __name__ == "__main__":
    sys.exit(main())
