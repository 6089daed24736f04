package io.tradewind.runtime.report.schedule;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.imageio.ImageIO;

import io.tradewind.model.report.Chart;
import io.tradewind.runtime.report.ReportCompiler.Column;

/**
 * Draws a report's chart as a PNG with Java2D, headless, for the scheduled-report email: bar, line,
 * area, pie, funnel and number card. Tables, pivots, leaderboards and maps have no picture (the
 * email's table shows them). Labels are drawn as pixels, so user data cannot inject anything here.
 */
public final class ChartRenderer {
    /** Width of every chart in pixels. */
    public static final int WIDTH = 640;
    /** Height of every chart in pixels. */
    public static final int HEIGHT = 320;
    private static final Color[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759),
            new Color(0x76B7B2), new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
            new Color(0x9C755F), new Color(0xBAB0AC)};
    private static final Color AXIS = new Color(0x888888);
    private static final Color GRID = new Color(0xE5E5E5);
    private static final Color TEXT = new Color(0x333333);
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 36;
    private static final int BOTTOM = 48;
    private static final int MAX_SLICES = 9;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ChartRenderer() {
    }

    /** The categories along x and, per series, one value per category (null for none). */
    record Data(List<String> categories, Map<String, List<Double>> series) {
    }

    /**
     * The chart as PNG bytes; null when the chart type has no picture or there is nothing to draw.
     *
     * @param conversion
     *            the funnel's stage conversion from the report result, or null
     */
    public static byte[] png(Chart chart, List<Column> columns, List<List<Object>> rows,
            List<Map<String, Object>> conversion) {
        if (chart == null || chart.type() == null) {
            return null;
        }
        BufferedImage img = switch (chart.type()) {
            case BAR -> axes(data(chart, columns, rows), Shape.BAR);
            case LINE -> axes(data(chart, columns, rows), Shape.LINE);
            case AREA -> axes(data(chart, columns, rows), Shape.AREA);
            case PIE -> pie(data(chart, columns, rows));
            case FUNNEL -> funnel(chart, columns, rows, conversion);
            case NUMBER -> number(chart, columns, rows);
            case TABLE, PIVOT, LEADERBOARD, MAP -> null;
        };
        return img == null ? null : encode(img);
    }

    private enum Shape {
        BAR, LINE, AREA
    }

    /**
     * Categories from the x dimension; series from the {@code series} dimension, else the y measures.
     */
    static Data data(Chart chart, List<Column> columns, List<List<Object>> rows) {
        int x = index(columns, chart.x(), "dimension");
        List<Integer> ys = new ArrayList<>();
        for (String y : chart.y()) {
            int i = index(columns, y, "measure");
            if (i >= 0) {
                ys.add(i);
            }
        }
        if (ys.isEmpty()) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).type().equals("measure")) {
                    ys.add(i);
                    break;
                }
            }
        }
        int s = chart.series() == null ? -1 : index(columns, chart.series(), "dimension");
        List<String> categories = new ArrayList<>();
        for (List<Object> row : rows) {
            String c = x < 0 ? "" : text(row.get(x));
            if (!categories.contains(c)) {
                categories.add(c);
            }
        }
        Map<String, List<Double>> series = new LinkedHashMap<>();
        if (s >= 0 && !ys.isEmpty()) {
            int y = ys.get(0);
            for (List<Object> row : rows) {
                String name = text(row.get(s));
                List<Double> values = series.computeIfAbsent(name, k -> nulls(categories.size()));
                values.set(categories.indexOf(x < 0 ? "" : text(row.get(x))), value(row.get(y)));
            }
        } else {
            for (int y : ys) {
                List<Double> values = nulls(categories.size());
                for (List<Object> row : rows) {
                    values.set(categories.indexOf(x < 0 ? "" : text(row.get(x))), value(row.get(y)));
                }
                series.put(label(columns.get(y)), values);
            }
        }
        return new Data(categories, series);
    }

    private static BufferedImage axes(Data d, Shape shape) {
        if (d.categories().isEmpty() || d.series().isEmpty()) {
            return null;
        }
        double min = 0;
        double max = 0;
        for (List<Double> values : d.series().values()) {
            for (Double v : values) {
                if (v != null) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (max == min) {
            max = min + 1;
        }
        double step = niceStep((max - min) / 4);
        max = Math.ceil(max / step) * step;
        min = Math.floor(min / step) * step;
        BufferedImage img = canvas();
        Graphics2D g = graphics(img);
        legend(g, new ArrayList<>(d.series().keySet()));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        g.setFont(font(11));
        for (double v = min; v <= max + step / 2; v += step) {
            int yy = y(v, min, max, plotH);
            g.setColor(GRID);
            g.drawLine(LEFT, yy, LEFT + plotW, yy);
            g.setColor(TEXT);
            String label = compact(v);
            g.drawString(label, LEFT - 6 - g.getFontMetrics().stringWidth(label), yy + 4);
        }
        int n = d.categories().size();
        double slot = plotW / (double) n;
        int base = y(0, min, max, plotH);
        int si = 0;
        for (List<Double> values : d.series().values()) {
            Color color = PALETTE[si % PALETTE.length];
            if (shape == Shape.BAR) {
                double barW = Math.max(1, slot * 0.8 / d.series().size());
                for (int i = 0; i < n; i++) {
                    Double v = values.get(i);
                    if (v == null) {
                        continue;
                    }
                    int left = (int) Math.round(LEFT + i * slot + slot * 0.1 + si * barW);
                    int top = y(v, min, max, plotH);
                    g.setColor(color);
                    g.fillRect(left, Math.min(top, base), (int) Math.max(1, Math.round(barW) - 1), Math.max(1, Math
                            .abs(base - top)));
                }
            } else {
                List<int[]> points = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (values.get(i) != null) {
                        points.add(new int[]{(int) Math.round(LEFT + i * slot + slot / 2), y(values.get(i), min, max,
                                plotH)});
                    }
                }
                if (shape == Shape.AREA && !points.isEmpty()) {
                    Polygon p = new Polygon();
                    p.addPoint(points.get(0)[0], base);
                    points.forEach(pt -> p.addPoint(pt[0], pt[1]));
                    p.addPoint(points.get(points.size() - 1)[0], base);
                    g.setColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 90));
                    g.fillPolygon(p);
                }
                g.setColor(color);
                g.setStroke(new BasicStroke(2.5f));
                for (int i = 1; i < points.size(); i++) {
                    g.drawLine(points.get(i - 1)[0], points.get(i - 1)[1], points.get(i)[0], points.get(i)[1]);
                }
                for (int[] pt : points) {
                    g.fillOval(pt[0] - 3, pt[1] - 3, 7, 7);
                }
                g.setStroke(new BasicStroke(1f));
            }
            si++;
        }
        g.setColor(AXIS);
        g.drawLine(LEFT, base, LEFT + plotW, base);
        g.drawLine(LEFT, TOP, LEFT, TOP + plotH);
        g.setColor(TEXT);
        g.setFont(font(11));
        FontMetrics fm = g.getFontMetrics();
        int every = Math.max(1, (int) Math.ceil(n / (plotW / 60.0)));
        for (int i = 0; i < n; i += every) {
            String label = fit(d.categories().get(i), fm, (int) (slot * every) - 4);
            int cx = (int) Math.round(LEFT + i * slot + slot / 2);
            g.drawString(label, cx - fm.stringWidth(label) / 2, TOP + plotH + 16);
        }
        g.dispose();
        return img;
    }

    private static BufferedImage pie(Data d) {
        if (d.series().isEmpty()) {
            return null;
        }
        List<Double> values = d.series().values().iterator().next();
        List<String> labels = new ArrayList<>();
        List<Double> slices = new ArrayList<>();
        double other = 0;
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i) == null ? 0 : values.get(i);
            if (v <= 0) {
                continue;
            }
            if (slices.size() < MAX_SLICES) {
                labels.add(d.categories().get(i));
                slices.add(v);
            } else {
                other += v;
            }
        }
        if (other > 0) {
            labels.add("Other");
            slices.add(other);
        }
        double total = slices.stream().mapToDouble(Double::doubleValue).sum();
        if (total <= 0) {
            return null;
        }
        BufferedImage img = canvas();
        Graphics2D g = graphics(img);
        int size = HEIGHT - 40;
        double start = 90;
        for (int i = 0; i < slices.size(); i++) {
            double extent = -360 * slices.get(i) / total;
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fill(new Arc2D.Double(20, 20, size, size, start, extent, Arc2D.PIE));
            start += extent;
        }
        g.setFont(font(12));
        FontMetrics fm = g.getFontMetrics();
        int lx = size + 48;
        for (int i = 0; i < slices.size(); i++) {
            int ly = 36 + i * 24;
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillRect(lx, ly - 10, 12, 12);
            g.setColor(TEXT);
            String text = compact(slices.get(i)) + " (" + Math.round(100 * slices.get(i) / total) + " %)";
            String label = fit(labels.get(i), fm, WIDTH - lx - 24 - fm.stringWidth(text) - 12);
            g.drawString(label, lx + 18, ly);
            g.drawString(text, WIDTH - 12 - fm.stringWidth(text), ly);
        }
        g.dispose();
        return img;
    }

    private static BufferedImage funnel(Chart chart, List<Column> columns, List<List<Object>> rows,
            List<Map<String, Object>> conversion) {
        List<String> stages = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<String> shares = new ArrayList<>();
        if (conversion != null && !conversion.isEmpty()) {
            for (Map<String, Object> c : conversion) {
                stages.add(text(c.get("stage")));
                Double v = value(c.get("reached"));
                values.add(v == null ? 0 : v);
                Double share = value(c.get("ofFirst"));
                shares.add(share == null ? "" : Math.round(share * 100) + " %");
            }
        } else {
            Data d = data(chart, columns, rows);
            if (d.series().isEmpty()) {
                return null;
            }
            List<Double> first = d.series().values().iterator().next();
            for (int i = 0; i < d.categories().size(); i++) {
                stages.add(d.categories().get(i));
                values.add(first.get(i) == null ? 0 : first.get(i));
                shares.add("");
            }
        }
        if (stages.isEmpty()) {
            return null;
        }
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        BufferedImage img = canvas();
        Graphics2D g = graphics(img);
        g.setFont(font(12));
        FontMetrics fm = g.getFontMetrics();
        int labelW = 130;
        int valueW = 110;
        int area = WIDTH - labelW - valueW - 24;
        double rowH = (HEIGHT - 24) / (double) stages.size();
        for (int i = 0; i < stages.size(); i++) {
            int top = (int) Math.round(12 + i * rowH);
            int h = (int) Math.max(2, rowH - 6);
            int w = max <= 0 ? 2 : (int) Math.max(2, Math.round(area * values.get(i) / max));
            int left = labelW + 12 + (area - w) / 2;
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillRect(left, top, w, h);
            g.setColor(TEXT);
            int baseline = top + h / 2 + fm.getAscent() / 2 - 2;
            g.drawString(fit(stages.get(i), fm, labelW), 8, baseline);
            String text = compact(values.get(i)) + (shares.get(i).isEmpty() ? "" : "  " + shares.get(i));
            g.drawString(text, WIDTH - 8 - fm.stringWidth(text), baseline);
        }
        g.dispose();
        return img;
    }

    private static BufferedImage number(Chart chart, List<Column> columns, List<List<Object>> rows) {
        int y = chart.y().isEmpty() ? -1 : index(columns, chart.y().get(0), "measure");
        if (y < 0 || rows.isEmpty()) {
            return null;
        }
        Object v = rows.get(0).get(y);
        String text = v instanceof Number n ? MailFormat.number(n) : v == null ? "–" : v.toString();
        BufferedImage img = new BufferedImage(WIDTH, 160, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img);
        g.setColor(PALETTE[0]);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 56));
        FontMetrics fm = g.getFontMetrics();
        text = fit(text, fm, WIDTH - 20);
        g.drawString(text, (WIDTH - fm.stringWidth(text)) / 2, 90);
        g.setColor(TEXT);
        g.setFont(font(14));
        fm = g.getFontMetrics();
        String label = fit(label(columns.get(y)), fm, WIDTH - 20);
        g.drawString(label, (WIDTH - fm.stringWidth(label)) / 2, 130);
        g.dispose();
        return img;
    }

    private static void legend(Graphics2D g, List<String> names) {
        g.setFont(font(12));
        FontMetrics fm = g.getFontMetrics();
        int x = LEFT;
        for (int i = 0; i < names.size() && x < WIDTH - 40; i++) {
            String name = fit(names.get(i), fm, 160);
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillRect(x, 12, 12, 12);
            g.setColor(TEXT);
            g.drawString(name, x + 16, 22);
            x += 16 + fm.stringWidth(name) + 18;
        }
    }

    private static BufferedImage canvas() {
        return new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        return g;
    }

    private static Font font(int size) {
        return new Font(Font.SANS_SERIF, Font.PLAIN, size);
    }

    private static int y(double v, double min, double max, int plotH) {
        return (int) Math.round(TOP + plotH - (v - min) / (max - min) * plotH);
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (raw <= 0 || Double.isNaN(raw) || Double.isInfinite(raw)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[]{1, 2, 2.5, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** A short axis label: 950, 1.2k, 3.4M. */
    static String compact(double v) {
        double a = Math.abs(v);
        if (a >= 1e9) {
            return trim(v / 1e9) + "G";
        }
        if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e4) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        if (v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(v).setScale(1, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }

    private static String fit(String s, FontMetrics fm, int width) {
        if (fm.stringWidth(s) <= width) {
            return s;
        }
        String t = s;
        while (!t.isEmpty() && fm.stringWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }

    private static int index(List<Column> columns, String key, String type) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).key().equals(key) && columns.get(i).type().equals(type)) {
                return i;
            }
        }
        return -1;
    }

    private static List<Double> nulls(int n) {
        List<Double> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(null);
        }
        return out;
    }

    private static Double value(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }

    private static String text(Object o) {
        return o == null ? "–" : Objects.toString(o);
    }

    private static String label(Column c) {
        return c.label() == null ? c.key() : c.label().text("en");
    }

    private static byte[] encode(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
