# Timing for the bin/ scripts that report how long they took; sourced, not run. Sourcing it starts
# the clock: T0 is when the script began.
#
#   now                      a timestamp (seconds, with nanoseconds)
#   seconds_since START [END] the seconds from START to END (default: now), one decimal

now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="${2:-$(now)}" 'BEGIN { printf "%.1f", b - a }'; }
T0=$(now)
