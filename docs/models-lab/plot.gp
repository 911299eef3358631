# FILE: docs/models-lab/plot.gp
# The models lab's charts, made from the sweep's CSV (one SVG per measure, one line per model;
# skipped runs are left out). Regenerate, from the repository root:
#   gnuplot docs/models-lab/plot.gp
# or with another CSV or folder:
#   gnuplot -e "csv='my-sweep.csv'; out='/tmp'" docs/models-lab/plot.gp
if (!exists("csv")) csv = 'docs/models-lab/sweep.csv'
if (!exists("out")) out = 'docs/models-lab'

models = "sequential thread-per-request thread-pool loop-callbacks coroutines coroutines-mt fibers"
set datafile separator ","
# Column numbers in the CSV (see lab/models/result.h): 1 model, 2 clients, 9 throughput,
# 11 p99_ms, 12 peak_rss_mib, 13 peak_threads, 16 status.
ok(col, m) = (strcol(1) eq m && strcol(16) eq "ok") ? column(col) : NaN

set terminal svg size 760,460 dynamic font "sans,12" background "#ffffff"
set logscale x
set xrange [0.7:14000]
set xlabel "clients (requests in flight)"
set grid
set key outside right top
set style data linespoints

set output out."/throughput.svg"
set title "Throughput, 50 ms backend, 2 cores"
set ylabel "requests per second (log scale)"
set logscale y
plot for [m in models] csv skip 1 using 2:(ok(9, m)) title m

set output out."/p99.svg"
set title "p99 latency"
set ylabel "ms (log scale)"
plot for [m in models] csv skip 1 using 2:(ok(11, m)) title m

set output out."/rss.svg"
set title "Peak resident memory of the model's process"
set ylabel "MiB (log scale)"
plot for [m in models] csv skip 1 using 2:(ok(12, m)) title m

set output out."/threads.svg"
set title "Peak thread count"
set ylabel "threads (log scale)"
plot for [m in models] csv skip 1 using 2:(ok(13, m)) title m
