package com.carbon254.console.ingestion;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.ToLongFunction;

import com.carbon254.console.clients.QueryModels.TimeWindow;

/**
 * A bar chart of a dataset's event-time windows (ingestion or data quality) as an SVG picture, drawn on the server:
 * one bar per window at its place on the time axis, its height the chosen figure; late-updated windows are drawn in
 * another colour.
 */
public final class IngestionChart {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 220;
    private static final int LEFT = 60;
    private static final int BOTTOM = 30;
    private static final int TOP = 12;

    private IngestionChart() {
    }

    /** The chart of {@code figure} over [from, to), scaled to its largest value. */
    public static <W extends TimeWindow> String draw(String title, Instant from, Instant to, List<W> windows,
            ToLongFunction<W> figure) {
        return draw(title, from, to, windows, figure, windows.stream().mapToLong(figure).max().orElse(1));
    }

    /** The chart of {@code figure} over [from, to), scaled to {@code outOf} (e.g. 100 for a percentage). */
    public static <W extends TimeWindow> String draw(String title, Instant from, Instant to, List<W> windows,
            ToLongFunction<W> figure, long outOf) {
        long max = Math.max(1, outOf);
        double span = Math.max(1, Duration.between(from, to).toMillis());
        int plotWidth = WIDTH - LEFT - 10;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" ")
                .append("viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"100%\"><title>")
                .append(escape(title)).append("</title>");
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP + plotHeight).append("\" x2=\"")
                .append(WIDTH - 10).append("\" y2=\"").append(TOP + plotHeight).append("\" stroke=\"#8b96a5\"/>");
        svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + 10)
                .append("\" font-size=\"11\" text-anchor=\"end\">").append(max).append("</text>");
        svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + plotHeight)
                .append("\" font-size=\"11\" text-anchor=\"end\">0</text>");
        svg.append("<text x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 8).append("\" font-size=\"11\">")
                .append(from).append("</text><text x=\"").append(WIDTH - 10).append("\" y=\"").append(HEIGHT - 8)
                .append("\" font-size=\"11\" text-anchor=\"end\">").append(to).append("</text>");
        for (W window : windows) {
            double start = Math.max(0, Duration.between(from, window.windowStart()).toMillis()) / span;
            double end = Math.min(span, Duration.between(from, window.windowEnd()).toMillis()) / span;
            int x = LEFT + (int) (start * plotWidth);
            int w = Math.max(3, (int) ((end - start) * plotWidth) - 1);
            long value = figure.applyAsLong(window);
            int h = (int) Math.round((double) value / max * plotHeight);
            svg.append("<rect class=\"window\" data-start=\"").append(window.windowStart()).append("\" data-value=\"")
                    .append(value).append("\" x=\"").append(x).append("\" y=\"").append(TOP + plotHeight - h)
                    .append("\" width=\"").append(w).append("\" height=\"").append(h).append("\" fill=\"")
                    .append(window.late() ? "#e59c2f" : "#3f6fd8").append("\"><title>")
                    .append(window.windowStart()).append(" – ").append(window.windowEnd()).append(": ").append(value)
                    .append(window.late() ? " (late update " + window.updateSequence() + ")" : "")
                    .append("</title></rect>");
        }
        return svg.append("</svg>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
