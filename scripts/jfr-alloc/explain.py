#!/usr/bin/env python3
"""Match allocation events on a thread (after a start time) to C2 compile requests of the allocating frame.

usage: jfr_explain.py ALLOC_TXT COMPILATION_TXT THREAD_REGEX SINCE [UNTIL]
ALLOC_TXT: `jfr print --stack-depth 40 --events jdk.ObjectAllocationOutsideTLAB,jdk.ClassLoad x.jfr`
COMPILATION_TXT: `jfr print --events jdk.Compilation x.jfr`
An allocation is 'explained' when a level-4 compile of its top frame's method starts within 2 s after it
(CompileBroker::compile_method resolves the holder's string constants and loads the signature's classes
on the thread that requests the C2 compile)."""
import sys, re, collections
alloc_txt, comp_txt, thread_re, since = sys.argv[1:5]
until = sys.argv[5] if len(sys.argv) > 5 else '99'
def secs(t):
    h, m, s = t.split(':'); return int(h) * 3600 + int(m) * 60 + float(s)
compiles = collections.defaultdict(list)
for e in open(comp_txt).read().split('jdk.Compilation {')[1:]:
    if re.search(r'compileLevel = 4', e):
        m = re.search(r'method = (.*)', e).group(1).strip()
        compiles[m].append(secs(re.search(r'startTime = (\S+)', e).group(1)))
explained = unexplained = 0
rows = collections.Counter()
for e in re.split(r'\n(?=jdk\.\w+ \{)', open(alloc_txt).read()):
    if not e.startswith('jdk.ObjectAllocation'): continue
    th = re.search(r'eventThread = "([^"]*)"', e)
    t = re.search(r'startTime = (\S+)', e).group(1)
    if not th or not re.search(thread_re, th.group(1)) or not (since <= t < until): continue
    size = int(re.search(r'allocationSize = (\d+)', e).group(1))
    cls = re.search(r'objectClass = (\S+)', e).group(1)
    top = re.sub(r'\s+line:.*', '', [l for l in e.splitlines() if 'line:' in l][0].strip())
    ok = any(0 <= c - secs(t) < 2.0 for c in compiles.get(top, []))
    if ok: explained += size
    else: unexplained += size
    rows[(ok, top, cls)] += size
for (ok, top, cls), size in sorted(rows.items()):
    print(('C2-request ' if ok else 'UNEXPLAINED'), f'{size:6d} B', cls, 'at', top)
print('explained by C2 compile requests:', explained, 'bytes; unexplained:', unexplained, 'bytes')
