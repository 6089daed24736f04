import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for the quote benchmark: N clients, each in a loop, create a trade-crm quote with
 * five lines (link to product, qty, unit price; line amounts and the total are formulas) through the
 * HTTP API, one request at a time. Prints throughput and latency percentiles as key=value lines.
 *
 * <pre>
 * java bench/quote/QuoteLoad.java http://127.0.0.1:18080 admin password 8 10 30
 *                                  base URL             user  password clients warm-up-s measure-s
 * java bench/quote/QuoteLoad.java http://127.0.0.1:18080 admin password --prepare DIR
 *   (only the set-up: writes DIR/quote.json and DIR/token for wrk)
 * </pre>
 */
public class QuoteLoad {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String user = args[1];
        String password = args[2];
        boolean prepareOnly = args.length > 4 && args[3].equals("--prepare");
        int clients = prepareOnly ? 0 : Integer.parseInt(args[3]);
        int warmup = prepareOnly ? 0 : Integer.parseInt(args[4]);
        int measure = prepareOnly ? 0 : Integer.parseInt(args[5]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        String token = match(TOKEN, post(http, base + "/api/auth/token", null,
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}", 200));
        String customer = match(ID, post(http, base + "/api/apps/trade-crm/forms/customer/records", token,
                "{\"company\":\"Bench Trading " + System.nanoTime() + " Ltd\",\"country\":\"DE\"}", 201));
        List<String> products = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            products.add(match(ID, post(http, base + "/api/apps/trade-crm/forms/product/records", token,
                    "{\"sku\":\"BENCH-" + System.nanoTime() % 1_000_000_000L + "-" + i + "\",\"name\":\"Bench product "
                            + i + "\",\"unitPrice\":" + (10 + i) + ".50}",
                    201)));
        }
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            lines.append(i == 0 ? "" : ",").append("{\"product\":\"").append(products.get(i))
                    .append("\",\"qty\":").append(i + 1).append(",\"unitPrice\":").append(12 + i).append(".25}");
        }
        String body = "{\"customer\":\"" + customer + "\",\"currency\":\"USD\",\"incoterm\":\"FOB\",\"lines\":["
                + lines + "]}";
        String url = base + "/api/apps/trade-crm/forms/quote/records";
        post(http, url, token, body, 201); // proves the body is valid before timing anything
        if (args.length > 4 && args[3].equals("--prepare")) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(args[4], "quote.json"), body);
            java.nio.file.Files.writeString(java.nio.file.Path.of(args[4], "token"), token);
            return;
        }

        run(http, url, token, body, clients, warmup, null);
        long[][] latencies = new long[clients][];
        long count = run(http, url, token, body, clients, measure, latencies);
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("requests=%d%n", count);
        System.out.printf("tps=%.1f%n", count / (double) measure);
        System.out.printf("p50_ms=%.2f%n", pct(all, 0.50) / 1e6);
        System.out.printf("p99_ms=%.2f%n", pct(all, 0.99) / 1e6);
        System.out.printf("max_ms=%.2f%n", all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }

    private static long run(HttpClient http, String url, String token, String body, int clients, int seconds,
            long[][] latencies) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong count = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread.ofPlatform().start(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 201) {
                            errors.incrementAndGet();
                            if (errors.get() < 5) {
                                System.err.println("status " + r.statusCode() + ": " + r.body());
                            }
                            continue;
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        continue;
                    }
                    long t = System.nanoTime() - t0;
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = t;
                }
                if (latencies != null) {
                    latencies[client] = Arrays.copyOf(lat, n);
                }
                count.addAndGet(n);
                done.countDown();
            });
        }
        done.await();
        if (errors.get() > 0) {
            System.err.println("errors=" + errors.get());
        }
        return count.get();
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static String post(HttpClient http, String url, String token, String body, int expect) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expect) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static String match(Pattern p, String s) {
        Matcher m = p.matcher(s);
        if (!m.find()) {
            throw new IllegalStateException("no match for " + p + " in " + s);
        }
        return m.group(1);
    }
}
