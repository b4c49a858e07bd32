#!/usr/bin/python3
"""Power cuts on the whole program: run a real sequence of batch commands
(add, attach, advance, report, export, import --apply, attach) under the
powercut.so shim, cut the power at operation N, then check what a clerk
would find after the restart.  See docs/reliability.md.

Usage: powercut.py CUTS [--seed S] [--mode all|sectors|both] [--tap] [--keep]
       powercut.py RUNS --kill [--seed S]      (SIGKILL sweep, tools/killsweep.sh)
       powercut.py POINTS --enospc              (disk-full sweep, tools/diskfull.sh)
Environment: SANGKIEN (program), POWERCUT_SO (shim), SK_SOURCE_DIR.
Must run with Debian's python3 (openpyxl)."""
import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

SRC = os.environ.get("SK_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SK = os.environ.get("SANGKIEN") or os.path.join(SRC, "build", "sangkien")
SO = os.environ.get("POWERCUT_SO") or os.path.join(SRC, "build", "tools", "powercut", "powercut.so")
FIX = os.path.join(SRC, "tests", "fixtures")
TODAY = "2026-11-22"


def sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def write_configs(w):
    with open(os.path.join(w, "unit.ini"), "w") as f:
        f.write("[office]\ncode = STP\nname = Sở Tư pháp\nclerk = Nguyễn Thị Hồng Nhung\n"
                "[paths]\ndatabase = %s/u/sk.db\nevidence = %s/u/kho\n" % (w, w))
    with open(os.path.join(w, "prov.ini"), "w") as f:
        f.write("[office]\ncode = VPUBND\nname = Văn phòng UBND tỉnh An Giang\nlevel = tinh\n"
                "place = An Giang\nclerk = Trần Văn Tỉnh\nrole = aggregator\n"
                "[paths]\ndatabase = %s/a/sk.db\nevidence = %s/a/evidence\n" % (w, w))


# (name, office, arguments): the sequence.  Paths are relative to the work dir.
SEQUENCE = [
    ("add", "unit", ["add", os.path.join(FIX, "add", "valid.ini")]),
    ("attach", "unit", ["attach", "STP-2026-SK01", "{w}/in/ev1.pdf", "--round", "1"]),
    ("advance", "unit", ["advance", "STP-2026-SK03", "registered"]),
    ("report", "unit", ["report", "STP-2026-SK03", "--round", "1",
                        os.path.join(FIX, "report", "round1.ini")]),
    ("export", "unit", ["export", "--unit", "STP", "-o", "{w}/out/stp.xlsx"]),
    ("import", "prov", ["import", "--apply", "{w}/usb/stp.xlsx"]),
    ("attach2", "unit", ["attach", "STP-2026-SK02", "{w}/in/ev2.png", "--round", "2"]),
]


def env_for(w):
    e = dict(os.environ)
    e.update(HOME=w + "/home", XDG_DATA_HOME=w + "/data", XDG_CONFIG_HOME=w + "/config",
             LC_ALL="", LANG="", LC_CTYPE="C.UTF-8")
    e.pop("LD_PRELOAD", None)
    return e


def run(w, office, args, shim=None, kill_after=None, inject=None):
    cmd = [SK, "--config", os.path.join(w, office + ".ini"), "--today", TODAY]
    cmd += [a.replace("{w}", w) for a in args]
    e = env_for(w)
    if shim is not None:
        e["LD_PRELOAD"] = SO
        e["POWERCUT_DIR"] = w + "/.powercut"
        e["POWERCUT_ROOT"] = w
        e.update(shim)
    if inject:
        sc = inject.split("=", 1)[1].split(":", 1)[0]
        cmd = ["strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=" + sc, "-e", inject] + cmd
    if kill_after is not None:
        p = subprocess.Popen(cmd, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
        try:
            out, err = p.communicate(timeout=kill_after)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
        return p.returncode, out, err
    p = subprocess.run(cmd, env=e, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def make_baseline(base):
    os.makedirs(base)
    for d in ("home", "in", "out", "usb", ".powercut"):
        os.makedirs(os.path.join(base, d))
    write_configs(base)
    rc, out, err = run(base, "unit", ["demo"])
    assert rc == 0, err
    rc, out, err = run(base, "unit", ["export", "--unit", "STP", "-o", "{w}/usb/stp.xlsx"])
    assert rc == 0, err
    rnd = random.Random(11)
    with open(os.path.join(base, "in", "ev1.pdf"), "wb") as f:
        f.write(bytes(rnd.getrandbits(8) for _ in range(200000)))
    with open(os.path.join(base, "in", "ev2.png"), "wb") as f:
        f.write(bytes(rnd.getrandbits(8) for _ in range(7000)))


def clone(base, w):
    """A copy of the baseline at path w.  The paths inside unit.ini/prov.ini
    are rewritten, so the copy stands alone."""
    shutil.copytree(base, w, symlinks=True)
    write_configs(w)


def db_rows(path, sql, args=()):
    c = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return c.execute(sql, args).fetchall()
    finally:
        c.close()


def integrity(path):
    c = sqlite3.connect(path)
    try:
        r = c.execute("PRAGMA integrity_check").fetchall()
        fk = c.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        c.close()
    problems = []
    if r != [("ok",)]:
        problems.append("integrity_check: %r" % (r[:5],))
    if fk:
        problems.append("foreign_key_check: %r" % (fk[:5],))
    return problems


def workbook_ok(path):
    try:
        import openpyxl
        wb = openpyxl.load_workbook(path, read_only=True)
        n = 0
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                n += 1
        wb.close()
        return n > 0, "%d rows" % n
    except Exception as ex:  # noqa: BLE001 - any failure to read is the finding
        return False, repr(ex)[:200]


def check(w, acked, src_sha):
    """Problems found after a cut: (kind, text) pairs."""
    found = []
    udb, adb = w + "/u/sk.db", w + "/a/sk.db"
    # The program opens both databases again (and recovers the WAL).
    rc, out, err = run(w, "unit", ["list"])
    if rc != 0:
        found.append(("reopen", "unit db: list rc=%d %s" % (rc, err.strip()[:200])))
        return found
    if os.path.exists(adb):
        rc, out, err = run(w, "prov", ["list"])
        if rc != 0:
            found.append(("reopen", "province db: list rc=%d %s" % (rc, err.strip()[:200])))
            return found
    for db in (udb, adb):
        if os.path.exists(db):
            for p in integrity(db):
                found.append(("integrity", "%s: %s" % (os.path.basename(os.path.dirname(db)), p)))
    if found:
        return found
    q = lambda sql, *a: db_rows(udb, sql, a)  # noqa: E731
    # add: all or nothing; acknowledged means present.
    sk03 = q("SELECT id FROM initiative WHERE public_id = 'STP-2026-SK03'")
    if "add" in acked and not sk03:
        found.append(("lost", "add acknowledged, STP-2026-SK03 missing"))
    if sk03:
        nind = q("SELECT count(*) FROM indicator WHERE initiative_id = ?", sk03[0][0])[0][0]
        naud = q("SELECT count(*) FROM audit_log WHERE public_id = 'STP-2026-SK03'")[0][0]
        if nind != 2 or naud < 1:
            found.append(("partial", "STP-2026-SK03 with %d indicators, %d audit rows" % (nind, naud)))
    # attach: the row and its complete stored file.
    for name, code_of in (("attach", "STP-2026-SK01"), ("attach2", "STP-2026-SK02")):
        if name in acked:
            code = acked[name].strip()
            r = q("SELECT stored_path FROM evidence WHERE code = ?", code)
            if not r:
                found.append(("lost", "%s acknowledged (%s), no evidence row" % (name, code)))
    for code, stored, want, size in q("SELECT code, stored_path, sha256, size FROM evidence "
                                      "WHERE stored_path IS NOT NULL"):
        p = os.path.join(w, "u", "kho", stored)
        if not os.path.exists(p):
            found.append(("lost", "evidence %s: stored file %s missing" % (code, stored)))
        elif sha(p) != want:
            found.append(("incomplete", "evidence %s: stored file differs from its SHA-256" % code))
    kho = os.path.join(w, "u", "kho")
    if os.path.isdir(kho):
        for n in os.listdir(kho):
            p = os.path.join(kho, n)
            if n.startswith(".") or not os.path.isfile(p):
                continue
            if sha(p) not in src_sha:
                found.append(("incomplete", "kho/%s: not a complete copy of an attached file" % n))
    # advance
    if "advance" in acked:
        r = q("SELECT stage FROM initiative WHERE public_id = 'STP-2026-SK03'")
        h = q("SELECT count(*) FROM stage_history h JOIN initiative i ON i.id = h.initiative_id "
              "WHERE i.public_id = 'STP-2026-SK03' AND h.to_stage = 'registered'")[0][0]
        if not r or r[0][0] == "draft" or h < 1:
            found.append(("lost", "advance acknowledged, stage %r, %d history rows" % (r, h)))
    # report
    rep = q("SELECT r.id FROM report r JOIN initiative i ON i.id = r.initiative_id "
            "WHERE i.public_id = 'STP-2026-SK03' AND r.round = 1")
    if "report" in acked and not rep:
        found.append(("lost", "report acknowledged, no Mẫu 02 round 1 for STP-2026-SK03"))
    # export: the final name only for a complete workbook
    out = w + "/out/stp.xlsx"
    if os.path.exists(out):
        ok, why = workbook_ok(out)
        if not ok:
            found.append(("incomplete", "out/stp.xlsx exists and does not read back: " + why))
    elif "export" in acked:
        found.append(("lost", "export acknowledged, out/stp.xlsx missing"))
    for n in os.listdir(w + "/out"):
        if n != "stp.xlsx" and not n.startswith("."):
            found.append(("incomplete", "out/%s left behind" % n))
    # import: all or nothing
    if os.path.exists(adb):
        a = lambda sql: db_rows(adb, sql)[0][0]  # noqa: E731
        ni = a("SELECT count(*) FROM initiative")
        nr = a("SELECT count(*) FROM intake")
        if (ni, nr) not in ((0, 0), (2, 1)):
            found.append(("partial", "province: %d initiatives, %d register rows" % (ni, nr)))
        if "import" in acked and (ni, nr) != (2, 1):
            found.append(("lost", "import acknowledged, province holds %d initiatives" % ni))
    elif "import" in acked:
        found.append(("lost", "import acknowledged, province database missing"))
    return found


def trial(top, base, src_sha, ci, cmd_i, how):
    """Run the sequence up to command cmd_i, that one as `how` says; check.
    Returns (rc of cmd_i, stderr of cmd_i, problems)."""
    w = "%s/c%04d" % (top, ci)
    clone(base, w)
    acked = {}
    rc_i, err_i = None, ""
    for i, (name, office, a) in enumerate(SEQUENCE):
        if i == cmd_i:
            rc, out, err = run(w, office, a, **how)
            rc_i, err_i = rc, err
        else:
            rc, out, err = run(w, office, a)
        if rc == 0 or (out.strip() and rc == -9):
            acked[name] = out
        if i == cmd_i:
            break
    found = check(w, acked, src_sha)
    if found:
        shutil.move(w, "%s/failed-%04d" % (top, ci))
    else:
        shutil.rmtree(w)
    return rc_i, err_i, found


def report(label, n, failures, extra, t0, tap):
    kinds = {}
    for _, found in failures:
        for k, _t in found:
            kinds[k] = kinds.get(k, 0) + 1
    summary = "%s: %d runs, %d with problems %r; %s; %.0f s" % (label, n, len(failures), kinds,
                                                                extra, time.time() - t0)
    for desc, found in failures[:30]:
        print("FAIL " + desc)
        for k, t in found:
            print("    %s: %s" % (k, t))
    print(summary)
    if tap:
        print("1..%d" % n)


def kill_sweep(runs, seed, tap):
    """SIGKILL at a random moment of each command (no power cut: the page
    cache survives), runs spread evenly over the commands."""
    rnd = random.Random(seed)
    top = tempfile.mkdtemp(prefix="sangkien-killsweep-", dir=os.environ.get("TMPDIR", "/tmp"))
    base = top + "/base"
    t0 = time.time()
    make_baseline(base)
    src_sha = {sha(os.path.join(base, "in", n)) for n in os.listdir(base + "/in")}
    w = top + "/dry"
    clone(base, w)
    durs = []
    for name, office, a in SEQUENCE:
        t1 = time.time()
        rc, out, err = run(w, office, a)
        durs.append(time.time() - t1)
        if rc != 0:
            print("Bail out! dry run: %s rc=%d %s" % (name, rc, err.strip()))
            return 2
    shutil.rmtree(w)
    failures, killed, n = [], 0, 0
    for ci in range(runs):
        cmd_i = ci % len(SEQUENCE)
        delay = rnd.uniform(0, durs[cmd_i] * 1.1)
        rc, err, found = trial(top, base, src_sha, ci, cmd_i, {"kill_after": delay})
        killed += rc == -9
        n += 1
        desc = "kill %d: %s after %.3f s (rc %s)" % (ci + 1, SEQUENCE[cmd_i][0], delay, rc)
        if found:
            failures.append((desc, found))
        if tap:
            print(("not ok %d - %s" if found else "ok %d - %s") % (n, desc))
    report("kill sweep", n, failures, "%d killed mid-command, seed %d; command times %s" % (
        killed, seed, ", ".join("%s %.2f s" % (c[0], d) for c, d in zip(SEQUENCE, durs))),
        t0, tap)
    if not failures:
        shutil.rmtree(top)
    return 1 if failures else 0


SYSCALLS = ("write", "pwrite64", "writev", "ftruncate", "fsync", "fdatasync", "fallocate")


def enospc_sweep(points, seed, tap):
    """ENOSPC injected by strace at one write-family call of one command
    (every call when a command makes fewer than `points`, else `points`
    spread evenly): the command must fail with a message and leave every
    acknowledged record and no incomplete file."""
    top = tempfile.mkdtemp(prefix="sangkien-enospc-", dir=os.environ.get("TMPDIR", "/tmp"))
    base = top + "/base"
    t0 = time.time()
    make_baseline(base)
    src_sha = {sha(os.path.join(base, "in", n)) for n in os.listdir(base + "/in")}
    w = top + "/dry"
    clone(base, w)
    calls = []
    for name, office, a in SEQUENCE:
        tr = w + "/.trace"
        cmd = [SK, "--config", os.path.join(w, office + ".ini"), "--today", TODAY]
        cmd += [x.replace("{w}", w) for x in a]
        subprocess.run(["strace", "-f", "-qq", "-o", tr, "-e", "trace=" + ",".join(SYSCALLS)] +
                       cmd, env=env_for(w), capture_output=True)
        seen = {}
        mine = []
        for line in open(tr):
            parts = line.split(None, 1)
            if len(parts) < 2:
                continue
            sc = parts[1].split("(", 1)[0]
            if sc in SYSCALLS:
                seen[sc] = seen.get(sc, 0) + 1
                mine.append((sc, seen[sc], parts[1][:60].strip()))
        calls.append(mine)
    shutil.rmtree(w)
    failures, n, msgs, okrc, silent = [], 0, 0, 0, 0
    other = {}
    ci = 0
    for cmd_i, mine in enumerate(calls):
        k = min(points, len(mine))
        pick = [mine[j * len(mine) // k] for j in range(k)] if k else []
        for sc, nth, what in pick:
            inj = "inject=%s:error=ENOSPC:when=%d" % (sc, nth)
            rc, err, found = trial(top, base, src_sha, ci, cmd_i, {"inject": inj})
            ci += 1
            n += 1
            if rc == 0:
                okrc += 1
            elif "đầy" in err:
                msgs += 1
            elif not err.strip():
                silent += 1
                found = found + [("message", "exit %d without a message" % rc)]
            else:
                last = "%s: %s" % (SEQUENCE[cmd_i][0], err.strip().splitlines()[-1][:110])
                other[last] = other.get(last, 0) + 1
            desc = "ENOSPC %d: %s, %s #%d (%s) rc %d: %s" % (
                n, SEQUENCE[cmd_i][0], sc, nth, what, rc, err.strip().splitlines()[-1][:120]
                if err.strip() else "")
            if found:
                failures.append((desc, found))
            if tap:
                print(("not ok %d - %s" if found else "ok %d - %s") % (n, desc))
    for m, c in sorted(other.items(), key=lambda x: -x[1]):
        print("other message x%d: %s" % (c, m))
    report("disk-full sweep", n, failures, "%d still succeeded (the failed call was retried or "
           "not needed), %d failed saying the disk is full («đầy»), %d failed with another "
           "message, %d without a message" % (okrc, msgs, n - okrc - msgs - silent, silent),
           t0, tap)
    if not failures:
        shutil.rmtree(top)
    return 1 if failures else 0


def main():
    args = sys.argv[1:]
    cuts = int(args[0]) if args and args[0].isdigit() else 100
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 1
    mode = args[args.index("--mode") + 1] if "--mode" in args else "both"
    tap = "--tap" in args
    keep = "--keep" in args
    if "--kill" in args:
        return kill_sweep(cuts, seed, tap)
    if "--enospc" in args:
        return enospc_sweep(cuts, seed, tap)
    rnd = random.Random(seed)
    top = tempfile.mkdtemp(prefix="sangkien-powercut-", dir=os.environ.get("TMPDIR", "/tmp"))
    base = top + "/base"
    t0 = time.time()
    make_baseline(base)
    src_sha = {sha(os.path.join(base, "in", n)) for n in os.listdir(base + "/in")}

    # Dry run under the shim: how many operations each command makes, and
    # that the whole sequence succeeds without a cut.
    w = top + "/dry"
    clone(base, w)
    counts = []
    for name, office, a in SEQUENCE:
        rc, out, err = run(w, office, a, shim={})
        if rc != 0:
            print("Bail out! dry run: %s rc=%d %s" % (name, rc, err.strip()))
            return 2
        with open(w + "/.powercut/count") as f:
            counts.append(int(f.read()))
    last_code = lambda pid: db_rows(  # noqa: E731
        w + "/u/sk.db", "SELECT code FROM evidence WHERE initiative_id = (SELECT id FROM "
        "initiative WHERE public_id = ?) ORDER BY id DESC LIMIT 1", (pid,))[0][0]
    everything = {n: "" for n, _, _ in SEQUENCE}
    everything.update(attach=last_code("STP-2026-SK01"), attach2=last_code("STP-2026-SK02"))
    dry_problems = check(w, everything, src_sha)
    if dry_problems:
        print("Bail out! the checks fail without a cut: %r" % dry_problems)
        return 2
    shutil.rmtree(w)
    if not tap:
        print("operations per command: " + ", ".join(
            "%s %d" % (s[0], c) for s, c in zip(SEQUENCE, counts)))

    # Cut points: the same number for each command, spread over its operations.
    plan = []
    per = [cuts // len(SEQUENCE) + (1 if i < cuts % len(SEQUENCE) else 0)
           for i in range(len(SEQUENCE))]
    for i, k in enumerate(per):
        for j in range(k):
            lo = counts[i] * j // k + 1
            hi = max(lo, counts[i] * (j + 1) // k)
            plan.append((i, rnd.randint(lo, hi)))
    stats = {"cuts": 0, "not reached": 0, "acked at cut": 0}
    failures = []
    n = 0
    for ci, (cmd_i, at) in enumerate(plan):
        m = mode if mode != "both" else ("all" if ci % 2 == 0 else "sectors")
        w = "%s/c%04d" % (top, ci)
        clone(base, w)
        acked = {}
        cut = False
        where = ""
        for i, (name, office, a) in enumerate(SEQUENCE):
            shim = {"POWERCUT_MODE": m, "POWERCUT_SEED": str(seed * 100003 + ci)}
            if i == cmd_i:
                shim["POWERCUT_AT"] = str(at)
            rc, out, err = run(w, office, a, shim=shim)
            if i == cmd_i:
                cut = rc == -9
                cp = w + "/.powercut/cut"
                where = open(cp).read().strip() if os.path.exists(cp) else "no cut"
            # Acknowledged: exit 0, or the cut command already printed its
            # result (a public ID, an evidence code, "Đã ...").
            if rc == 0 or (out.strip() and rc == -9):
                acked[name] = out
                if rc == -9:
                    stats["acked at cut"] += 1
            if i == cmd_i:
                break
        if cut:
            stats["cuts"] += 1
        else:
            stats["not reached"] += 1
        found = check(w, acked, src_sha)
        n += 1
        desc = "cut %d: %s op %d/%d (%s) [%s]" % (ci + 1, SEQUENCE[cmd_i][0], at, counts[cmd_i],
                                                   m, where)
        if found:
            failures.append((desc, found))
            if tap:
                print("not ok %d - %s" % (n, desc))
                for k, t in found:
                    print("# %s: %s" % (k, t))
            shutil.move(w, "%s/failed-%04d" % (top, ci))
        else:
            if tap:
                print("ok %d - %s" % (n, desc))
            shutil.rmtree(w)
    kinds = {}
    for _, found in failures:
        for k, _t in found:
            kinds[k] = kinds.get(k, 0) + 1
    summary = ("%d runs (%d cut, %d finished before the chosen operation), %d acknowledged by "
               "the cut command before the cut; %d runs with problems %r; %.0f s; seed %d, mode %s"
               % (n, stats["cuts"], stats["not reached"], stats["acked at cut"], len(failures),
                  kinds, time.time() - t0, seed, mode))
    if tap:
        print("# " + summary)
        print("1..%d" % n)
    else:
        for desc, found in failures[:30]:
            print("FAIL " + desc)
            for k, t in found:
                print("    %s: %s" % (k, t))
        print(summary)
        if failures:
            print("failed work directories kept under " + top)
    if not failures and not keep:
        shutil.rmtree(top)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
