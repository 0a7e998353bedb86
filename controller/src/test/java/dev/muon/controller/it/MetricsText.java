package dev.muon.controller.it;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one series' value out of Prometheus' text exposition, as a scrape would. */
final class MetricsText {
    private MetricsText() {
    }

    /** The value of {@code series} (name with its labels as printed), or NaN when the text lacks it. */
    static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
