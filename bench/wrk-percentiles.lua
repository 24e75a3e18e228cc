-- wrk reports 50/75/90/99 %; the package page's target is the 95th percentile, so print the percentiles here.
done = function(summary, latency, requests)
  io.write(string.format("requests %d errors %d\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
  for _, p in ipairs({ 50, 90, 95, 99 }) do
    io.write(string.format("p%d_ms %.1f\n", p, latency:percentile(p) / 1000))
  end
end
