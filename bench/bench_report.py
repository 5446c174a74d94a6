"""Benchmark of `nd_report`: the wall time of one report through the console script, as a user runs it.

Prints figures, asserts nothing. Besides the wall time it prints the CPU time the report used and the machine's load
average before and after: on a busy machine the wall time overstates what a quiet one takes, while the CPU time
(divided by the cores it had) does not.

    python bench/bench_report.py                       # --mode quick on the CPU, all sections
    python bench/bench_report.py --mode tiny --sections featurevis
"""
import argparse, os, resource, subprocess, sys, tempfile, time
from pathlib import Path

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--mode', default='quick'); p.add_argument('--sections', default=None)
    p.add_argument('--device', default='cpu')
    a = p.parse_args()
    out = Path(tempfile.mkdtemp())/'report.html'
    cmd = [sys.executable, '-m', 'neural_dissection.cli', 'nd_report', '--out', str(out), '--mode', a.mode, '--device', a.device]
    if a.sections: cmd += ['--sections', a.sections]
    load0, t = os.getloadavg()[0], time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall, ru = time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode: sys.exit(f"nd_report failed: {r.stderr.strip()}")
    print(r.stdout.strip())
    cpu, cores = ru.ru_utime + ru.ru_stime, os.cpu_count()
    print(f"nd_report --mode {a.mode} on {a.device}: {wall:.1f} s wall, {cpu:.1f} s CPU on {cores} cores "
          f"(>= {cpu / cores:.1f} s wall on a quiet machine); load average {load0:.2f} before, {os.getloadavg()[0]:.2f} after")

if __name__ == '__main__': main()
