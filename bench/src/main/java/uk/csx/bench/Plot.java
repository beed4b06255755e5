package uk.csx.bench;

import org.HdrHistogram.Histogram;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A latency-by-percentile plot as HdrHistogram users draw it: the x axis is 1/(1 - percentile) on a
 * log scale (50%, 90%, 99%, 99.9%, 99.99%), the y axis milliseconds. Drawn with Java2D, no browser needed.
 */
final class Plot {
    private static final int WIDTH = 900, HEIGHT = 520, LEFT = 80, RIGHT = 170, TOP = 50, BOTTOM = 60;
    private static final double[] TICKS = {50, 90, 99, 99.9, 99.99};
    private static final Color[] COLOURS = {new Color(0xC0392B), new Color(0x2471A3), new Color(0x229954), new Color(0x7D3C98)};

    private Plot() {
    }

    static void percentiles(Path file, String title, Map<String, Histogram> series) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        double maxMs = series.values().stream().mapToDouble(h -> h.getValueAtPercentile(99.99) / 1000.0).max().orElse(1) * 1.1;
        double maxX = x(99.99);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
        g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
        for (double tick : TICKS) {
            int px = px(x(tick), maxX);
            g.setColor(Color.LIGHT_GRAY);
            g.drawLine(px, TOP, px, HEIGHT - BOTTOM);
            g.setColor(Color.BLACK);
            g.drawString(tick + "%", px - 15, HEIGHT - BOTTOM + 18);
        }
        for (int i = 0; i <= 5; i++) {
            double ms = maxMs * i / 5;
            int py = py(ms, maxMs);
            g.setColor(Color.LIGHT_GRAY);
            g.drawLine(LEFT, py, WIDTH - RIGHT, py);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.1f", ms), LEFT - 45, py + 4);
        }
        g.drawString("percentile", (WIDTH - RIGHT) / 2, HEIGHT - 15);
        g.drawString("ms", 20, TOP + 10);
        int s = 0;
        for (Map.Entry<String, Histogram> entry : series.entrySet()) {
            Color colour = COLOURS[s % COLOURS.length];
            g.setColor(colour);
            g.setStroke(new BasicStroke(2f));
            int lastX = -1, lastY = -1;
            for (double p = 0; p <= 99.99; p = p < 90 ? p + 1 : p + (100 - p) / 20) {
                int px = px(x(Math.max(p, 1)), maxX);
                int py = py(entry.getValue().getValueAtPercentile(p) / 1000.0, maxMs);
                if (lastX >= 0) {
                    g.drawLine(lastX, lastY, px, py);
                }
                lastX = px;
                lastY = py;
            }
            g.fillRect(WIDTH - RIGHT + 15, TOP + 20 * s, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(entry.getKey(), WIDTH - RIGHT + 32, TOP + 11 + 20 * s);
            s++;
        }
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    /** log10 of 1/(1 - p): 50% → 0.3, 99% → 2, 99.99% → 4. */
    private static double x(double percentile) {
        return Math.log10(1 / (1 - percentile / 100));
    }

    private static int px(double x, double maxX) {
        return LEFT + (int) ((WIDTH - LEFT - RIGHT) * Math.max(0, x) / maxX);
    }

    private static int py(double ms, double maxMs) {
        return HEIGHT - BOTTOM - (int) ((HEIGHT - TOP - BOTTOM) * Math.min(ms, maxMs) / maxMs);
    }
}
