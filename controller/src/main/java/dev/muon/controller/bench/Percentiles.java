package dev.muon.controller.bench;

import java.util.Arrays;

/** The benches' latency figures: nearest-rank percentiles (of 20 values, p50 is the 10th, p99 the 20th). */
final class Percentiles {
    private Percentiles() {
    }

    static double of(double[] values, double p) {
        double[] v = values.clone();
        Arrays.sort(v);
        int rank = (int) Math.ceil(p / 100 * v.length);
        return v[Math.max(0, rank - 1)];
    }

    /** "p50/p99", one decimal. */
    static String p50p99(double[] values) {
        return String.format("%.1f/%.1f", of(values, 50), of(values, 99));
    }
}
