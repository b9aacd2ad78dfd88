"""Run machinery: parses kept between runs, worker processes, rendering ahead on a second
core, atomic writes and progress lines. Knows nothing of what a meeting is."""
